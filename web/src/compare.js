// Two articles side by side: aligned passages share a colour in both panes, the
// word-level edit script marks swaps, deletions and insertions, and an edge's
// mutations (hedges, altered quotes, dropped attributions…) are outlined and listed.

import { h, externalLink, routeLink } from './dom.js';
import { annotatedText, codePointMap, placeEdits, unitRange, wordTokens } from './text.js';
import { formatDate, mutationLabel, percent, plural, relationInfo, PASSAGE_KINDS } from './format.js';

const PASSAGE_COLOURS = 6;

const EDIT_TITLES = {
  synonym: (other) => `synonym or inflection of “${other}”`,
  substitute: (other) => `replaces “${other}”`,
  delete: () => 'dropped in the other text',
  insert: () => 'added in this text',
};

function paneAnnotations(side, body, map, passages, marks, mutations, mutationSide) {
  const out = [];
  passages.forEach((p, i) => {
    const [begin, end] = unitRange(map, p[side].begin, p[side].end);
    out.push({ begin, end, classes: ['passage', `pc${i % PASSAGE_COLOURS}`], passage: i });
  });
  for (const m of marks) {
    out.push({ begin: m.begin, end: m.end, classes: ['w', `w-${m.op}`], title: EDIT_TITLES[m.op]?.(m.other ?? '') });
  }
  mutations.forEach((m, k) => {
    if (m.in !== 'body' || !m[mutationSide]) return;
    const [begin, end] = unitRange(map, m[mutationSide].begin, m[mutationSide].end);
    const title = `${mutationLabel(m.type)}${m.detail ? `: ${m.detail}` : ''}`;
    out.push({ begin, end, classes: ['mut', `mut-${m.type}`], mutation: k, title });
  });
  return out;
}

function titleAnnotations(title, mutations, mutationSide) {
  const map = codePointMap(title);
  const out = [];
  mutations.forEach((m, k) => {
    if (m.in !== 'title' || !m[mutationSide]) return;
    const [begin, end] = unitRange(map, m[mutationSide].begin, m[mutationSide].end);
    out.push({ begin, end, classes: ['mut', `mut-${m.type}`], mutation: k, title: `${mutationLabel(m.type)}: ${m.detail || ''}` });
  });
  return out;
}

function articleHead(article, role, mutations, mutationSide) {
  const title = article.title || '(untitled)';
  return h('div', { class: 'pane-head' },
    h('div', { class: 'pane-role' }, role),
    h('div', { class: 'pane-outlet' }, article.outlet || 'unknown outlet', ' · ', formatDate(article.published)),
    h('h3', { class: 'pane-title' }, annotatedText(title, titleAnnotations(title, mutations, mutationSide), 'span', 'title-text')),
    h('div', { class: 'pane-links' },
      article.id ? routeLink(`/article/${article.id}`, 'trace of #', String(article.id)) : null,
      article.url ? externalLink(article.url, 'original page') : null,
      h('span', { class: 'muted' }, plural(article.words ?? 0, 'word'))));
}

// Scrolls a pane so that el sits at `offset` px from the pane's top.
function scrollPaneTo(pane, el, offset = 40) {
  const top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
  pane.scrollTo({ top: Math.max(0, top - offset), behavior: 'smooth' });
}

function flash(elements) {
  for (const el of elements) {
    el.classList.remove('flash');
    void el.offsetWidth; // restart the animation
    el.classList.add('flash');
  }
}

