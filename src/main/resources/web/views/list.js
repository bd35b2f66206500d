// The conversation list in the drawer.
import { el } from './dom.js';

/** A short date: the time for today, else the day. */
export function when(iso, now = new Date()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

/** Shows {@code sessions}, marking {@code currentId} (or none) as the open one. */
export function renderList(list, sessions, currentId) {
  const items = sessions.map((s) => {
    const li = el('li');
    const a = el('a', 'conv');
    a.href = '#/c/' + s.id;
    a.append(el('span', 'conv-title', s.title || 'New conversation'), el('span', 'conv-time', when(s.updatedAt)));
    if (s.id === currentId) a.setAttribute('aria-current', 'page');
    li.append(a);
    return li;
  });
  if (!items.length) items.push(el('li', 'conv-empty', 'No conversations yet.'));
  list.replaceChildren(...items);
}
