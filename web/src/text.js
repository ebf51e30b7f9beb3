// Annotated article text. The API gives spans in Unicode code points; JS strings
// index UTF-16 units, so every span goes through a code-point → unit map first.

import { h } from './dom.js';

export function codePointMap(text) {
  const units = [0];
  let unit = 0;
  for (const ch of text) {
    unit += ch.length;
    units.push(unit);
  }
  return units; // units[cp] = UTF-16 index of code point cp; units.length - 1 code points
}

export function unitRange(map, begin, end) {
  const last = map.length - 1;
  const b = Math.max(0, Math.min(last, begin | 0));
  const e = Math.max(b, Math.min(last, end | 0));
  return [map[b], map[e]];
}

const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter('en', { granularity: 'word' }) : null;

// Word tokens of text[begin, end) (UTF-16), as [begin, end, normalised form]: letters and
// numbers like the engine's ICU tokens.
export function wordTokens(text, begin, end) {
  const slice = text.slice(begin, end);
  const tokens = [];
  if (segmenter) {
    for (const seg of segmenter.segment(slice)) {
      if (seg.isWordLike) tokens.push([begin + seg.index, begin + seg.index + seg.segment.length, normalise(seg.segment)]);
    }
  } else {
    for (const m of slice.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.]*/gu)) {
      tokens.push([begin + m.index, begin + m.index + m[0].length, normalise(m[0])]);
    }
  }
  return tokens;
}

function normalise(word) {
  return word.normalize('NFKC').toLowerCase().replaceAll('’', "'");
}

// Pairs the passage's edit script (normalised words, no offsets) with the word tokens of
// each side. Both come from the same ICU segmentation, but an off-by-one (a word the
// browser splits differently) must not shift every later mark, so each step looks a few
// tokens ahead for the word it expects.
export function placeEdits(edits, aTokens, bTokens) {
  const marks = { a: [], b: [] };
  let i = 0;
  let j = 0;
  const seek = (tokens, at, word) => {
    if (word === undefined) return at;
    for (let k = at; k < Math.min(tokens.length, at + 4); ++k) if (tokens[k][2] === word) return k;
    return at;
  };
  for (const edit of edits || []) {
    const usesA = edit.op !== 'insert';
    const usesB = edit.op !== 'delete';
    if (usesA) i = seek(aTokens, i, edit.a);
    if (usesB) j = seek(bTokens, j, edit.b);
    const ta = usesA ? aTokens[i] : null;
    const tb = usesB ? bTokens[j] : null;
    if (edit.op !== 'keep') {
      if (ta) marks.a.push({ begin: ta[0], end: ta[1], op: edit.op, other: edit.b });
      if (tb) marks.b.push({ begin: tb[0], end: tb[1], op: edit.op, other: edit.a });
    }
    if (usesA && i < aTokens.length) ++i;
    if (usesB && j < bTokens.length) ++j;
  }
  return marks;
}

// Renders text as runs of spans. Each annotation is {begin, end (UTF-16), classes,
// passage?, title?}; overlapping annotations split the text at every boundary, and a
// run takes the classes of all that cover it.
export function annotatedText(text, annotations, tag = 'div', className = 'doc') {
  const cuts = new Set([0, text.length]);
  for (const a of annotations) {
    if (a.end > a.begin) {
      cuts.add(a.begin);
      cuts.add(a.end);
    }
  }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((x, y) => x - y);
  const root = h(tag, { class: className });
  const sorted = annotations.filter((a) => a.end > a.begin).sort((x, y) => x.begin - y.begin);
  let open = [];
  let next = 0;
  for (let k = 0; k + 1 < points.length; ++k) {
    const from = points[k];
    const to = points[k + 1];
    while (next < sorted.length && sorted[next].begin <= from) open.push(sorted[next++]);
    open = open.filter((a) => a.end > from);
    const piece = text.slice(from, to);
    if (open.length === 0) {
      root.append(document.createTextNode(piece));
      continue;
    }
    const span = h('span', { class: open.flatMap((a) => a.classes).join(' ') }, piece);
    const titles = open.map((a) => a.title).filter(Boolean);
    if (titles.length) span.title = titles.join('\n');
    for (const a of open) {
      if (a.passage !== undefined) span.dataset.passage = a.passage;
      if (a.mutation !== undefined) span.dataset.mutation = a.mutation;
    }
    root.append(span);
  }
  return root;
}
