// A small, safe Markdown renderer for model answers.
//
// Safety comes from construction, not from filtering: parse() builds a plain tree whose tags and
// attribute names come from a fixed list; the only value taken from the input is a link target
// that parses as an http(s) URL; text stays text, which render() hands to the DOM as text nodes
// (never innerHTML: the CSP enforces Trusted Types). Raw HTML shows as the literal text it is.
// parse() and plain() touch no DOM (tested under Node).
//
// Supported: paragraphs, headings, emphasis, strong, strikethrough, code spans, fenced code,
// lists (nested, ordered and not), block quotes, rules, simple tables, http(s) links and bare
// URLs, and citation markers [n] / [1, 2] that point at the answer's numbered sources. Verdict
// marks (the citation check's weak and unsupported sentences) go where their sentence ends.

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w#+.-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;
const CITATION = /^\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/;
const BARE_URL = /^https?:\/\/[^\s<>"]*[^\s<>".,:;!?'")\]]/;
const PUNCT = /[!-/:-@[-`{-~]/;
// A verdict mark stands in the text as one private-use character (U+E000 + its index) until
// inline() turns it into its button; the input's own such characters are replaced first.
const MARK_BASE = 0xE000;
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

/** A tree node: {tag, className, attrs, children}; children are nodes or strings (text). */
function el(tag, className) {
  return { tag, className: className || '', attrs: {}, children: [] };
}

function append(parent, ...nodes) {
  parent.children.push(...nodes);
}

/** The URL if it is an absolute http(s) URL, else null. */
export function safeUrl(raw) {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

function link(href, ctx) {
  const a = el('a');
  a.attrs.href = href;
  a.attrs.rel = 'noopener noreferrer nofollow';
  a.attrs.target = '_blank';
  return a;
}

/**
 * A weak or unsupported sentence's mark: a button that shows the reason (its note, text only)
 * right after it when tapped.
 */
function verdictMark(mark) {
  const wrap = el('span', 'verdict-wrap');
  const b = el('button', 'verdict ' + mark.verdict);
  b.attrs.type = 'button';
  b.attrs['aria-expanded'] = 'false';
  b.attrs['aria-label'] = (mark.verdict === 'weak' ? 'Weakly supported' : 'Not supported by its source') +
    ': show why';
  append(b, mark.verdict === 'weak' ? '?' : '!');
  const why = el('span', 'verdict-note');
  why.attrs.hidden = '';
  append(why, el('strong'), mark.note);
  append(why.children[0], mark.verdict === 'weak' ? 'Weak support. ' : 'Not supported. ');
  append(wrap, b, why);
  return wrap;
}

function citation(numbers, ctx) {
  const span = el('span', 'cites');
  for (const n of numbers) {
    const a = el('a', 'cite');
    a.attrs.href = '#';
    a.attrs['data-n'] = String(n);
    a.attrs['aria-label'] = 'Source ' + n;
    append(a, String(n));
    append(span, a);
  }
  if (ctx.cited) numbers.forEach((n) => ctx.cited.add(n));
  return span;
}

/**
 * Finds the closing delimiter that is not preceded by whitespace (for a single * or _, one that
 * is not half of a double); -1 when there is none.
 */
function closing(text, delim, from) {
  const c = delim[0];
  let at = text.indexOf(delim, from);
  while (at !== -1) {
    const half = delim.length === 1 && (text[at + 1] === c || text[at - 1] === c);
    if (at > from && !half && !/\s/.test(text[at - 1])) return at;
    at = text.indexOf(delim, at + (half ? 2 : 1));
  }
  return -1;
}

/** Appends the inline Markdown of {@code text} to {@code parent}. */
function inline(text, parent, ctx) {
  let buf = '';
  const flush = () => {
    if (buf) append(parent, buf);
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i);
    const code = text.charCodeAt(i);
    if (ctx.marks && code >= MARK_BASE && code <= 0xF8FF) {
      const mark = ctx.marks[code - MARK_BASE];
      if (mark) {
        flush();
        append(parent, verdictMark(mark));
      }
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < text.length && PUNCT.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(rest)[0];
      const end = text.indexOf(run, i + run.length);
      if (end !== -1) {
        flush();
        const code = el('code');
        append(code, text.slice(i + run.length, end).replace(/^ (.+) $/, '$1').replace(PRIVATE_USE, ''));
        append(parent, code);
        i = end + run.length;
        continue;
      }
      buf += run;
      i += run.length;
      continue;
    }
    if (c === '[') {
      const cite = CITATION.exec(rest);
      const numbers = cite ? cite[1].split(',').map((n) => Number(n.trim())) : [];
      if (cite && rest[cite[0].length] !== '(' && numbers.every((n) => !ctx.sources || ctx.sources.has(n))) {
        flush();
        append(parent, citation(numbers, ctx));
        i += cite[0].length;
        continue;
      }
      const close = matchingBracket(text, i);
      if (close !== -1 && text[close + 1] === '(') {
        const end = text.indexOf(')', close + 2);
        if (end !== -1) {
          const target = text.slice(close + 2, end).trim().split(/\s+/)[0] || '';
          const href = safeUrl(target.replace(/^<|>$/g, ''));
          if (href) {
            flush();
            const a = link(href, ctx);
            inline(text.slice(i + 1, close), a, ctx);
            append(parent, a);
            i = end + 1;
            continue;
          }
          // not a link we allow: show the source text as it is
          buf += text.slice(i, end + 1);
          i = end + 1;
          continue;
        }
      }
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/.exec(rest);
      const href = auto && safeUrl(auto[1]);
      if (href) {
        flush();
        const a = link(href, ctx);
        append(a, auto[1]);
        append(parent, a);
        i += auto[0].length;
        continue;
      }
    }
    if ((c === 'h' || c === 'H') && (i === 0 || !/[\w/]/.test(text[i - 1]))) {
      const bare = BARE_URL.exec(rest);
      const href = bare && safeUrl(bare[0]);
      if (href) {
        flush();
        const a = link(href, ctx);
        append(a, bare[0]);
        append(parent, a);
        i += bare[0].length;
        continue;
      }
    }
    if (c === '*' || c === '_' || c === '~') {
      const double = text[i + 1] === c;
      const delim = double ? c + c : c;
      const intraword = c === '_' && i > 0 && /\w/.test(text[i - 1]);
      const opens = !intraword && i + delim.length < text.length && !/\s/.test(text[i + delim.length]);
      if (opens && (c !== '~' || double)) {
        const end = closing(text, delim, i + delim.length);
        const after = end === -1 ? '' : text[end + delim.length] || '';
        if (end !== -1 && !(c === '_' && /\w/.test(after))) {
          flush();
          const tag = c === '~' ? 'del' : double ? 'strong' : 'em';
          const node = el(tag);
          inline(text.slice(i + delim.length, end), node, ctx);
          append(parent, node);
          i = end + delim.length;
          continue;
        }
      }
      buf += delim;
      i += delim.length;
      continue;
    }
    if (c === '\n') {
      if (/ {2,}$/.test(buf) || buf.endsWith('\\')) {
        buf = buf.replace(/(?: {2,}|\\)$/, '');
        flush();
        append(parent, el('br'));
      } else {
        buf += ' ';
      }
      i++;
      continue;
    }
    buf += c;
    i++;
  }
  flush();
}

function matchingBracket(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

function splitRow(line) {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

function startsBlock(line, next) {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line) ||
    (line.includes('|') && next !== undefined && TABLE_RULE.test(next) && next.includes('-'));
}

/** Appends the block Markdown of {@code lines} to {@code parent}. */
function blocks(lines, parent, ctx, depth) {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++; // the closing fence, or the end while the answer is still streaming
      const pre = el('pre');
      const code = el('code');
      if (fence[2]) code.attrs['data-lang'] = fence[2];
      append(code, body.join('\n').replace(PRIVATE_USE, ''));
      append(pre, code);
      append(parent, pre);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      // Inside an answer, headings start at h3: the page and the conversation own h1 and h2.
      const h = el('h' + Math.min(6, Math.max(3, heading[1].length + 1)));
      inline(heading[2], h, ctx);
      append(parent, h);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      append(parent, el('hr'));
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner = [];
      while (i < lines.length && lines[i].trim() && QUOTE.test(lines[i])) inner.push(lines[i++].replace(QUOTE, ''));
      const quote = el('blockquote');
      if (depth < 8) blocks(inner, quote, ctx, depth + 1);
      else append(quote, inner.join('\n'));
      append(parent, quote);
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      i = list(lines, i, parent, ctx, depth);
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      i = table(lines, i, parent, ctx);
      continue;
    }
    const para = [line];
    i++;
    while (i < lines.length && lines[i].trim() && !startsBlock(lines[i], lines[i + 1])) para.push(lines[i++]);
    const p = el('p');
    inline(para.map((l) => l.replace(/^\s+/, '')).join('\n'), p, ctx);
    append(parent, p);
  }
}

function list(lines, start, parent, ctx, depth) {
  const first = ITEM.exec(lines[start]);
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const node = el(ordered ? 'ol' : 'ul');
  if (ordered && parseInt(first[2], 10) !== 1) node.attrs.start = String(parseInt(first[2], 10));
  let i = start;
  let loose = false;
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]);
    if (!m || m[1].length !== indent || /\d/.test(m[2]) !== ordered) break;
    const content = [m[3]];
    const contentIndent = m[1].length + m[2].length + 1;
    i++;
    while (i < lines.length) {
      const l = lines[i];
      if (!l.trim()) {
        const next = lines[i + 1];
        if (next !== undefined && next.trim() && leading(next) > indent) {
          content.push('');
          loose = true;
          i++;
          continue;
        }
        break;
      }
      const sub = ITEM.exec(l);
      if (sub && sub[1].length <= indent) break;
      if (!sub && leading(l) <= indent && startsBlock(l, lines[i + 1])) break;
      content.push(l.slice(Math.min(leading(l), contentIndent)));
      i++;
    }
    const li = el('li');
    if (depth < 8 && content.length > 1) {
      blocks(content, li, ctx, depth + 1);
      const only = li.children[0];
      if (!content.includes('') && only && only.tag === 'p') li.children.splice(0, 1, ...only.children);
    } else {
      inline(content.join('\n'), li, ctx);
    }
    append(node, li);
    if (i < lines.length && !lines[i].trim()) {
      const next = lines[i + 1];
      const again = next !== undefined && ITEM.exec(next);
      if (again && again[1].length === indent) {
        loose = true;
        i++;
      }
    }
  }
  if (loose) node.className = 'loose';
  append(parent, node);
  return i;
}

function leading(line) {
  return /^ */.exec(line)[0].length;
}

function table(lines, start, parent, ctx) {
  const head = splitRow(lines[start]);
  const aligns = splitRow(lines[start + 1]).map((c) =>
    c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : '');
  const wrap = el('div', 'table-wrap');
  const t = el('table');
  const thead = el('thead');
  const hr = el('tr');
  head.forEach((cell, k) => {
    const th = el('th');
    if (aligns[k]) th.className = 'align-' + aligns[k];
    inline(cell, th, ctx);
    append(hr, th);
  });
  append(thead, hr);
  append(t, thead);
  const tbody = el('tbody');
  let i = start + 2;
  while (i < lines.length && lines[i].trim() && lines[i].includes('|')) {
    const tr = el('tr');
    const cells = splitRow(lines[i]);
    head.forEach((_, k) => {
      const td = el('td');
      if (aligns[k]) td.className = 'align-' + aligns[k];
      inline(cells[k] || '', td, ctx);
      append(tr, td);
    });
    append(tbody, tr);
    i++;
  }
  append(t, tbody);
  append(wrap, t);
  append(parent, wrap);
  return i;
}

/** {@code markdown} with each mark's character inserted at its {@code end} (an offset into it). */
function withMarks(markdown, marks) {
  let text = markdown.replace(PRIVATE_USE, '\uFFFD');
  const order = marks.map((m, k) => [m.end, k]).filter(([end]) => end >= 0 && end <= text.length)
    .sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  for (const [end, k] of order) text = text.slice(0, end) + String.fromCharCode(MARK_BASE + k) + text.slice(end);
  return text;
}

/**
 * Parses Markdown into a tree: a root node whose children are block nodes. With {@code sources}
 * (the numbers of the answer's sources), only markers naming one of them become citations;
 * others stay text. {@code marks} ({end, verdict: 'weak'|'unsupported', note}, at most 6,400)
 * put a verdict mark where each sentence ends. Returns the tree and the citation numbers it uses.
 */
export function parse(markdown, sources, marks) {
  const ctx = { cited: new Set(), sources: sources ? new Set(sources) : null, marks: marks || null };
  const root = el('');
  const source = marks && marks.length ? withMarks(String(markdown), marks.slice(0, 6400)) : String(markdown);
  const text = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').replace(/\u0000/g, '\uFFFD');
  blocks(text.split('\n'), root, ctx, 0);
  return { tree: root, cited: ctx.cited };
}

function toDom(node) {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = document.createElement(node.tag);
  if (node.className) element.className = node.className;
  for (const [name, value] of Object.entries(node.attrs)) element.setAttribute(name, value);
  for (const child of node.children) element.append(toDom(child));
  return element;
}

/**
 * Renders Markdown into a new DocumentFragment (see {@link parse}). Returns the fragment and the
 * citation numbers it uses.
 */
export function render(markdown, sources, marks) {
  const { tree, cited } = parse(markdown, sources, marks);
  const fragment = document.createDocumentFragment();
  for (const child of tree.children) fragment.append(toDom(child));
  return { fragment, cited };
}

/** Elements whose text is followed by a space in plain(): "a.\n\nb." reads "a. b.", not "a.b.". */
const SPACED = new Set(['p', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'blockquote', 'th', 'td', 'br']);

function textOf(node, out) {
  if (typeof node === 'string') {
    out.push(node);
    return;
  }
  for (const child of node.children) textOf(child, out);
  if (SPACED.has(node.tag)) out.push(' ');
}

/** The answer as plain text, blocks separated by a space (for the screen-reader announcement). */
export function plain(markdown) {
  const out = [];
  textOf(parse(markdown).tree, out);
  return out.join('').replace(/\s+/g, ' ').trim();
}
