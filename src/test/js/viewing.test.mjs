import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markedParts, pageImageUrl, pinchZoom, placeLabel, safeUrl, viewTarget, viewUrl } from '../../main/resources/web/viewing.js';

test('a library source opens its passage by ordinal', () => {
  const target = viewTarget({ n: 1, kind: 'library', documentId: 'abc_DEF-1', passage: 3, location: 'p. 2' });
  assert.deepEqual(target, { kind: 'library', documentId: 'abc_DEF-1', query: 'passage=3' });
  assert.equal(viewUrl(target), '/api/library/documents/abc_DEF-1/view?passage=3');
});

test('an answer stored before ordinals opens its passage by location and start', () => {
  const target = viewTarget({ n: 1, kind: 'library', documentId: 'abc', location: 'p. 2', snippet: 'Sleep & rest…' });
  assert.equal(target.query, 'location=p.%202&snippet=Sleep%20%26%20rest%E2%80%A6');
});

test('earlier turns and odd ids open nothing', () => {
  assert.equal(viewTarget({ kind: 'memory', documentId: 'turn1' }), null);
  assert.equal(viewTarget({ kind: 'library', documentId: '../etc' }), null);
  assert.equal(viewTarget(null), null);
});

test('a web source links out only over http(s)', () => {
  assert.equal(viewTarget({ kind: 'web', title: 'T', url: 'https://example.org/a' }).url, 'https://example.org/a');
  assert.equal(viewTarget({ kind: 'web', title: 'T', url: 'javascript:alert(1)' }).url, '');
  assert.equal(viewTarget({ kind: 'scholarly', title: 'T', doi: '10.1000/x' }).url, 'https://doi.org/10.1000/x');
  assert.equal(safeUrl('data:text/html,x'), '');
});

test('a research report\'s paper links out to the address it stored as its id', () => {
  const target = viewTarget({ n: 2, kind: 'paper', documentId: 'https://doi.org/10.1/x', title: 'A paper',
    location: 'Smith and Jones, 2021, Nature', snippet: 'We show…' });
  assert.equal(target.kind, 'external');
  assert.equal(target.url, 'https://doi.org/10.1/x');
  assert.equal(target.location, 'Smith and Jones, 2021, Nature');
});

test('page images are asked for at a bounded width and ratio', () => {
  assert.equal(pageImageUrl('d1', 2, 390.4, 3), '/api/library/documents/d1/pages/2?w=390&dpr=3');
  assert.equal(pageImageUrl('d1', 1, 10, 9), '/api/library/documents/d1/pages/1?w=64&dpr=4');
});

test('marked parts clamp their bounds', () => {
  assert.deepEqual(markedParts('abcdef', 2, 4), { before: 'ab', marked: 'cd', after: 'ef' });
  assert.deepEqual(markedParts('abc', -5, 99), { before: '', marked: 'abc', after: '' });
  assert.deepEqual(markedParts('abc', 2, 1), { before: 'ab', marked: '', after: 'c' });
});

test('a pinch zooms between 1 and 4', () => {
  assert.equal(pinchZoom(1, 100, 200), 2);
  assert.equal(pinchZoom(2, 100, 10), 1);
  assert.equal(pinchZoom(3, 100, 400), 4);
  assert.equal(pinchZoom(1.5, 0, 100), 1.5);
});

test('a place is shown without the document title it repeats', () => {
  assert.equal(placeLabel('Notes > Methods', 'Notes'), 'Methods');
  assert.equal(placeLabel('Notes', 'Notes'), '');
  assert.equal(placeLabel('p. 3', 'Notes'), 'p. 3');
});
