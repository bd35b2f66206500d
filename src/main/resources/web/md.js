// A small, safe Markdown renderer for model answers.
//
// Safety comes from construction, not from filtering: every piece of text becomes a DOM text
// node, elements come from a fixed list, and the only attribute taken from the input is a link
// target that parses as an http(s) URL. Nothing is ever assigned to innerHTML (the page's CSP
// enforces Trusted Types, so such an assignment would throw). Raw HTML in the input shows as
// the literal text it is.
//
// Supported: paragraphs, headings, emphasis, strong, strikethrough, code spans, fenced code,
// lists (nested, ordered and not), block quotes, rules, simple tables, http(s) links and bare
// URLs, and citation markers [n] / [1, 2] that point at the answer's numbered sources.

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w#+.-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;
const CITATION = /^\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/;
const BARE_URL = /^https?:\/\/[^\s<>"]*[^\s<>".,:;!?'")\]]/;
const PUNCT = /[!-/:-@[-`{-~]/;

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
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
  a.href = href;
  a.rel = 'noopener noreferrer nofollow';
  a.target = '_blank';
  if (ctx.links) ctx.links.push(a);
  return a;
}

function citation(numbers, ctx) {
  const span = el('span', 'cites');
  for (const n of numbers) {
    const a = el('a', 'cite');
    a.href = '#';
    a.dataset.n = String(n);
    a.textContent = String(n);
    a.setAttribute('aria-label', 'Source ' + n);
    span.append(a);
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
    if (buf) parent.append(buf);
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i);
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
        code.textContent = text.slice(i + run.length, end).replace(/^ (.+) $/, '$1');
        parent.append(code);
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
        parent.append(citation(numbers, ctx));
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
            parent.append(a);
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
        a.textContent = auto[1];
        parent.append(a);
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
        a.textContent = bare[0];
        parent.append(a);
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
          parent.append(node);
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
        parent.append(el('br'));
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
      if (fence[2]) code.dataset.lang = fence[2];
      code.textContent = body.join('\n');
      pre.append(code);
      parent.append(pre);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      // Inside an answer, headings start at h3: the page and the conversation own h1 and h2.
      const h = el('h' + Math.min(6, Math.max(3, heading[1].length + 1)));
      inline(heading[2], h, ctx);
      parent.append(h);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      parent.append(el('hr'));
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner = [];
      while (i < lines.length && lines[i].trim() && QUOTE.test(lines[i])) inner.push(lines[i++].replace(QUOTE, ''));
      const quote = el('blockquote');
      if (depth < 8) blocks(inner, quote, ctx, depth + 1);
      else quote.textContent = inner.join('\n');
      parent.append(quote);
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
    parent.append(p);
  }
}

function list(lines, start, parent, ctx, depth) {
  const first = ITEM.exec(lines[start]);
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const node = el(ordered ? 'ol' : 'ul');
  if (ordered && parseInt(first[2], 10) !== 1) node.start = parseInt(first[2], 10);
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
      if (!content.includes('') && li.firstChild && li.firstChild.tagName === 'P') li.firstChild.replaceWith(...li.firstChild.childNodes);
    } else {
      inline(content.join('\n'), li, ctx);
    }
    node.append(li);
    if (i < lines.length && !lines[i].trim()) {
      const next = lines[i + 1];
      const again = next !== undefined && ITEM.exec(next);
      if (again && again[1].length === indent) {
        loose = true;
        i++;
      }
    }
  }
  if (loose) node.classList.add('loose');
  parent.append(node);
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
    hr.append(th);
  });
  thead.append(hr);
  t.append(thead);
  const tbody = el('tbody');
  let i = start + 2;
  while (i < lines.length && lines[i].trim() && lines[i].includes('|')) {
    const tr = el('tr');
    const cells = splitRow(lines[i]);
    head.forEach((_, k) => {
      const td = el('td');
      if (aligns[k]) td.className = 'align-' + aligns[k];
      inline(cells[k] || '', td, ctx);
      tr.append(td);
    });
    tbody.append(tr);
    i++;
  }
  t.append(tbody);
  wrap.append(t);
  parent.append(wrap);
  return i;
}

/**
 * Renders Markdown into a new DocumentFragment. Returns the fragment and the citation numbers
 * it uses. With {@code sources} (the numbers of the answer's sources), only markers naming one
 * of them become citation links; others stay text.
 */
export function render(markdown, sources) {
  const ctx = { cited: new Set(), links: [], sources: sources ? new Set(sources) : null };
  const fragment = document.createDocumentFragment();
  const text = String(markdown).replace(/\r\n?/g, '\n').replace(/\t/g, '    ').replace(/\u0000/g, '\uFFFD');
  blocks(text.split('\n'), fragment, ctx, 0);
  return { fragment, cited: ctx.cited };
}

/** The answer as plain text (for the screen-reader announcement and copying). */
export function plain(markdown) {
  const holder = document.createElement('div');
  holder.append(render(markdown).fragment);
  return holder.textContent.replace(/\s+/g, ' ').trim();
}
