// The page around the conversation: title, banner, Send/Stop, announcements, toasts, dialog.
import { el } from './dom.js';

/** The page's fixed elements, by role. */
export function findUi() {
  const $ = (id) => document.getElementById(id);
  return {
    drawer: $('drawer'), scrim: $('scrim'), openDrawer: $('open-drawer'), closeDrawer: $('close-drawer'),
    newChat: $('new-chat'), list: $('conversations'), title: $('title'), main: $('main'),
    mainCol: document.querySelector('.main-col'),
    chat: $('chat-view'), messages: $('messages'), library: $('library-view'), libraryLink: $('library-link'),
    composer: $('composer'), input: $('composer-input'), send: $('send'), stop: $('stop'), net: $('net'),
    announce: $('announce'), toast: $('toast'), menuButton: $('conv-menu-button'), menu: $('conv-menu'),
    theme: $('theme'), topLibrary: $('top-library'), skip: document.querySelector('.skip'), dialog: $('dialog'),
    dialogTitle: $('dialog-title'), dialogText: $('dialog-text'), dialogLabel: $('dialog-label'),
    dialogInput: $('dialog-input'), dialogOk: $('dialog-ok'), extra: $('extra-view'), search: $('conv-search'),
    mic: $('mic'), scopeBar: $('scope-bar'), scopeChip: $('scope-chip'), research: $('research'),
    researchBar: $('research-bar'),
  };
}

export function createPage(ui) {
  let toastTimer = 0;
  const atEnd = () => ui.main.scrollHeight - ui.main.scrollTop - ui.main.clientHeight < 120;
  const page = {
    ui,

    /** Says {@code text} once to screen readers (the live region must change to be read). */
    announce(text) {
      ui.announce.textContent = '';
      setTimeout(() => { ui.announce.textContent = text; }, 50);
    },

    toast(text) {
      ui.toast.textContent = text;
      ui.toast.hidden = false;
      clearTimeout(toastTimer);
      toastTimer = setTimeout(() => { ui.toast.hidden = true; }, 5000);
    },

    setTitle(text) {
      ui.title.textContent = text;
      document.title = text === 'Research Assistant' ? text : text + ' · Research Assistant';
    },

    showNetwork(offline, banner) {
      if (banner && banner.strong) ui.net.replaceChildren(el('strong', '', banner.strong), ' ' + banner.rest);
      else if (banner) ui.net.replaceChildren(banner.rest);
      ui.net.hidden = !banner;
      document.documentElement.classList.toggle('offline', offline);
    },

    setBusy(answering) {
      const was = !ui.stop.hidden;
      ui.send.hidden = answering;
      ui.stop.hidden = !answering;
      // The Stop button vanishes when the answer ends; keep the focus it had in the composer.
      if (was && !answering && (document.activeElement === document.body || document.activeElement === ui.stop)) {
        ui.input.focus({ preventScroll: true });
      }
    },

    /** Whether the reader is at the newest message: then new content should keep it in view. */
    atEnd,

    /** To the newest message, unless the reader scrolled away from the end. */
    scrollToEnd(force) {
      if (force || atEnd()) ui.main.scrollTop = ui.main.scrollHeight;
    },

    focusTitle() {
      if (!matchMedia('(pointer: coarse)').matches || document.activeElement === document.body) {
        ui.title.focus({ preventScroll: true });
      }
    },

    showView(view) {
      ui.chat.hidden = view !== 'chat';
      ui.library.hidden = view !== 'library';
      ui.extra.hidden = view !== 'extra';
      ui.composer.hidden = view !== 'chat';
      if (view !== 'chat') ui.scopeBar.hidden = true;
      for (const link of [ui.libraryLink, ui.topLibrary]) {
        if (view === 'library') link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },

    /** A modal dialog; resolves to the input's value (or true), or null when cancelled. */
    dialog({ title, text = '', value = null, ok = 'OK', danger = false }) {
      ui.dialogTitle.textContent = title;
      ui.dialogText.textContent = text;
      ui.dialogText.hidden = !text;
      const input = ui.dialogInput;
      input.hidden = value === null;
      ui.dialogLabel.hidden = value === null;
      input.value = value || '';
      input.required = value !== null;
      ui.dialogOk.textContent = ok;
      ui.dialogOk.classList.toggle('danger', danger);
      const opener = document.activeElement;
      return new Promise((resolve) => {
        ui.dialog.addEventListener('close', () => {
          if (opener && opener.isConnected) opener.focus();
          else ui.title.focus();
          resolve(ui.dialog.returnValue === 'ok' ? (value === null ? true : input.value.trim()) : null);
        }, { once: true });
        ui.dialog.returnValue = '';
        ui.dialog.showModal();
        if (value !== null) input.select();
      });
    },
  };
  return page;
}