export function comparePanel({ a, b, comparison, mutations = [], edge = null, roles = ['Earlier text', 'Later text'] }) {
  const passages = comparison.passages || [];
  const aMap = codePointMap(a.body || '');
  const bMap = codePointMap(b.body || '');
  const marks = { a: [], b: [] };
  for (const p of passages) {
    const [ab, ae] = unitRange(aMap, p.a.begin, p.a.end);
    const [bb, be] = unitRange(bMap, p.b.begin, p.b.end);
    const placed = placeEdits(p.edits, wordTokens(a.body || '', ab, ae), wordTokens(b.body || '', bb, be));
    marks.a.push(...placed.a);
    marks.b.push(...placed.b);
  }
  const paneA = h('div', { class: 'pane-text', 'data-side': 'a' },
    annotatedText(a.body || '', paneAnnotations('a', a.body || '', aMap, passages, marks.a, mutations, 'parent')));
  const paneB = h('div', { class: 'pane-text', 'data-side': 'b' },
    annotatedText(b.body || '', paneAnnotations('b', b.body || '', bMap, passages, marks.b, mutations, 'child')));

  const panel = h('section', { class: 'compare' });
  const counts = { synonym: 0, substitute: 0, delete: 0, insert: 0 };
  for (const m of marks.b) if (m.op in counts) counts[m.op] += 1;
  counts.delete = marks.a.filter((m) => m.op === 'delete').length;

  const info = edge ? relationInfo(edge.relation) : null;
  panel.append(h('div', { class: 'compare-summary' },
    info ? h('span', { class: 'relation-chip', dataset: { relation: edge.relation || '' } }, info.label) : null,
    edge ? h('span', { class: edge.credited ? 'credit yes' : 'credit no' }, edge.credited ? 'credited' : 'uncredited') : null,
    h('span', { class: 'stat' }, h('b', null, percent(comparison.coverage_b)), ' of the later text is shared'),
    h('span', { class: 'stat' }, h('b', null, percent(comparison.coverage_a)), ' of the earlier text reused'),
    h('span', { class: 'stat' }, h('b', null, String(passages.length)), ' aligned ', passages.length === 1 ? 'passage' : 'passages'),
    h('span', { class: 'stat' }, h('b', null, String(counts.synonym)), ' synonym swaps, ', h('b', null, String(counts.substitute)), ' substitutions'),
    edge?.confidence !== undefined ? h('span', { class: 'stat' }, 'confidence ', h('b', null, percent(edge.confidence))) : null));
  if (edge?.evidence?.direction || edge?.evidence?.credit) {
    panel.append(h('p', { class: 'evidence' },
      edge.evidence.direction ? ['Direction: ', h('em', null, edge.evidence.direction), '. '] : null,
      edge.evidence.credit ? ['Credit line: “', h('q', { class: 'credit-line' }, edge.evidence.credit), '”'] : null));
  }

  const passageList = h('ol', { class: 'passage-list' }, passages.map((p, i) => h('li', null,
    h('button', { type: 'button', class: `passage-chip pc${i % PASSAGE_COLOURS}`, dataset: { passage: String(i) } },
      h('span', { class: 'swatch' }), `§${i + 1} `, PASSAGE_KINDS[p.kind] || p.kind || '',
      h('span', { class: 'muted' }, ` · ${percent(p.similarity)} similar · ${p.b_words ?? p.child_words ?? '?'} words`)))));

  const mutationItems = mutations.map((m, k) => h('li', { class: `mutation-item mut-${m.type}`, dataset: { mutation: String(k) }, tabindex: '0' },
    h('div', { class: 'mutation-type' }, mutationLabel(m.type), m.in === 'title' ? h('span', { class: 'tag' }, 'headline') : null),
    m.detail ? h('div', { class: 'mutation-detail' }, m.detail) : null,
    h('div', { class: 'mutation-texts' },
      m.parent?.text ? h('del', null, m.parent.text) : null,
      m.parent?.text && m.child?.text ? h('span', { class: 'arrow' }, ' → ') : null,
      m.child?.text ? h('ins', null, m.child.text) : null)));
  const changes = h('aside', { class: 'changes' },
    h('h4', null, 'What changed', h('span', { class: 'count' }, String(mutations.length))),
    mutations.length ? h('ul', { class: 'mutation-list' }, mutationItems)
      : h('p', { class: 'muted' }, edge ? 'No hedges, quotes, names or numbers changed along this edge.' : 'Mutations are listed for lineage edges; open this pair from its story to see them.'),
    h('h4', null, 'Aligned passages', h('span', { class: 'count' }, String(passages.length))),
    passages.length ? passageList : h('p', { class: 'muted' }, 'These texts share no passage.'));

  const legend = h('div', { class: 'mark-legend' },
    h('span', { class: 'passage pc0' }, 'aligned passage'),
    h('span', { class: 'w w-synonym' }, 'synonym swap'),
    h('span', { class: 'w w-substitute' }, 'substituted word'),
    h('span', { class: 'w w-delete' }, 'dropped'),
    h('span', { class: 'w w-insert' }, 'added'),
    h('span', { class: 'mut' }, 'mutation (hedge, quote, attribution…)'));

  panel.append(legend, h('div', { class: 'compare-grid' },
    h('div', { class: 'pane', 'data-pane': 'a' }, articleHead(a, roles[0], mutations, 'parent'), paneA),
    h('div', { class: 'pane', 'data-pane': 'b' }, articleHead(b, roles[1], mutations, 'child'), paneB),
    changes));

  const all = (selector) => panel.querySelectorAll(selector);
  let hot = null;
  const setHot = (passage) => {
    if (hot === passage) return;
    for (const el of all('.hot')) el.classList.remove('hot');
    hot = passage;
    if (passage !== null) for (const el of all(`[data-passage="${passage}"]`)) el.classList.add('hot');
  };
  const showPassage = (passage, from) => {
    const first = (pane) => pane.querySelector(`span[data-passage="${passage}"]`);
    for (const pane of [paneA, paneB]) {
      if (pane === from) continue;
      const el = first(pane);
      if (el) scrollPaneTo(pane, el);
    }
    flash([...all(`.pane-text span[data-passage="${passage}"]`)]);
  };
  const showMutation = (k) => {
    for (const pane of [paneA, paneB]) {
      const el = pane.querySelector(`span[data-mutation="${k}"]`);
      if (el) scrollPaneTo(pane, el, 80);
    }
    flash([...all(`span[data-mutation="${k}"]`)]);
  };
  panel.addEventListener('mouseover', (event) => {
    const el = event.target.closest('[data-passage]');
    setHot(el ? el.dataset.passage : null);
  });
  panel.addEventListener('click', (event) => {
    const mutation = event.target.closest('[data-mutation]');
    if (mutation && mutation.closest('.changes, .pane-text, .pane-head')) {
      showMutation(mutation.dataset.mutation);
      return;
    }
    const passage = event.target.closest('[data-passage]');
    if (passage) showPassage(passage.dataset.passage, passage.closest('.pane-text'));
  });
  panel.addEventListener('keydown', (event) => {
    const item = event.target.closest('.mutation-item');
    if (item && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      showMutation(item.dataset.mutation);
    }
  });
  return panel;
}
