// The stemma as a graph: one node per article (its outlet), placed by publication
// time from left to right; edges coloured by relation, dashed when uncredited; sources
// the articles cite that are not in the corpus drawn as hollow placeholder nodes.

import cytoscape from 'cytoscape';
import { h, clear } from './dom.js';
import { RELATIONS, relationInfo, parseDate } from './format.js';

const LANE = 62;
const NODE_W = 118;
const NODE_H = 40;
const TRUNK = 22; // px from a parent's right side to the vertical part of its edges
const MIN_GAP = NODE_W + 2 * TRUNK;

// Publication times squeezed onto the x axis: half linear in time, half by rank, so a
// burst of copies within an hour does not pile up while days still look longer than hours.
function timePositions(times, width) {
  const knots = [...new Set(times)].sort((x, y) => x - y);
  const t0 = knots[0];
  const span = knots[knots.length - 1] - t0 || 1;
  const n = knots.length;
  return new Map(knots.map((t, i) => [t, width * (0.5 * ((t - t0) / span) + 0.5 * (n === 1 ? 0 : i / (n - 1)))]));
}

// Time → x, piecewise linear through the nodes' (time, x) knots, for the axis ticks.
function interpolator(knots, xs) {
  const n = knots.length;
  if (n === 0) return () => 0;
  if (n === 1) return () => xs[0];
  const at = (i, t) => xs[i - 1] + (t - knots[i - 1]) * (xs[i] - xs[i - 1]) / ((knots[i] - knots[i - 1]) || 1);
  return (t) => {
    let i = 1;
    while (i < n - 1 && t > knots[i]) ++i;
    return at(i, t);
  };
}

// Lanes (rows): an article continues its parent's row when it is the parent's first
// child (a chain of copies reads as a line); every other branch takes the nearest row
// no other branch uses, so the tree fans out. Edges are drawn as dendrogram elbows (a
// vertical "trunk" just right of the parent), so a row is refused when that trunk would
// cut through a node, or when the article would sit on an earlier trunk.
function assignLanes(articles, xById, parentsOf) {
  const laneOf = new Map();
  const lastX = new Map();
  const nodes = []; // {lane, x}
  const trunks = []; // {x, lo, hi}: crosses the rows strictly between lo and hi
  const continued = new Set();
  const clearance = NODE_W / 2 + 10;
  const blockedByTrunk = (lane, x) => trunks.some((t) => t.lo < lane && lane < t.hi && Math.abs(t.x - x) < clearance);
  const trunkHitsNode = (tx, from, to) => {
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    return nodes.some((n) => lo < n.lane && n.lane < hi && Math.abs(n.x - tx) < clearance);
  };
  const order = [...articles].sort((p, q) => xById.get(p.id) - xById.get(q.id) || p.id - q.id);
  for (const article of order) {
    const x = xById.get(article.id);
    const parent = (parentsOf.get(article.id) || []).find((p) => laneOf.has(p));
    const home = parent !== undefined ? laneOf.get(parent) : 0;
    const placedParents = (parentsOf.get(article.id) || []).filter((p) => laneOf.has(p));
    const trunkX = parent !== undefined ? xById.get(parent) + NODE_W / 2 + TRUNK : null;
    const fits = (lane, strict) => {
      if (lastX.has(lane)) return false;
      if (!strict) return true;
      return !blockedByTrunk(lane, x)
        && !placedParents.some((p) => trunkHitsNode(xById.get(p) + NODE_W / 2 + TRUNK, laneOf.get(p), lane));
    };
    let lane = null;
    if (parent !== undefined && !continued.has(parent) && x - lastX.get(home) >= MIN_GAP && !blockedByTrunk(home, x)) {
      lane = home;
      continued.add(parent);
    } else if (parent === undefined && fits(0, true)) {
      lane = 0;
    }
    for (let d = 1; lane === null; ++d) {
      const strict = d <= 40; // past that, any unused row: a crossing beats no layout
      for (const candidate of [home + d, home - d]) {
        if (lane === null && fits(candidate, strict)) lane = candidate;
      }
    }
    laneOf.set(article.id, lane);
    lastX.set(lane, x);
    nodes.push({ lane, x });
    if (trunkX !== null && lane !== home) {
      for (const p of parentsOf.get(article.id) || []) {
        if (!laneOf.has(p)) continue;
        const tx = xById.get(p) + NODE_W / 2 + TRUNK;
        trunks.push({ x: tx, lo: Math.min(laneOf.get(p), lane), hi: Math.max(laneOf.get(p), lane) });
      }
    }
  }
  return { laneOf, lastX };
}

