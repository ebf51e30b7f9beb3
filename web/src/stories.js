// The front page: every story (articles linked by shared text), searchable by words,
// outlet and date, plus the articles that match a search.

import { h, routeLink, clear } from './dom.js';
import { api } from './api.js';
import { formatDate, formatShortDate, plural, RELATIONS } from './format.js';
import { errorBox, loading, articleTitleLink } from './common.js';

const PAGE = 20;

function field(label, input) {
  return h('label', { class: 'field' }, h('span', null, label), input);
}

function storeCard() {
  const body = h('dl', { class: 'store-figures' }, loading());
  api.stats().then((stats) => {
    clear(body);
    for (const [label, value] of [['articles', stats.articles], ['stemma edges', stats.edges], ['aligned passages', stats.passages], ['reuse pairs', stats.pairs]]) {
      body.append(h('div', null, h('dt', null, label), h('dd', null, Number(value ?? 0).toLocaleString('en'))));
    }
  }).catch((err) => { clear(body); body.append(errorBox(err, 'the store figures')); });
  return h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, 'In this store')), body);
}

function guideCard() {
  return h('div', { class: 'card guide' }, h('div', { class: 'card-head' }, h('h2', null, 'Reading a stemma')),
    h('ul', { class: 'relation-guide' }, Object.entries(RELATIONS).map(([key, r]) => h('li', null,
      h('span', { class: 'relation-chip', dataset: { relation: key } }, r.label), ' ', RELATION_HELP[key] || ''))),
    h('p', { class: 'muted small' }, 'Dashed edges are uncredited: the later article does not name its source. ',
      routeLink('/trace', 'Trace an article'), ' of your own to see what it reuses.'));
}

const RELATION_HELP = {
  verbatim_copy: 'the text, as it was',
  quoted_with_credit: 'passages quoted, source named',
  paraphrase_with_credit: 'reworded, source named',
  spin_uncredited: 'reworded with synonyms, source not named',
  aggregation: 'one of several sources of a round-up',
  partial_copy: 'some passages taken, uncredited',
};

export function storiesView({ app, navigate, params }) {
  const q = params.get('q') || '';
  const outlet = params.get('outlet') || '';
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  document.title = q ? `“${q}” · stemma` : 'Stories · stemma';
  const headerSearch = document.querySelector('#site-search input');
  if (headerSearch) headerSearch.value = q;

  const form = h('form', { class: 'filters', role: 'search' },
    field('Words', h('input', { type: 'search', name: 'q', value: q, placeholder: 'dam, spillway…' })),
    field('Outlet', h('input', { type: 'text', name: 'outlet', value: outlet, placeholder: 'any outlet' })),
    field('From', h('input', { type: 'date', name: 'from', value: from })),
    field('To', h('input', { type: 'date', name: 'to', value: to })),
    h('button', { type: 'submit', class: 'button primary' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (String(value).trim()) next.set(key, String(value).trim());
    const text = next.toString();
    navigate(text ? `/?${text}` : '/');
  });

  const list = h('div', { class: 'story-list' }, loading('Loading stories…'));
  const articles = h('div', { class: 'article-results' });
  const aside = h('aside', { class: 'stories-aside' }, storeCard(), guideCard());
  app.append(h('section', { class: 'page stories-page' },
    h('div', { class: 'page-head' },
      h('h1', null, q || outlet || from || to ? 'Search results' : 'Stories'),
      h('p', { class: 'lede' }, 'Each story is a family of articles that share text. Open one to see who copied whom, with what credit, and what changed along the way.')),
    form, h('div', { class: 'stories-grid' }, h('div', { class: 'stories-main' }, list, articles), aside)));

  const filters = { q, outlet, from, to };
  api.stories({ ...filters, limit: PAGE, offset }).then((result) => {
    clear(list);
    const stories = result.stories || [];
    list.append(h('div', { class: 'list-head' }, h('h2', null, plural(result.total ?? stories.length, 'story', 'stories')),
      offset ? h('span', { class: 'muted' }, `showing ${offset + 1}–${offset + stories.length}`) : null));
    if (stories.length === 0) {
      list.append(h('p', { class: 'empty' }, 'No story matches. Try fewer words, or ', routeLink('/trace', 'trace an article'), ' of your own.'));
    }
    for (const s of stories) {
      list.append(h('article', { class: 'story-card' },
        h('h3', null, routeLink(`/story/${s.id}`, s.title || `Story #${s.id}`)),
        h('div', { class: 'story-stats' },
          h('span', { class: 'pill' }, plural(s.size ?? 0, 'article')),
          h('span', { class: 'pill' }, plural(s.edges ?? 0, 'edge')),
          h('span', { class: 'muted' }, `${formatShortDate(s.first_published)} → ${formatShortDate(s.last_published)} UTC`),
          h('span', { class: 'muted' }, 'origin ', routeLink(`/article/${s.origin}`, `#${s.origin}`)))));
    }
    const pager = h('div', { class: 'pager' });
    const link = (o, text) => {
      const next = new URLSearchParams(params);
      next.set('offset', String(o));
      return routeLink(`/?${next}`, text);
    };
    if (offset > 0) pager.append(link(Math.max(0, offset - PAGE), '← newer page'));
    if ((result.total ?? 0) > offset + stories.length) pager.append(link(offset + PAGE, 'next page →'));
    if (pager.childNodes.length) list.append(pager);
  }).catch((err) => { clear(list); list.append(errorBox(err, 'the stories')); });

  if (q || outlet || from || to) {
    articles.append(loading('Searching articles…'));
    api.articles({ ...filters, limit: 20 }).then((result) => {
      clear(articles);
      const items = result.articles || [];
      articles.append(h('h2', null, `Matching articles (${result.total ?? items.length})`));
      if (items.length === 0) articles.append(h('p', { class: 'empty' }, 'No article matches.'));
      articles.append(h('ul', { class: 'article-list' }, items.map((a) => h('li', null,
        articleTitleLink(a),
        h('div', { class: 'muted' }, `${a.outlet || 'unknown outlet'} · ${formatDate(a.published)}`,
          a.story ? [' · ', routeLink(`/story/${a.story}`, `story #${a.story}`)] : null)))));
    }).catch((err) => { clear(articles); articles.append(errorBox(err, 'matching articles')); });
  }
  return {};
}
