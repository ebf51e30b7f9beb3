// /compare/A/B: any two stored articles side by side. When the pair is an edge of
// their story's stemma, its mutations are shown too.

import { h, clear, routeLink } from './dom.js';
import { api } from './api.js';
import { errorBox, loading, relationChip } from './common.js';
import { comparePanel } from './compare.js';

export function compareView({ app }, aId, bId) {
  const root = h('section', { class: 'page compare-page' }, loading('Aligning the two texts…'));
  app.append(root);
  let alive = true;
  (async () => {
    const [a, b, comparison] = await Promise.all([api.article(aId), api.article(bId), api.compare(aId, bId)]);
    let edge = null;
    if (a.story && a.story === b.story) {
      const story = await api.story(a.story).catch(() => null);
      edge = story?.edges?.find((e) => e.parent === aId && e.child === bId) || null;
    }
    return { a, b, comparison, edge };
  })().then(({ a, b, comparison, edge }) => {
    if (!alive) return;
    clear(root);
    document.title = `#${aId} ↔ #${bId} · stemma`;
    root.append(
      h('nav', { class: 'crumbs' }, routeLink('/', 'Stories'), ' › ', `Compare #${aId} and #${bId}`),
      h('div', { class: 'edge-head' }, h('h1', null, `#${aId} ${a.outlet || ''}`, h('span', { class: 'arrow' }, ' ↔ '), `#${bId} ${b.outlet || ''}`),
        edge ? relationChip(edge.relation, edge.credited) : null,
        edge ? routeLink(`/story/${a.story}/edge/${aId}-${bId}`, 'see it in its story') : null,
        routeLink(`/compare/${bId}/${aId}`, 'swap sides')),
      comparePanel({ a, b, comparison, mutations: edge?.mutations || [], edge, roles: [`Article #${aId}`, `Article #${bId}`] }));
  }).catch((err) => {
    if (!alive) return;
    clear(root);
    root.append(h('nav', { class: 'crumbs' }, routeLink('/', 'Stories')), errorBox(err, 'the two articles'));
  });
  return { destroy() { alive = false; } };
}
