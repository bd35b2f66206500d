// Sharing a conversation (loaded from the conversation menu): make a read-only link to a snapshot
// of it as it is now, copy it, revoke it. The snapshot holds the messages, the cited snippets and
// the citation checks: nothing else of the library, and nothing said after it was made.
import { json } from '../api.js';
import { el, button } from './dom.js';

function sheet(title) {
  const dialog = el('dialog', 'dialog sheet');
  dialog.setAttribute('aria-labelledby', 'sheet-title');
  const h = el('h2', '', title);
  h.id = 'sheet-title';
  const body = el('div', 'sheet-body');
  const close = button('Close', 'btn ghost', () => dialog.close());
  const actions = el('div', 'dialog-actions');
  actions.append(close);
  dialog.append(h, body, actions);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  return { dialog, body };
}

/** Opens the share sheet of conversation {@code sessionId}. */
export async function open(sessionId, deps) {
  const { dialog, body } = sheet('Share this conversation');
  const path = '/api/sessions/' + encodeURIComponent(sessionId) + '/shares';
  const list = el('ul', 'share-list');
  const days = el('select');
  days.id = 'share-days';
  for (const [value, label] of [[1, '1 day'], [7, '7 days'], [30, '30 days'], [90, '90 days']]) {
    const option = el('option', '', label);
    option.value = value;
    if (value === 30) option.selected = true;
    days.append(option);
  }
  const daysLabel = el('label', '', 'Link works for ');
  daysLabel.append(days);
  const make = button('Create a link', 'btn primary', async () => {
    try {
      await deps.request(path, json({ days: Number(days.value) }));
      deps.announce('A read-only link was made.');
    } catch (e) {
      deps.toast('Could not share: ' + e.message);
    }
    refresh();
  });
  make.id = 'share-create';
  body.append(el('p', 'muted', 'Anyone with the link can read this conversation as it is now: the answers, '
    + 'their citations and the cited snippets. Not the rest of your library, nor what you ask later.'),
  daysLabel, make, list);

  async function refresh() {
    let shares;
    try {
      shares = (await (await deps.request(path)).json()).shares;
    } catch (e) {
      list.replaceChildren(el('li', 'muted', e.message));
      return;
    }
    list.replaceChildren(...shares.map((s) => {
      const url = location.origin + s.url;
      const li = el('li', 'share');
      const field = el('input', 'share-url');
      Object.assign(field, { readOnly: true, value: url });
      field.setAttribute('aria-label', 'Shared link');
      const copy = button('Copy', 'btn small', async () => {
        try {
          await navigator.clipboard.writeText(url);
          deps.announce('Link copied.');
        } catch (e) {
          field.select();
        }
      });
      const revoke = button('Revoke', 'btn small danger', async () => {
        try {
          await deps.request(path + '/' + encodeURIComponent(s.id), { method: 'DELETE' });
          deps.announce('Link revoked: it no longer opens.');
        } catch (e) {
          deps.toast('Could not revoke: ' + e.message);
        }
        refresh();
      });
      li.append(field, el('span', 'muted', 'Until ' + new Date(s.expiresAt).toLocaleDateString()), copy, revoke);
      return li;
    }));
    if (!shares.length) list.append(el('li', 'muted', 'No links yet.'));
  }

  dialog.showModal();
  await refresh();
}
