// Finding an old conversation by its words (loaded when the search field is first used): results
// replace the conversation list while the field has text, each with where the words matched.
import { el } from './dom.js';

const WAIT_MS = 250;

function snippet(text, highlights) {
  const p = el('span', 'conv-snippet');
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end > text.length) continue;
    p.append(text.slice(at, start), el('mark', '', text.slice(start, end)));
    at = end;
  }
  p.append(text.slice(at));
  return p;
}

/** Wires {@code input} to show results in {@code list}; {@code restore()} puts the list back. */
export function wire(input, list, { request, restore }) {
  let timer = 0;
  let asked = 0;
  async function find() {
    const q = input.value.trim();
    const mine = ++asked;
    if (!q) {
      restore();
      return;
    }
    let results;
    try {
      results = (await (await request('/api/sessions/search?q=' + encodeURIComponent(q))).json()).results;
    } catch (e) {
      if (mine === asked) list.replaceChildren(el('li', 'conv-empty', e.message));
      return;
    }
    if (mine !== asked) return;
    const items = results.map((r) => {
      const li = el('li');
      const a = el('a', 'conv found');
      a.href = '#/c/' + r.session.id;
      a.append(el('span', 'conv-title', r.session.title || 'New conversation'), snippet(r.snippet, r.highlights));
      li.append(a);
      return li;
    });
    if (!items.length) items.push(el('li', 'conv-empty', 'No conversation has these words.'));
    list.replaceChildren(...items);
  }
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(find, WAIT_MS);
  });
  find();
  return { active: () => input.value.trim() !== '' };
}
