// Collections of library documents (loaded when first opened): make and name them, put documents in
// them (a document may be in several), search within one, and scope a conversation to one.
import { json } from '../api.js';
import { el, button } from './dom.js';

const enc = encodeURIComponent;

async function load(deps) {
  const [collections, documents] = await Promise.all([
    deps.request('/api/collections').then((r) => r.json()).then((b) => b.collections),
    deps.request('/api/library/documents').then((r) => r.json()).then((b) => b.documents),
  ]);
  localStorage.setItem('ra.collections', String(collections.length));
  return { collections, documents };
}

export async function mount(container, deps) {
  const title = el('h2', '', 'Collections');
  title.id = 'collections-title';
  title.tabIndex = -1;
  const form = el('form', 'pair-form');
  const name = el('input');
  Object.assign(name, { id: 'collection-name', maxLength: 100, placeholder: 'A topic, a paper, a course' });
  name.setAttribute('aria-label', 'New collection’s name');
  const add = el('button', 'btn primary', 'Create');
  add.type = 'submit';
  form.append(name, add);
  const list = el('div', 'collection-list');
  container.replaceChildren(title, el('p', 'muted', 'Group documents, then search within a group or let a '
    + 'conversation draw only on it (in the conversation’s menu: Library scope).'), form, list);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!name.value.trim()) return;
    try {
      await deps.request('/api/collections', json({ name: name.value.trim() }));
      deps.announce('Collection ' + name.value.trim() + ' created.');
      name.value = '';
    } catch (e) {
      deps.toast('Could not create it: ' + e.message);
    }
    draw(list, deps);
  });
  await draw(list, deps);
}

export function unmount() {}

async function draw(list, deps) {
  let data;
  try {
    data = await load(deps);
  } catch (e) {
    list.replaceChildren(el('p', 'note error', 'Collections could not be loaded: ' + e.message));
    return;
  }
  if (!data.collections.length) {
    list.replaceChildren(el('p', 'muted', 'No collections yet.'));
    return;
  }
  list.replaceChildren(...data.collections.map((c) => card(c, data.documents, list, deps)));
}

function card(collection, documents, list, deps) {
  const box = el('details', 'card collection');
  box.dataset.id = collection.id;
  const summary = el('summary');
  summary.append(el('strong', '', collection.name), el('span', 'muted', ' · ' + collection.documentIds.length
    + (collection.documentIds.length === 1 ? ' document' : ' documents')));
  const docs = el('fieldset', 'collection-docs');
  docs.append(el('legend', 'muted', 'Documents in it'));
  for (const d of documents.filter((x) => x.status !== 'failed')) {
    const label = el('label', 'check');
    const box2 = el('input');
    box2.type = 'checkbox';
    box2.checked = collection.documentIds.includes(d.id);
    box2.dataset.document = d.id;
    box2.addEventListener('change', () => member(collection, d, box2, deps));
    label.append(box2, el('span', '', d.title));
    docs.append(label);
  }
  if (!documents.length) docs.append(el('p', 'muted', 'The library is empty.'));
  const search = el('form', 'pair-form');
  const q = el('input');
  Object.assign(q, { type: 'search', placeholder: 'Search within ' + collection.name });
  q.setAttribute('aria-label', 'Search within ' + collection.name);
  const go = el('button', 'btn', 'Search');
  go.type = 'submit';
  search.append(q, go);
  const hits = el('ol', 'collection-hits');
  search.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!q.value.trim()) return;
    try {
      const results = (await (await deps.request('/api/collections/' + enc(collection.id) + '/search?q='
        + enc(q.value.trim()))).json()).results;
      hits.replaceChildren(...results.map((r) => {
        const li = el('li');
        li.append(el('strong', '', r.title), el('span', 'muted', r.location ? ' · ' + r.location : ''),
          el('p', '', r.text.length > 280 ? r.text.slice(0, 279) + '…' : r.text));
        return li;
      }));
      if (!results.length) hits.append(el('li', 'muted', 'Nothing in this collection matched.'));
    } catch (e) {
      deps.toast('Search failed: ' + e.message);
    }
  });
  const remove = button('Delete collection', 'btn small danger', async () => {
    const ok = await deps.dialog({ title: 'Delete ' + collection.name + '?', ok: 'Delete', danger: true,
      text: 'Its documents stay in the library; conversations scoped to it go back to the whole library.' });
    if (!ok) return;
    try {
      await deps.request('/api/collections/' + enc(collection.id), { method: 'DELETE' });
    } catch (e) {
      deps.toast('Could not delete it: ' + e.message);
    }
    draw(list, deps);
  });
  box.append(summary, docs, search, hits, remove);
  return box;
}

