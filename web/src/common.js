// Pieces several views share: loading and error states, article cards, relation chips.

import { h, externalLink, routeLink } from './dom.js';
import { formatDate, relationInfo } from './format.js';

export function loading(text = 'Loading…') {
  return h('div', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

export function errorBox(err, what) {
  const status = err?.status ? ` (${err.status})` : '';
  return h('div', { class: 'error-box', role: 'alert' }, h('strong', null, `Could not load ${what}${status}`), h('p', null, err?.message || String(err)));
}

export function relationChip(relation, credited) {
  const info = relationInfo(relation);
  return h('span', { class: 'chip-group' },
    h('span', { class: 'relation-chip', dataset: { relation: relation || '' } }, info.label),
    credited === undefined ? null : h('span', { class: credited ? 'credit yes' : 'credit no' }, credited ? 'credited' : 'uncredited'));
}

export function articleMeta(article) {
  return h('div', { class: 'article-meta' },
    h('span', { class: 'outlet' }, article.outlet || 'unknown outlet'),
    h('span', { class: 'date' }, formatDate(article.published)),
    article.byline ? h('span', { class: 'byline' }, article.byline) : null,
    article.url ? externalLink(article.url, hostOf(article.url)) : null);
}

function hostOf(url) {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

export function articleTitleLink(article) {
  const title = article.title || '(untitled)';
  return article.id ? routeLink(`/article/${article.id}`, title) : h('span', null, title);
}

export function meter(value, label) {
  const bar = h('span', { class: 'meter-fill' });
  bar.style.width = `${Math.round(Math.max(0, Math.min(1, value ?? 0)) * 100)}%`;
  return h('span', { class: 'meter', title: label }, bar);
}
