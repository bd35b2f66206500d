// The Markdown renderer's parser: the tree it builds decides what can ever reach the page, so
// every supported construct and every refusal is pinned here, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, plain, safeUrl } from '../../main/resources/web/md.js';

/** A tree as compact text: tag[href](children), text as it is. */
function shape(node) {
  if (typeof node === 'string') return node;
  const href = node.tag === 'a' ? '[' + node.attrs.href + ']' : '';
  return node.tag + href + '(' + node.children.map(shape).join('') + ')';
}

function md(text, sources = [1, 2, 3]) {
  return parse(text, sources).tree.children.map(shape).join('');
}

/** Every element and attribute name in a tree. */
function names(node, out = new Set()) {
  if (typeof node === 'string') return out;
  if (node.tag) out.add(node.tag);
  Object.keys(node.attrs).forEach((a) => out.add('@' + a));
  node.children.forEach((c) => names(c, out));
  return out;
}

test('builds headings from h3 down, emphasis, code spans and strikethrough', () => {
  assert.equal(md('# Title\n\nSome **bold**, *em*, `code` and ~~gone~~.'),
    'h3(Title)p(Some strong(bold), em(em), code(code) and del(gone).)');
  assert.equal(md('###### deep'), 'h6(deep)');
});

test('builds nested, ordered and loose lists', () => {
  assert.equal(md('- a\n  - b\n- c'), 'ul(li(aul(li(b)))li(c))');
  assert.equal(md('1. one\n2. two'), 'ol(li(one)li(two))');
  const ordered = parse('3. three\n4. four').tree.children[0];
  assert.equal(ordered.attrs.start, '3');
  assert.equal(parse('- a\n\n- b').tree.children[0].className, 'loose');
});

test('keeps fenced code as text, also while the closing fence has not streamed in yet', () => {
  assert.equal(md('```html\n<script>alert(1)</script>\n```'), 'pre(code(<script>alert(1)</script>))');
  assert.equal(parse('```js\nlet a = 1;').tree.children[0].children[0].attrs['data-lang'], 'js');
  assert.equal(md('```\nstill streaming'), 'pre(code(still streaming))');
});

test('links only http(s) targets and shows every other link as the text it was', () => {
  assert.equal(md('[ok](https://a.example/x) [bad](javascript:alert(1)) <https://b.example>'),
    'p(a[https://a.example/x](ok) [bad](javascript:alert(1)) a[https://b.example/](https://b.example))');
  assert.equal(md('see https://c.example/page.'), 'p(see a[https://c.example/page](https://c.example/page).)');
  assert.equal(md('[d](data:text/html,<b>x</b>)'), 'p([d](data:text/html,<b>x</b>))');
  const link = parse('[ok](https://a.example)').tree.children[0].children[0];
  assert.deepEqual(link.attrs, { href: 'https://a.example/', rel: 'noopener noreferrer nofollow', target: '_blank' });
});

test('turns [n] into citations only for the answer sources', () => {
  assert.equal(md('claim [1] and [2, 3] but not [9]'), 'p(claim span(a[#](1)) and span(a[#](2)a[#](3)) but not [9])');
  const { tree, cited } = parse('a [2] b [3]', [2, 3]);
  assert.deepEqual([...cited], [2, 3]);
  assert.equal(tree.children[0].children[1].children[0].attrs['data-n'], '2');
  assert.equal(tree.children[0].children[1].children[0].attrs['aria-label'], 'Source 2');
  assert.equal(md('[1]', []), 'p([1])');
  assert.equal(md('[1]', undefined), 'p(span(a[#](1)))');
});

test('respects escapes, intraword underscores and unclosed emphasis', () => {
  assert.equal(md('snake_case_name and \\*not em\\* and **open'), 'p(snake_case_name and *not em* and **open)');
});

test('builds quotes, tables with alignment, hard breaks and rules', () => {
  assert.equal(md('> quoted <b>x</b>'), 'blockquote(p(quoted <b>x</b>))');
  assert.equal(md('| a | b |\n|---|--:|\n| 1 | 2 |'), 'div(table(thead(tr(th(a)th(b)))tbody(tr(td(1)td(2)))))');
  assert.equal(parse('| a | b |\n|:-:|--:|\n| 1 | 2 |').tree.children[0].children[0].children[0].children[0]
    .children[1].className, 'align-right');
  assert.equal(md('line one  \nline two\n\n---'), 'p(line onebr()line two)hr()');
});

