// The page of a shared link (/s/<token>): a read-only snapshot of a conversation, with its cited
// snippets and citation verdicts. No identity: the request carries no cookie of this app's
// choosing and the page sets none; nothing here can change anything.
import { render } from './md.js';
import { el } from './views/dom.js';

const main = document.getElementById('shared');
const token = location.pathname.split('/').pop();

function marks(message) {
  return (message.claims || []).filter((c) => c.verdict === 'weak' || c.verdict === 'unsupported')
    .map((c) => ({ end: c.end, verdict: c.verdict, note: c.note || '' }));
}

function sourceList(message) {
  const list = el('ol', 'shared-sources');
  for (const s of message.sources) {
    const li = el('li');
    li.value = s.n;
    li.id = 'src-' + message.index + '-' + s.n;
    li.append(el('strong', '', s.title), s.location ? el('span', 'muted', ' · ' + s.location) : '');
    li.append(el('blockquote', 'snippet', s.snippet));
    list.append(li);
  }
  const box = el('details', 'shared-cited');
  box.append(el('summary', '', 'Cited sources · ' + message.sources.length), list);
  return box;
}

function article(message) {
  const user = message.role === 'user';
  const node = el('article', 'msg ' + (user ? 'user' : 'assistant'));
  node.setAttribute('aria-label', user ? 'Question' : 'Answer');
  if (user) {
    node.append(el('p', 'bubble', message.content));
    return node;
  }
  const md = el('div', 'md');
  md.append(render(message.content, message.sources.map((s) => s.n), marks(message)).fragment);
  node.append(md);
  if (message.status === 'partial') node.append(el('p', 'note', 'This answer was stopped before the end.'));
  if (message.sources.length) node.append(sourceList(message));
  return node;
}

function show(shared) {
  document.title = shared.title + ' · Shared conversation';
  const head = el('div', 'shared-title');
  head.append(el('h1', '', shared.title), el('p', 'muted',
    'Shared ' + new Date(shared.sharedAt).toLocaleDateString() + ': the conversation as it was then. '
    + 'The link works until ' + new Date(shared.expiresAt).toLocaleDateString() + ' unless revoked.'));
  main.replaceChildren(head, ...shared.messages.map((m, index) => article({ ...m, index })));
  main.addEventListener('click', (ev) => {
    const cite = ev.target.closest('.cite');
    const mark = ev.target.closest('.verdict');
    if (cite) {
      ev.preventDefault();
      const answer = cite.closest('article');
      const box = answer.querySelector('.shared-cited');
      if (box) {
        box.open = true;
        box.querySelector('li[value="' + cite.dataset.n + '"]')?.scrollIntoView({ block: 'center' });
      }
    } else if (mark) {
      const open = mark.getAttribute('aria-expanded') !== 'true';
      mark.setAttribute('aria-expanded', String(open));
      mark.nextElementSibling.hidden = !open;
    }
  });
}

async function load() {
  try {
    const res = await fetch('/api/shares/' + encodeURIComponent(token), { credentials: 'omit', referrerPolicy: 'no-referrer' });
    if (res.status === 404) {
      main.replaceChildren(el('p', 'note', 'This link has expired, or its owner revoked it.'));
      return;
    }
    if (!res.ok) throw new Error('The server answered ' + res.status + '.');
    show(await res.json());
  } catch (e) {
    main.replaceChildren(el('p', 'note error', 'The shared conversation could not be loaded. ' + e.message));
  }
  document.documentElement.dataset.ready = 'true';
}

load();
