// The app shell: history-API routes (every view has a permalink) and the views they open.

import './style.css';
import { clear, h } from './dom.js';
import { api } from './api.js';
import { plural } from './format.js';
import { storiesView } from './stories.js';
import { storyView } from './story.js';
import { articleView } from './article.js';
import { compareView } from './comparepage.js';
import { traceView } from './trace.js';

const app = document.getElementById('app');

const ROUTES = [
  [/^\/$/, () => ({ kind: 'stories' })],
  [/^\/story\/(\d+)\/?$/, (m) => ({ kind: 'story', id: Number(m[1]), edge: null })],
  [/^\/story\/(\d+)\/edge\/(\d+)-(\d+)\/?$/, (m) => ({ kind: 'story', id: Number(m[1]), edge: [Number(m[2]), Number(m[3])] })],
  [/^\/article\/(\d+)\/?$/, (m) => ({ kind: 'article', id: Number(m[1]) })],
  [/^\/compare\/(\d+)\/(\d+)\/?$/, (m) => ({ kind: 'compare', a: Number(m[1]), b: Number(m[2]) })],
  [/^\/trace\/?$/, () => ({ kind: 'trace' })],
];

function match(pathname) {
  for (const [pattern, make] of ROUTES) {
    const m = pathname.match(pattern);
    if (m) return make(m);
  }
  return { kind: 'missing' };
}

let current = null; // {kind, key, view}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

function setNav(kind) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', link.dataset.nav === (kind === 'trace' ? 'trace' : kind === 'stories' ? 'stories' : ''));
  }
}

function render() {
  const route = match(location.pathname);
  const params = new URLSearchParams(location.search);
  setNav(route.kind);
  const key = route.kind === 'story' ? `story:${route.id}` : `${route.kind}:${location.pathname}${location.search}`;
  if (current && current.key === key && current.view?.update) {
    current.view.update(route, params);
    return;
  }
  current?.view?.destroy?.();
  clear(app);
  window.scrollTo(0, 0);
  const context = { app, navigate, params };
  let view = null;
  switch (route.kind) {
    case 'stories': view = storiesView(context); break;
    case 'story': view = storyView(context, route); break;
    case 'article': view = articleView(context, route.id); break;
    case 'compare': view = compareView(context, route.a, route.b); break;
    case 'trace': view = traceView(context); break;
    default:
      document.title = 'Not found · stemma';
      app.append(h('section', { class: 'empty-state' }, h('h1', null, 'Nothing here'),
        h('p', null, 'This address is not a page of stemma. ', h('a', { href: '/', 'data-route': true }, 'See the stories'), '.')));
  }
  current = { kind: route.kind, key, view };
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-route]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  if (url.pathname + url.search !== location.pathname + location.search) navigate(url.pathname + url.search);
});

window.addEventListener('popstate', render);

document.getElementById('site-search').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = new FormData(event.currentTarget).get('q')?.toString().trim() ?? '';
  navigate(q ? `/?q=${encodeURIComponent(q)}` : '/');
});

async function footer() {
  const el = document.getElementById('site-footer');
  try {
    const stats = await api.stats();
    el.append(h('span', null, `${plural(stats.articles ?? 0, 'article')} · ${plural(stats.edges ?? 0, 'stemma edge')} in this store`));
  } catch {
    el.append(h('span', null, 'stemma'));
  }
  el.append(h('span', { class: 'muted' }, ' · served offline by stemma serve'));
}

render();
footer();