test('raw HTML stays text: no element or attribute comes from the input', () => {
  const hostile = '<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n<iframe src="javascript:x"></iframe>'
    + ' **<b onmouseover="y">bold</b>** [x](javascript:z) [y](  https://ok.example  "title")';
  const used = names(parse(hostile).tree);
  const allowed = new Set(['p', 'strong', 'a', '@href', '@rel', '@target']);
  assert.deepEqual([...used].filter((n) => !allowed.has(n)), []);
  assert.match(plain(hostile), /<img src=x onerror="alert\(1\)">/);
});

test('a deep nesting of quotes stops nesting but keeps the text', () => {
  const deep = '>'.repeat(40) + ' bottom';
  assert.match(plain(deep), /bottom/);
});

test('plain text separates blocks with a space and drops the markup', () => {
  assert.equal(plain('# Hi\n\nA **b** [1].\n\n- x\n- y'), 'Hi A b 1. x y');
  assert.equal(plain('a\r\nb\tc\u0000'), 'a b c\uFFFD');
});

test('safeUrl accepts only absolute http(s) URLs', () => {
  assert.equal(safeUrl(' https://a.example/x '), 'https://a.example/x');
  assert.equal(safeUrl('javascript:alert(1)'), null);
  assert.equal(safeUrl('/relative'), null);
  assert.equal(safeUrl('ftp://a.example'), null);
});

test('verdict marks stand where their sentence ends, each a button and a hidden reason as text', () => {
  const text = 'Sleep cycles every 60 minutes [1]. REM sleep is longer later [1].\n\n- Naps help [2].';
  const marks = [{ end: text.indexOf('.') + 1, verdict: 'unsupported', note: '[1] does not give 60 minutes.' },
    { end: text.length, verdict: 'weak', note: '<b>not markup</b>' }];
  assert.equal(shapeWith(text, marks).replace(/span\(a\[#\]\(\d\)\)/g, 'cite'),
    'p(Sleep cycles every 60 minutes cite.span(button(!)span(strong(Not supported. )[1] does not give 60 minutes.)) '
    + 'REM sleep is longer later cite.)ul(li(Naps help cite.span(button(?)span(strong(Weak support. )<b>not markup</b>))))');
  const tree = parse(text, [1, 2], marks).tree;
  const button = tree.children[0].children.find((c) => c.className === 'verdict-wrap').children[0];
  assert.equal(button.tag, 'button');
  assert.equal(button.className, 'verdict unsupported');
  assert.equal(button.attrs['aria-expanded'], 'false');
  assert.match(button.attrs['aria-label'], /Not supported/);
  const reason = tree.children[0].children.find((c) => c.className === 'verdict-wrap').children[1];
  assert.equal(reason.attrs.hidden, '');
  assert.deepEqual(reason.children.slice(1), ['[1] does not give 60 minutes.']);
});

function shapeWith(text, marks) {
  return parse(text, [1, 2], marks).tree.children.map(shape).join('');
}

test('without marks nothing changes, and the input cannot forge a mark', () => {
  const text = 'A claim [1].\uE000 Another.';
  assert.equal(md(text), 'p(A claim span(a[#](1)).\uE000 Another.)');
  const forged = parse(text, [1], [{ end: 0, verdict: 'weak', note: 'n' }]).tree.children[0].children;
  assert.equal(forged.filter((c) => c.className === 'verdict-wrap').length, 1);
  assert.ok(forged.includes('.\uFFFD Another.'));
});

test('a mark that would fall inside code is dropped, and one past the end is ignored', () => {
  const text = 'Run `a b` now.';
  const tree = parse(text, [], [{ end: 6, verdict: 'weak', note: 'n' }, { end: 99, verdict: 'weak', note: 'm' }]).tree;
  assert.equal(tree.children.map(shape).join(''), 'p(Run code(a b) now.)');
});
