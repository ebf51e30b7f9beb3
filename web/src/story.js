// One story: the stemma graph beside a timeline, the side-by-side texts of the
// selected edge (/story/ID/edge/PARENT-CHILD), and the mutations of every hop.

import { h, clear, routeLink } from './dom.js';
import { api } from './api.js';
import { formatDate, formatShortDate, mutationLabel, percent, plural, relationInfo } from './format.js';
import { errorBox, loading, relationChip } from './common.js';
import { stemmaGraph, legend } from './graph.js';
import { comparePanel } from './compare.js';

function timeline(story, byId, { onHover }) {
  const incoming = new Map();
  for (const e of story.edges || []) {
    if (!incoming.has(e.child)) incoming.set(e.child, []);
    incoming.get(e.child).push(e);
  }
  const cited = new Map();
  const placeholderName = new Map((story.placeholders || []).map((p) => [p.key, p.name || p.domain || p.key]));
  for (const pe of story.placeholder_edges || []) {
    if (!cited.has(pe.child)) cited.set(pe.child, []);
    cited.get(pe.child).push(placeholderName.get(pe.placeholder) || pe.placeholder);
  }
  // Undated articles last (ISO dates compare as strings).
  const when = (a) => a.published || '\uffff';
  const articles = [...(story.articles || [])].sort((p, q) => (when(p) < when(q) ? -1 : when(p) > when(q) ? 1 : p.id - q.id));
  const list = h('ol', { class: 'timeline' });
  for (const a of articles) {
    const edges = incoming.get(a.id) || [];
    const roots = story.roots || [];
    const dot = h('span', { class: 'tl-dot' });
    if (edges[0]) dot.dataset.relation = edges[0].relation;
    const item = h('li', { class: 'tl-item', dataset: { article: String(a.id) } },
      dot,
      h('div', { class: 'tl-time' }, formatShortDate(a.published)),
      h('div', { class: 'tl-body' },
        h('div', { class: 'tl-outlet' }, a.outlet || 'unknown outlet', h('span', { class: 'muted' }, ` #${a.id}`)),
        h('div', { class: 'tl-title' }, routeLink(`/article/${a.id}`, a.title || '(untitled)')),
        a.id === story.origin ? h('div', { class: 'tl-edge origin' }, 'origin of the story')
          : roots.includes(a.id) ? h('div', { class: 'tl-edge' }, 'independent report') : null,
        edges.map((e) => h('div', { class: 'tl-edge' },
          routeLink(`/story/${story.id}/edge/${e.parent}-${e.child}`,
            h('span', { class: 'edge-swatch small', dataset: { relation: e.relation } }),
            `${relationInfo(e.relation).label} of #${e.parent} ${byId.get(e.parent)?.outlet ?? ''}`),
          h('span', { class: e.credited ? 'credit yes' : 'credit no' }, e.credited ? 'credited' : 'uncredited'))),
        (cited.get(a.id) || []).map((name) => h('div', { class: 'tl-edge cited' }, `cites ${name} (not in the corpus)`))));
    item.addEventListener('mouseenter', () => onHover(a.id));
    item.addEventListener('mouseleave', () => onHover(null));
    list.append(item);
  }
  return list;
}

function mutationSummary(story, byId) {
  const rows = story.mutation_summary || [];
  if (rows.length === 0) return h('p', { class: 'muted' }, 'No article in this story changed a hedge, quote, name, number or attribution.');
  return h('table', { class: 'mutation-table' },
    h('thead', null, h('tr', null, h('th', null, 'Change'), h('th', null, 'First made by'), h('th', null, 'Before → after'), h('th', null, 'Carried by'))),
    h('tbody', null, rows.map((m) => {
      const hop = m.introduced_by || {};
      return h('tr', null,
        h('td', null, h('span', { class: `mut-badge mut-${m.type}` }, mutationLabel(m.type)), m.detail ? h('div', { class: 'muted small' }, m.detail) : null),
        h('td', null, routeLink(`/story/${story.id}/edge/${hop.parent}-${hop.child}`, `#${hop.child} ${byId.get(hop.child)?.outlet ?? ''}`),
          h('div', { class: 'muted small' }, `from #${hop.parent}`)),
        h('td', { class: 'texts' }, m.parent_text ? h('del', null, m.parent_text) : null, m.parent_text && m.child_text ? ' → ' : null,
          m.child_text ? h('ins', null, m.child_text) : null),
        h('td', null, (m.carried_by || []).length ? m.carried_by.map((id) => routeLink(`/article/${id}`, `#${id}`)).flatMap((x) => [x, ' ']) : h('span', { class: 'muted' }, '—')));
    })));
}

function exportLinks(id) {
  const formats = [['json', 'JSON'], ['csv', 'CSV edges'], ['csv-nodes', 'CSV nodes'], ['graphml', 'GraphML'], ['dot', 'DOT']];
  return h('div', { class: 'exports' }, h('span', { class: 'muted' }, 'Export: '),
    formats.map(([format, label]) => h('a', { href: api.exportUrl(id, format), download: `story-${id}.${format === 'csv-nodes' ? 'nodes.csv' : format}` }, label)));
}