async function member(collection, document, box, deps) {
  const path = '/api/collections/' + enc(collection.id) + '/documents/' + enc(document.id);
  try {
    await deps.request(path, { method: box.checked ? 'PUT' : 'DELETE' });
    deps.announce((box.checked ? 'Added ' : 'Removed ') + document.title);
  } catch (e) {
    box.checked = !box.checked;
    deps.toast('Could not change it: ' + e.message);
  }
}

/** The conversation's scope, shown beside the message box when it is a collection. */
export async function showScope(sessionId, chip, deps) {
  let scope = null;
  try {
    scope = (await (await deps.request('/api/sessions/' + enc(sessionId) + '/scope')).json()).collection;
  } catch (e) { /* shown as the whole library */ }
  chip.hidden = !scope;
  chip.textContent = scope ? 'Within “' + scope.name + '”' : '';
}

/** Asks which collection the conversation draws on (or the whole library), and sets it; resolves once closed. */
export async function pickScope(sessionId, chip, deps) {
  let data;
  try {
    data = await load(deps);
  } catch (e) {
    deps.toast('Collections could not be loaded: ' + e.message);
    return;
  }
  const dialog = el('dialog', 'dialog sheet');
  const form = el('form');
  form.method = 'dialog';
  const set = el('fieldset', 'scope-pick');
  set.append(el('legend', '', 'Answers in this conversation draw on'));
  const options = [{ id: '', name: 'The whole library' }, ...data.collections];
  for (const c of options) {
    const label = el('label', 'check');
    const radio = el('input');
    Object.assign(radio, { type: 'radio', name: 'scope', value: c.id });
    radio.checked = c.id === '' ? chip.hidden : chip.textContent === 'Within “' + c.name + '”';
    label.append(radio, el('span', '', c.name));
    set.append(label);
  }
  if (!data.collections.length) set.append(el('p', 'muted', 'Make a collection first (Collections, in the menu).'));
  const actions = el('div', 'dialog-actions');
  const cancel = el('button', 'btn ghost', 'Cancel');
  cancel.value = 'cancel';
  const ok = el('button', 'btn primary', 'Use it');
  ok.value = 'ok';
  ok.id = 'scope-ok';
  actions.append(cancel, ok);
  form.append(set, actions);
  dialog.append(form);
  document.body.append(dialog);
  let done;
  const closed = new Promise((resolve) => { done = resolve; });
  dialog.addEventListener('close', async () => {
    dialog.remove();
    if (dialog.returnValue !== 'ok') {
      done();
      return;
    }
    const picked = form.querySelector('input[name=scope]:checked');
    try {
      await deps.request('/api/sessions/' + enc(sessionId) + '/scope',
        json({ collectionId: picked && picked.value ? picked.value : null }, 'PUT'));
    } catch (e) {
      deps.toast('Could not set the scope: ' + e.message);
    }
    await showScope(sessionId, chip, deps);
    deps.announce(chip.hidden ? 'Answers draw on the whole library.' : 'Answers draw on ' + chip.textContent + '.');
    done();
  });
  dialog.showModal();
  return closed;
}
