// A trace (what an article reuses, and who reuses it), for a stored article or for
// one pasted into /trace: source edges with relation, credit, coverage and the
// passages shared, then later copies, other overlaps, and the article's claims.

import { h, routeLink } from './dom.js';
import { formatDate, mutationLabel, percent, plural, PASSAGE_KINDS } from './format.js';
import { articleMeta, meter, relationChip } from './common.js';

function compareHref(trace, edge) {
  if (!edge.parent || !edge.child) return null;
  if (trace.stored && trace.story && edge.article?.story === trace.story && edge.relation) {
    return `/story/${trace.story}/edge/${edge.parent}-${edge.child}`;
  }
  return `/compare/${edge.parent}/${edge.child}`;
}

function passageRows(edge, otherRole, selfRole) {
  const rows = (edge.passages || []).slice(0, 4).map((p) => h('div', { class: 'snippet-pair' },
    h('div', { class: 'snippet' }, h('div', { class: 'snippet-label' }, otherRole), h('blockquote', null, p.parent?.text ?? '')),
    h('div', { class: 'snippet' }, h('div', { class: 'snippet-label' }, selfRole,
      h('span', { class: 'muted' }, ` · ${PASSAGE_KINDS[p.kind] || p.kind || ''} · ${percent(p.similarity)} similar`)), h('blockquote', null, p.child?.text ?? ''))));
  const more = (edge.passages || []).length - rows.length;
  if (more > 0) rows.push(h('p', { class: 'muted small' }, `… and ${plural(more, 'more passage')}`));
  return rows;
}

function mutationCounts(mutations) {
  const counts = new Map();
  for (const m of mutations) counts.set(m.type, (counts.get(m.type) || 0) + 1);
  return [...counts];
}

function edgeCard(trace, edge, direction) {
  const other = edge.article || {};
  const href = trace.stored || direction === 'source' ? compareHref(trace, edge) : null;
  const mutations = edge.mutations || [];
  const roles = direction === 'reused_by' ? ['This article', 'The later article'] : ['The earlier article', 'This article'];
  return h('article', { class: 'edge-card' },
    h('div', { class: 'edge-card-head' },
      h('div', null,
        h('h3', null, other.id ? routeLink(`/article/${other.id}`, other.title || '(untitled)') : other.title || '(untitled)'),
        articleMeta(other)),
      edge.relation ? relationChip(edge.relation, edge.credited) : h('span', { class: 'relation-chip' }, 'shares text')),
    h('div', { class: 'edge-figures' },
      h('span', null, meter(edge.coverage, 'coverage'), ` ${percent(edge.coverage)} of the ${direction === 'reused_by' ? 'later article' : 'article'} shared`),
      h('span', null, `similarity ${percent(edge.similarity)}`),
      edge.confidence !== undefined ? h('span', null, `confidence ${percent(edge.confidence)}`) : null,
      edge.evidence?.direction ? h('span', { class: 'muted' }, edge.evidence.direction) : null,
      href ? routeLink(href, 'Compare side by side →') : null),
    edge.evidence?.credit ? h('p', { class: 'evidence' }, 'Credit: “', h('q', null, edge.evidence.credit), '”') : null,
    mutations.length ? h('ul', { class: 'mutation-chips' }, mutationCounts(mutations).map(([type, n]) => h('li', { class: `mut-badge mut-${type}` },
      mutationLabel(type), n > 1 ? h('span', { class: 'times' }, ` ×${n}`) : null))) : null,
    h('details', { class: 'passages' }, h('summary', null, `Shared passages (${(edge.passages || []).length})`), passageRows(edge, roles[0], roles[1])));
}

function claimsSection(claims) {
  if (!claims || claims.length === 0) return null;
  return h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, `Claims (${claims.length})`),
    h('span', { class: 'muted' }, 'who is said to have said what')),
  h('ul', { class: 'claims' }, claims.slice(0, 30).map((c) => h('li', null,
    h('div', { class: 'claim-speaker' }, c.speaker || 'unknown speaker', h('span', { class: 'tag' }, c.speaker_kind || ''), c.cue ? h('span', { class: 'muted' }, ` ${c.cue}`) : null),
    h('div', { class: c.direct ? 'claim-text direct' : 'claim-text' }, c.claim?.text ?? ''),
    (c.chain || []).length ? h('div', { class: 'muted small' }, 'via ', c.chain.map((x) => x.outlet).join(' → ')) : null))));
}

export function traceReport(trace) {
  const a = trace.article || {};
  const sources = trace.sources || [];
  const reused = trace.reused_by || [];
  const also = trace.also_shares || [];
  const verdict = sources.length === 0 ? 'No earlier article in the store shares its text: as far as this corpus knows, it is original.'
    : `Reuses ${plural(sources.length, 'earlier article')}: ${sources.map((s) => s.article?.outlet || `#${s.parent}`).join(', ')}.`;
  return h('div', { class: 'trace' },
    h('div', { class: 'page-head' },
      h('h1', null, a.title || '(untitled)'),
      articleMeta(a),
      h('div', { class: 'story-stats' },
        h('span', { class: 'pill' }, plural(a.words ?? 0, 'word')),
        trace.story ? routeLink(`/story/${trace.story}`, `story #${trace.story}`) : null,
        trace.stored ? null : h('span', { class: 'pill warn' }, 'not stored: traced against the store only')),
      h('p', { class: 'verdict' }, verdict)),
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, `Sources (${sources.length})`), h('span', { class: 'muted' }, 'nearest earlier articles it derives from')),
      sources.length ? sources.map((e) => edgeCard(trace, e, 'source')) : h('p', { class: 'muted' }, 'None found.')),
    reused.length ? h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, `Reused by (${reused.length})`), h('span', { class: 'muted' }, 'later articles deriving from it')),
      reused.map((e) => edgeCard(trace, { ...e }, 'reused_by'))) : null,
    also.length ? h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, `Also shares text with (${also.length})`), h('span', { class: 'muted' }, 'overlaps that are not its nearest source')),
      also.map((e) => edgeCard(trace, e, 'also'))) : null,
    claimsSection(a.claims),
    h('p', { class: 'muted small' }, a.published ? `Published ${formatDate(a.published)}.` : 'Publication date unknown.'));
}
