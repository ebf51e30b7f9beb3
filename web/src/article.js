// /article/ID: the trace of a stored article.

import { h, clear, routeLink } from './dom.js';
import { api } from './api.js';
import { errorBox, loading } from './common.js';
import { traceReport } from './tracereport.js';

export function articleView({ app }, id) {
  const root = h('section', { class: 'page article-page' }, loading('Tracing the article…'));
  app.append(root);
  let alive = true;
  api.articleTrace(id).then((trace) => {
    if (!alive) return;
    clear(root);
    document.title = `${trace.article?.title || `Article #${id}`} · stemma`;
    root.append(h('nav', { class: 'crumbs' }, routeLink('/', 'Stories'), ' › ',
      trace.story ? [routeLink(`/story/${trace.story}`, `Story #${trace.story}`), ' › '] : null, `Article #${id}`), traceReport(trace));
  }).catch((err) => {
    if (!alive) return;
    clear(root);
    root.append(h('nav', { class: 'crumbs' }, routeLink('/', 'Stories')), errorBox(err, `article #${id}`));
  });
  return { destroy() { alive = false; } };
}
