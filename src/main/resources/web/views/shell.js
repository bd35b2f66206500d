// The app's frame: drawer, menu, theme, skip link, composer and the on-screen keyboard.

/** Wires the drawer; returns setDrawer(open, moveFocus). */
export function wireDrawer(ui) {
  const phone = matchMedia('(max-width: 899px)');
  const setDrawer = (open, moveFocus = true) => {
    const overlay = phone.matches;
    ui.drawer.classList.toggle('open', open && overlay);
    ui.scrim.hidden = !(open && overlay);
    ui.openDrawer.setAttribute('aria-expanded', String(open && overlay));
    ui.drawer.inert = overlay && !open;
    ui.mainCol.inert = overlay && open;
    if (!overlay || !moveFocus) return;
    if (open) (ui.list.querySelector('[aria-current]') || ui.newChat).focus();
    else ui.openDrawer.focus();
  };
  ui.openDrawer.addEventListener('click', () => setDrawer(true));
  ui.closeDrawer.addEventListener('click', () => setDrawer(false));
  ui.scrim.addEventListener('click', () => setDrawer(false));
  ui.drawer.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && phone.matches) setDrawer(false); });
  phone.addEventListener('change', () => setDrawer(false, false));
  return setDrawer;
}

/** onAction(name): rename, export, references (BibTeX) or delete. */
export function wireMenu(ui, onAction) {
  const openMenu = (open) => {
    ui.menu.hidden = !open;
    ui.menuButton.setAttribute('aria-expanded', String(open));
    if (open) ui.menu.querySelector('button').focus();
  };
  ui.menuButton.addEventListener('click', () => openMenu(ui.menu.hidden));
  ui.menu.addEventListener('keydown', (ev) => {
    const items = [...ui.menu.querySelectorAll('button')];
    const at = items.indexOf(document.activeElement);
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      items[(at + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].focus();
    } else if (ev.key === 'Escape') {
      openMenu(false);
      ui.menuButton.focus();
    } else if (ev.key === 'Tab') {
      openMenu(false);
    }
  });
  document.addEventListener('click', (ev) => {
    if (!ui.menu.hidden && !ev.target.closest('.menu-wrap')) openMenu(false);
  });
  ui.menu.addEventListener('click', (ev) => {
    const item = ev.target.closest('[data-action]');
    if (!item) return;
    openMenu(false);
    onAction(item.dataset.action);
  });
}

/**
 * System, light or dark, chosen outright (a cycle through them seemed to do nothing on a light
 * phone, where system and light look alike); theme.js applies the stored one before first paint.
 */
export function wireTheme(ui, storage) {
  const apply = (theme) => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    for (const input of ui.theme.querySelectorAll('input[name="theme"]')) input.checked = input.value === theme;
  };
  ui.theme.addEventListener('change', (ev) => {
    const theme = ev.target.value;
    if (!['system', 'light', 'dark'].includes(theme)) return;
    storage.setItem('ra.theme', theme);
    apply(theme);
  });
  const saved = storage.getItem('ra.theme');
  apply(saved === 'light' || saved === 'dark' ? saved : 'system');
}

/** The skip link focuses the message box without touching the address (the hash is the route). */
export function wireSkipLink(ui) {
  ui.skip.addEventListener('click', (ev) => {
    ev.preventDefault();
    if (ui.composer.hidden) location.hash = '#/new';
    ui.input.focus();
  });
}

/** Keeps the composer above the on-screen keyboard where the browser does not resize for it. */
export function fitViewport() {
  if (!window.visualViewport) return;
  const fit = () => document.documentElement.style.setProperty('--vvh', window.visualViewport.height + 'px');
  window.visualViewport.addEventListener('resize', fit);
  fit();
}

/**
 * Enter sends, Shift+Enter is a new line. onSubmit(text) returns false to keep the text (an answer
 * is being written). Returns a function that puts a question in the box.
 */
export function wireComposer(ui, { onSubmit, onStop }) {
  const autosize = () => {
    ui.input.style.height = 'auto';
    ui.input.style.height = Math.min(ui.input.scrollHeight + 2, Math.round(window.innerHeight * 0.4)) + 'px';
  };
  ui.composer.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = ui.input.value.trim();
    if (!text || !onSubmit(text)) return;
    ui.input.value = '';
    autosize();
  });
  ui.input.addEventListener('input', autosize);
  ui.input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      ui.composer.requestSubmit();
    }
  });
  ui.stop.addEventListener('click', () => {
    onStop();
    ui.input.focus({ preventScroll: true });
  });
  return (question) => {
    ui.input.value = question;
    autosize();
    ui.input.focus();
  };
}
