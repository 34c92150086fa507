// Lists that update themselves (decision 0019): a section with data-live-refresh="<seconds>" and data-live-key is
// fetched again with the page's own address every so many seconds while the page is visible; when the key of the
// fresh copy differs, the section's content is replaced in place (no reload, the rest of the page and what was typed
// are untouched) and the status line after it (id "<section id>-news") says so.
(() => {
  'use strict';
  const timers = new WeakMap();

  async function refresh(section) {
    if (!document.body.contains(section)) {
      clearInterval(timers.get(section));
      return;
    }

    if (document.hidden) {
      return;
    }

    try {
      const response = await fetch(location.href, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) {
        return;
      }

      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(section.id);
      if (fresh && fresh.dataset.liveKey !== section.dataset.liveKey) {
        section.dataset.liveKey = fresh.dataset.liveKey;
        section.innerHTML = fresh.innerHTML;
        const news = document.getElementById(section.id + '-news');
        if (news) {
          news.textContent = section.dataset.liveNews || '';
        }
      }
    } catch {
      // The next round tries again.
    }
  }

  function start() {
    document.querySelectorAll('[data-live-refresh][id]').forEach(section => {
      if (!timers.has(section)) {
        const seconds = Math.max(2, Number(section.dataset.liveRefresh) || 5);
        timers.set(section, setInterval(() => refresh(section), seconds * 1000));
      }
    });
  }

  start();
  // Blazor's enhanced navigation replaces the page's content without a load event: watch for new sections.
  new MutationObserver(start).observe(document.documentElement, { childList: true, subtree: true });
})();