// A row for each placeholder next to the first article that cites it: the nearest row
// that is free left of that article.
function placeholderLanes(keys, near, { laneOf, lastX }, xOfKey) {
  const firstX = new Map();
  for (const [id, lane] of laneOf) firstX.set(lane, Math.min(firstX.get(lane) ?? Infinity, xOfKey(id)));
  const out = new Map();
  for (const key of keys) {
    const home = laneOf.get(near.get(key)) ?? 0;
    const x = xOfKey(key);
    let lane = null;
    for (let d = 1; lane === null; ++d) {
      for (const candidate of [home - d, home + d]) {
        if (lane === null && (!lastX.has(candidate) || (firstX.get(candidate) ?? Infinity) - x >= MIN_GAP)) lane = candidate;
      }
    }
    lastX.set(lane, Math.max(lastX.get(lane) ?? -Infinity, x));
    firstX.set(lane, Math.min(firstX.get(lane) ?? Infinity, x));
    out.set(key, lane);
  }
  return out;
}

// Rows as consecutive indices, top to bottom.
function compactRows(...maps) {
  const rows = [...new Set(maps.flatMap((m) => [...m.values()]))].sort((p, q) => p - q);
  const rowOf = new Map(rows.map((lane, i) => [lane, i]));
  return maps.map((m) => new Map([...m].map(([id, lane]) => [id, rowOf.get(lane)])));
}

function shortOutlet(name) {
  if (!name) return 'unknown outlet';
  return name.length > 26 ? `${name.slice(0, 24)}…` : name;
}

function buildElements(story, width) {
  const articles = story.articles || [];
  const parentsOf = new Map();
  for (const e of story.edges || []) {
    if (!parentsOf.has(e.child)) parentsOf.set(e.child, []);
    parentsOf.get(e.child).push(e.parent);
  }
  // In time order (undated last), each article at its time's x, but never left of the
  // previous article nor closer than MIN_GAP to a parent: room for the edge's elbow.
  const timeOf = new Map(articles.map((a) => [a.id, parseDate(a.published)]));
  const positions = timePositions([...timeOf.values()].filter((t) => t !== null), width);
  const inOrder = [...articles].sort((p, q) => (timeOf.get(p.id) ?? Infinity) - (timeOf.get(q.id) ?? Infinity) || p.id - q.id);
  const xById = new Map();
  let previous = 0;
  for (const a of inOrder) {
    const t = timeOf.get(a.id);
    let x = Math.max(previous, t === null ? previous + MIN_GAP : positions.get(t));
    for (const p of parentsOf.get(a.id) || []) if (xById.has(p)) x = Math.max(x, xById.get(p) + MIN_GAP);
    xById.set(a.id, x);
    previous = x;
  }
  const knotX = new Map();
  for (const a of inOrder) {
    const t = timeOf.get(a.id);
    if (t !== null && !knotX.has(t)) knotX.set(t, xById.get(a.id));
  }
  const knots = [...knotX.keys()];
  const scale = { knots, xOf: interpolator(knots, knots.map((t) => knotX.get(t))) };
  const lanes = assignLanes(articles, xById, parentsOf);
  const placeholderByKey = new Map((story.placeholders || []).map((p) => [p.key, p]));
  const citedBy = new Map();
  for (const pe of story.placeholder_edges || []) {
    const x = xById.get(pe.child) ?? 0;
    if (!citedBy.has(pe.placeholder) || x < xById.get(citedBy.get(pe.placeholder))) citedBy.set(pe.placeholder, pe.child);
  }
  const placeholderX = (key) => (xById.get(citedBy.get(key)) ?? 0) - MIN_GAP;
  const xOfKey = (key) => (typeof key === 'number' ? xById.get(key) : placeholderX(key));
  const pLanes = placeholderLanes([...citedBy.keys()], citedBy, lanes, xOfKey);
  const [laneOf, placeholderLaneOf] = compactRows(lanes.laneOf, pLanes);
  const elements = [];
  for (const a of articles) {
    elements.push({
      group: 'nodes',
      data: {
        id: `a${a.id}`, article: a.id, kind: 'article',
        label: `${shortOutlet(a.outlet)}\n#${a.id}`,
        origin: a.id === story.origin ? 1 : 0,
      },
      position: { x: xById.get(a.id), y: laneOf.get(a.id) * LANE },
    });
  }
  for (const key of citedBy.keys()) {
    const p = placeholderByKey.get(key) || { key, name: key };
    elements.push({
      group: 'nodes',
      data: { id: `p:${key}`, kind: 'placeholder', label: `${shortOutlet(p.name || p.domain || key)}\nnot in the corpus`, placeholder: key },
      position: { x: placeholderX(key), y: placeholderLaneOf.get(key) * LANE },
    });
  }
  (story.placeholder_edges || []).forEach((pe, k) => {
    elements.push({
      group: 'edges',
      data: { id: `pe${k}`, source: `p:${pe.placeholder}`, target: `a${pe.child}`, kind: 'placeholder', credited: pe.credited ? 1 : 0, colour: '#95a5a6' },
    });
  });
  for (const e of story.edges || []) {
    elements.push({
      group: 'edges',
      data: {
        id: `e${e.parent}-${e.child}`, source: `a${e.parent}`, target: `a${e.child}`, kind: 'edge',
        parent: e.parent, child: e.child, relation: e.relation,
        credited: e.credited ? 1 : 0, colour: relationInfo(e.relation).colour,
        weight: 2 + 5 * Math.max(0, Math.min(1, e.coverage ?? 0)),
      },
    });
  }
  return { elements, scale };
}

