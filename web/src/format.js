// Labels, colours and date formats shared by the views.

export const RELATIONS = {
  verbatim_copy: { label: 'Verbatim copy', colour: '#c0392b' },
  quoted_with_credit: { label: 'Quoted with credit', colour: '#2e8b57' },
  paraphrase_with_credit: { label: 'Paraphrase with credit', colour: '#2f6fb3' },
  spin_uncredited: { label: 'Spin, uncredited', colour: '#d35400' },
  aggregation: { label: 'Aggregation', colour: '#8e44ad' },
  partial_copy: { label: 'Partial copy', colour: '#8d6e63' },
};
export const UNKNOWN_RELATION = { label: 'Shares text', colour: '#7f8c8d' };

export function relationInfo(relation) {
  return RELATIONS[relation] || UNKNOWN_RELATION;
}

export const PASSAGE_KINDS = {
  verbatim: 'verbatim',
  near_verbatim: 'near verbatim',
  summary: 'summary',
  paraphrase: 'paraphrase',
};

export const MUTATION_LABELS = {
  hedge_added: 'Hedge added',
  hedge_removed: 'Hedge removed',
  attribution_dropped: 'Attribution dropped',
  attribution_weakened: 'Attribution weakened',
  attribution_changed: 'Attribution changed',
  quote_altered: 'Quote altered',
  number_changed: 'Number changed',
  date_changed: 'Date changed',
  name_changed: 'Name changed',
  place_changed: 'Place changed',
  sentence_omitted: 'Sentence omitted',
  sentence_inserted: 'Sentence inserted',
  headline_escalation: 'Headline escalation',
};

export function mutationLabel(type) {
  return MUTATION_LABELS[type] || String(type).replaceAll('_', ' ');
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC',
});
const shortFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC',
});

export function parseDate(iso) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export function formatDate(iso) {
  const t = parseDate(iso);
  return t === null ? 'date unknown' : `${dateFormat.format(t)} UTC`;
}

export function formatShortDate(iso) {
  const t = parseDate(iso);
  return t === null ? 'date unknown' : shortFormat.format(t);
}

export function percent(x) {
  return typeof x === 'number' && Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–';
}

export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

export function articleLabel(article) {
  return article?.outlet || article?.title || `#${article?.id ?? '?'}`;
}