export function storyView({ app, navigate }, route) {
  const root = h('section', { class: 'page story-page' }, loading('Loading the story…'));
  app.append(root);
  let state = null; // {story, byId, graph, edgeBox}
  let alive = true;
  let edgeToken = 0;

  const showEdge = async (edgePair) => {
    if (!state) return;
    const token = ++edgeToken;
    const box = state.edgeBox;
    clear(box);
    state.graph.selectEdge(edgePair ? edgePair[0] : null, edgePair ? edgePair[1] : null);
    if (!edgePair) {
      box.append(h('div', { class: 'hint' }, 'Click an edge of the graph (or a relation in the timeline) to read the two texts side by side.'));
      document.title = `${state.story.title || `Story #${state.story.id}`} · stemma`;
      return;
    }
    const [parent, child] = edgePair;
    const edge = (state.story.edges || []).find((e) => e.parent === parent && e.child === child);
    const pa = state.byId.get(parent);
    const ca = state.byId.get(child);
    box.append(h('div', { class: 'edge-head' },
      h('h2', null, `#${parent} ${pa?.outlet ?? ''}`, h('span', { class: 'arrow' }, ' → '), `#${child} ${ca?.outlet ?? ''}`),
      edge ? relationChip(edge.relation, edge.credited) : h('span', { class: 'muted' }, 'not an edge of this story\u2019s stemma'),
      routeLink(`/story/${state.story.id}`, '× close')), loading('Aligning the two texts…'));
    document.title = `#${parent} → #${child} · ${state.story.title || 'story'} · stemma`;
    try {
      const [a, b, comparison] = await Promise.all([api.article(parent), api.article(child), api.compare(parent, child)]);
      if (!alive || token !== edgeToken) return;
      box.lastChild.remove();
      box.append(comparePanel({ a, b, comparison, mutations: edge?.mutations || [], edge, roles: ['Source (parent)', 'Copy (child)'] }));
      box.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } catch (err) {
      if (!alive || token !== edgeToken) return;
      box.lastChild.remove();
      box.append(errorBox(err, 'the two texts'));
    }
  };

  api.story(route.id).then((story) => {
    if (!alive) return;
    clear(root);
    const byId = new Map((story.articles || []).map((a) => [a.id, a]));
    const graphBox = h('div', { class: 'graph' });
    const hoverCard = h('div', { class: 'hover-card', hidden: true });
    const edgeBox = h('div', { class: 'edge-view', id: 'edge-view' });
    const first = story.articles?.map((a) => a.published).filter(Boolean).sort()[0];
    const last = story.articles?.map((a) => a.published).filter(Boolean).sort().at(-1);
    root.append(
      h('nav', { class: 'crumbs' }, routeLink('/', 'Stories'), ' › ', `Story #${story.id}`),
      h('div', { class: 'page-head' },
        h('h1', null, story.title || `Story #${story.id}`),
        h('div', { class: 'story-stats' },
          h('span', { class: 'pill' }, plural(story.size ?? byId.size, 'article')),
          h('span', { class: 'pill' }, plural((story.edges || []).length, 'edge')),
          (story.placeholders || []).length ? h('span', { class: 'pill' }, plural(story.placeholders.length, 'cited source')) : null,
          h('span', { class: 'muted' }, `${formatDate(first)} → ${formatDate(last)}`),
          exportLinks(story.id))),
      h('div', { class: 'story-grid' },
        h('div', { class: 'card graph-card' }, h('div', { class: 'card-head' }, h('h2', null, 'Stemma'),
          h('span', { class: 'muted' }, 'time runs left to right · click an edge to compare')), graphBox, hoverCard, legend()),
        h('div', { class: 'card timeline-card' }, h('div', { class: 'card-head' }, h('h2', null, 'Timeline')), timeline(story, byId, {
          onHover: (id) => state?.graph.highlightArticle(id),
        }))),
      edgeBox,
      h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, 'What changed along the way'),
        h('span', { class: 'muted' }, 'each change at the hop that first made it')), mutationSummary(story, byId)));
    const onHover = (data) => {
      if (!data) { hoverCard.hidden = true; return; }
      clear(hoverCard);
      if (data.kind === 'article') {
        const a = byId.get(data.article);
        hoverCard.append(h('strong', null, a.outlet || 'unknown outlet'), h('div', null, a.title || ''), h('div', { class: 'muted' }, formatDate(a.published)));
      } else if (data.kind === 'edge') {
        const e = story.edges.find((x) => x.parent === data.parent && x.child === data.child);
        hoverCard.append(h('strong', null, `${relationInfo(e.relation).label}${e.credited ? ', credited' : ', uncredited'}`),
          h('div', null, `#${e.parent} → #${e.child} · ${percent(e.coverage)} of the copy shared · ${plural((e.mutations || []).length, 'change')}`));
      } else if (data.kind === 'placeholder') {
        hoverCard.append(h('strong', null, 'Cited source, not in the corpus'), h('div', null, data.label.split('\n')[0]));
      } else {
        hoverCard.hidden = true;
        return;
      }
      hoverCard.hidden = false;
    };
    const graph = stemmaGraph(graphBox, story, {
      onEdge: (parent, child) => navigate(`/story/${story.id}/edge/${parent}-${child}`),
      onNode: (id) => {
        graph.selectNode(id);
        const item = root.querySelector(`.tl-item[data-article="${id}"]`);
        for (const el of root.querySelectorAll('.tl-item.selected')) el.classList.remove('selected');
        if (item) { item.classList.add('selected'); item.scrollIntoView({ block: 'nearest', behavior: 'smooth' }); }
      },
      onHover,
    });
    state = { story, byId, graph, edgeBox };
    showEdge(route.edge);
  }).catch((err) => {
    if (!alive) return;
    clear(root);
    root.append(h('nav', { class: 'crumbs' }, routeLink('/', 'Stories')), errorBox(err, `story #${route.id}`));
  });

  return {
    update(next) { showEdge(next.edge); },
    destroy() { alive = false; state?.graph.destroy(); },
  };
}
