// Code look-ups for the forms' code fields (decision 0019): an input with data-lookup="<list>" is an ARIA combobox whose
// suggestions come from GET /api/lookup/<list>. The page renders the combobox, its listbox and its status line; this
// script only fills them. Without it the field is a plain text box. Events are delegated from the document, so the
// fields of pages reached by Blazor's enhanced navigation work too.
(() => {
  'use strict';
  const delay = 150;
  let timer = 0;
  let sequence = 0;

  const parts = input => ({
    list: document.getElementById(input.getAttribute('aria-controls')),
    status: document.getElementById(input.dataset.lookupStatus),
    words: JSON.parse(input.dataset.lookupWords || '{}'),
  });

  const options = list => Array.from(list.querySelectorAll('[role="option"]'));

  function close(input) {
    const { list } = parts(input);
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function activate(input, index) {
    const { list } = parts(input);
    const all = options(list);
    if (all.length === 0) {
      return;
    }

    const next = (index + all.length) % all.length;
    all.forEach((o, i) => o.setAttribute('aria-selected', i === next ? 'true' : 'false'));
    input.setAttribute('aria-activedescendant', all[next].id);
    all[next].scrollIntoView({ block: 'nearest' });
  }

  function choose(input, option) {
    input.value = option.dataset.code;
    close(input);
    const { status, words } = parts(input);
    // "Chosen: {0}", with the name in its own language (the HS nomenclature is English only).
    const [before, after] = (words.chosen || '{0}').split('{0}');
    const name = document.createElement('span');
    name.textContent = option.dataset.name;
    const named = option.querySelector('[lang]');
    if (named) {
      name.lang = named.lang;
    }
    status.replaceChildren(before + option.dataset.code + ' ', name, after || '');
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.focus();
  }

  function tag(text, className) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  }

  function render(input, view) {
    const { list, status, words } = parts(input);
    const lang = document.documentElement.lang;
    list.replaceChildren(...view.items.map((item, i) => {
      const li = document.createElement('li');
      li.id = list.id + '-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.code = item.code;
      li.dataset.name = item.name;
      const name = tag(item.name, 'lookup-name');
      if (item.language !== lang) {
        name.lang = item.language;
      }

      li.append(tag(item.code, 'lookup-code'), name);
      const detail = item.detail && (words[item.detail] || item.detail);
      if (detail) {
        li.append(tag(detail, 'lookup-tag'));
      }

      if (item.illustrative) {
        li.append(tag(words.illustrative || 'illustrative', 'lookup-tag lookup-illustrative'));
      }

      li.addEventListener('mousedown', e => {
        e.preventDefault();
        choose(input, li);
      });
      return li;
    }));

    const shown = view.items.length;
    status.textContent = shown === 0
      ? (words.none || '').replace('{0}', view.query)
      : (words.count || '{0}').replace('{0}', view.total).replace('{1}', shown);
    list.hidden = shown === 0;
    input.setAttribute('aria-expanded', shown === 0 ? 'false' : 'true');
    input.removeAttribute('aria-activedescendant');
  }

  async function search(input) {
    const query = input.value.trim();
    const mine = ++sequence;
    if (query.length === 0) {
      close(input);
      parts(input).status.textContent = '';
      return;
    }

    const parameters = new URLSearchParams({ q: query, limit: '10' });
    if (input.dataset.lookupProduct) {
      parameters.set('hs', (document.getElementById(input.dataset.lookupProduct)?.value || '').trim());
    }

    try {
      const response = await fetch('/api/lookup/' + encodeURIComponent(input.dataset.lookup) + '?' + parameters, {
        headers: { 'Accept': 'application/json', 'Accept-Language': document.documentElement.lang },
        credentials: 'same-origin',
      });
      // A later keystroke started another search, or the user has left the field: this answer is stale.
      if (mine !== sequence || document.activeElement !== input) {
        return;
      }

      if (!response.ok) {
        close(input);
        parts(input).status.textContent = parts(input).words.failed || '';
        return;
      }

      render(input, await response.json());
    } catch {
      if (mine === sequence) {
        close(input);
        parts(input).status.textContent = parts(input).words.failed || '';
      }
    }
  }

  const lookupOf = target => (target instanceof Element ? target.closest('input[data-lookup]') : null);

  document.addEventListener('input', e => {
    const input = lookupOf(e.target);
    if (input) {
      clearTimeout(timer);
      timer = setTimeout(() => search(input), delay);
    }
  });

  document.addEventListener('keydown', e => {
    const input = lookupOf(e.target);
    if (!input) {
      return;
    }

    const { list } = parts(input);
    const open = !list.hidden;
    const all = options(list);
    const current = all.findIndex(o => o.id === input.getAttribute('aria-activedescendant'));
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        search(input);
        return;
      }

      activate(input, e.key === 'ArrowDown' ? current + 1 : (current < 0 ? all.length - 1 : current - 1));
    } else if (e.key === 'Enter' && open && current >= 0) {
      e.preventDefault();
      choose(input, all[current]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close(input);
    }
  });

  document.addEventListener('focusout', e => {
    const input = lookupOf(e.target);
    if (input) {
      clearTimeout(timer);
      sequence++;
      close(input);
    }
  });
})();