const STYLE = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle', width: NODE_W, height: NODE_H,
      'background-color': '#ffffff', 'border-width': 1.5, 'border-color': '#51606f',
      label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': NODE_W - 8, 'text-valign': 'center', 'text-halign': 'center',
      'font-size': 11, 'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', color: '#1d2733',
      'line-height': 1.25,
    },
  },
  { selector: 'node[origin = 1]', style: { 'border-width': 3, 'border-color': '#d4a017', 'background-color': '#fff8e1' } },
  {
    selector: 'node[kind = "placeholder"]',
    style: { 'border-style': 'dashed', 'background-color': '#f4f6f8', 'border-color': '#95a5a6', color: '#5d6d7e', shape: 'round-rectangle', 'font-style': 'italic' },
  },
  { selector: 'node:selected', style: { 'border-color': '#1f6feb', 'border-width': 3.5, 'background-color': '#eaf2ff' } },
  { selector: 'node.dim, edge.dim', style: { opacity: 0.25 } },
  {
    selector: 'edge',
    style: {
      width: 'data(weight)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
      'target-arrow-shape': 'triangle', 'arrow-scale': 1.1, 'overlay-padding': 6,
      // Dendrogram edges: out of the parent, down or up to the child's row, along it into the child.
      'curve-style': 'taxi', 'taxi-direction': 'rightward', 'taxi-turn': TRUNK, 'taxi-turn-min-distance': 4, 'taxi-radius': 10,
    },
  },
  { selector: 'edge[credited = 0]', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 5] } },
  { selector: 'edge[kind = "placeholder"]', style: { width: 2, 'line-style': 'dotted', 'target-arrow-shape': 'vee' } },
  { selector: 'edge:selected, edge.current', style: { 'underlay-color': '#1f6feb', 'underlay-opacity': 0.35, 'underlay-padding': 6, 'z-index': 10 } },
];

function ticksFor(knots) {
  if (knots.length === 0) return [];
  const t0 = knots[0];
  const t1 = knots[knots.length - 1];
  const hour = 3600e3;
  const span = t1 - t0;
  const step = span > 10 * 24 * hour ? 7 * 24 * hour : span > 3 * 24 * hour ? 24 * hour : span > 24 * hour ? 12 * hour : span > 6 * hour ? 3 * hour : hour;
  const ticks = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1 && ticks.length < 40; t += step) ticks.push(t);
  return ticks;
}

const tickFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

export function legend() {
  const item = (swatch, text) => h('li', null, swatch, h('span', null, text));
  return h('ul', { class: 'graph-legend' },
    Object.entries(RELATIONS).map(([key, r]) => item(h('span', { class: 'edge-swatch', dataset: { relation: key } }), r.label)),
    item(h('span', { class: 'edge-swatch dashed' }), 'dashed: uncredited'),
    item(h('span', { class: 'edge-swatch dotted' }), 'dotted: cited source'),
    item(h('span', { class: 'node-swatch placeholder' }), 'source not in the corpus'),
    item(h('span', { class: 'node-swatch origin' }), 'origin'));
}

// Draws the story's stemma into container. onEdge(parent, child) and onNode(articleId)
// fire on clicks; the returned object selects an edge or node from outside.
export function stemmaGraph(container, story, { onEdge, onNode, onHover } = {}) {
  clear(container);
  const canvasBox = h('div', { class: 'graph-canvas' });
  const axis = h('div', { class: 'graph-axis' });
  container.append(canvasBox, axis);
  const { elements, scale } = buildElements(story, Math.max(600, (container.clientWidth || 900) - 170));
  const rows = new Set(elements.filter((el) => el.group === 'nodes').map((el) => el.position.y)).size;
  canvasBox.style.height = `${Math.max(280, Math.min(640, rows * LANE + 110))}px`;
  const cy = cytoscape({
    container: canvasBox, elements, style: STYLE, layout: { name: 'preset' },
    minZoom: 0.2, maxZoom: 3, boxSelectionEnabled: false, autoungrabify: true,
  });
  cy.fit(undefined, 40);
  // Shrink the canvas to the drawing, so a wide, flat stemma leaves no empty band.
  const drawn = cy.elements().renderedBoundingBox();
  const fitted = Math.max(260, Math.min(canvasBox.clientHeight, Math.ceil(drawn.h) + 90));
  if (fitted < canvasBox.clientHeight) {
    canvasBox.style.height = `${fitted}px`;
    cy.resize();
    cy.fit(undefined, 40);
  }
  if (cy.zoom() > 1.4) {
    cy.zoom(1.4);
    cy.center();
  }
  const ticks = ticksFor(scale.knots);
  const drawAxis = () => {
    clear(axis);
    const pan = cy.pan();
    const zoom = cy.zoom();
    const width = canvasBox.clientWidth;
    let lastRight = -Infinity;
    for (const t of ticks) {
      const x = pan.x + zoom * scale.xOf(t);
      if (x < 0 || x > width || x - lastRight < 70) continue;
      lastRight = x;
      const tick = h('span', { class: 'tick' }, tickFormat.format(t));
      tick.style.left = `${x}px`;
      axis.append(tick);
    }
  };
  cy.on('viewport resize', drawAxis);
  drawAxis();
  cy.on('tap', 'edge[kind = "edge"]', (event) => onEdge?.(event.target.data('parent'), event.target.data('child')));
  cy.on('tap', 'node[kind = "article"]', (event) => onNode?.(event.target.data('article')));
  cy.on('mouseover', 'edge, node', (event) => {
    canvasBox.classList.add('pointer');
    onHover?.(event.target.data());
  });
  cy.on('mouseout', 'edge, node', () => {
    canvasBox.classList.remove('pointer');
    onHover?.(null);
  });
  // Tests and the console reach the graph through its container.
  Object.defineProperty(container, 'cy', { value: cy, configurable: true });
  const highlightArticle = (id) => {
    cy.elements().removeClass('dim');
    if (id === null) return;
    const node = cy.getElementById(`a${id}`);
    const keep = node.closedNeighborhood();
    cy.elements().not(keep).addClass('dim');
  };
  return {
    cy,
    selectEdge(parent, child) {
      cy.elements().removeClass('current').unselect();
      if (parent !== null) cy.getElementById(`e${parent}-${child}`).addClass('current').select();
    },
    selectNode(id) {
      cy.elements().unselect();
      if (id !== null) cy.getElementById(`a${id}`).select();
    },
    highlightArticle,
    destroy: () => cy.destroy(),
  };
}
