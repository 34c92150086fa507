// File fields in the interface's language (decision 0019): an <input type="file" class="file-input"> lies, transparent,
// over its own button text; data-file-name names the element that shows the chosen file's name, data-file-none the
// words shown when none is chosen.
(() => {
  'use strict';
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.dataset.fileName) {
      return;
    }

    const name = document.getElementById(input.dataset.fileName);
    if (name) {
      name.textContent = input.files && input.files.length > 0 ? Array.from(input.files, (f) => f.name).join(', ') : input.dataset.fileNone || '';
    }
  });
})();
