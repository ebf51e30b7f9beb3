// /trace: paste or upload an article and trace it against the store. The article is
// not stored; the last result is kept for this browser session so a reload shows it.

import { h, clear } from './dom.js';
import { api } from './api.js';
import { errorBox, loading } from './common.js';
import { traceReport } from './tracereport.js';

const SESSION_KEY = 'stemma.lastTrace';
const MAX_BYTES = 8 * 1024 * 1024;

function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', null, label), input, hint ? h('small', { class: 'muted' }, hint) : null);
}

export function traceView({ app }) {
  document.title = 'Trace an article · stemma';
  const text = h('textarea', { name: 'text', rows: '12', placeholder: 'Paste the article text (or HTML) here…', required: true });
  const title = h('input', { type: 'text', name: 'title', placeholder: 'Headline (optional)' });
  const outlet = h('input', { type: 'text', name: 'outlet', placeholder: 'Outlet (optional)' });
  const url = h('input', { type: 'url', name: 'url', placeholder: 'https://… (optional)' });
  const published = h('input', { type: 'datetime-local', name: 'published' });
  const file = h('input', { type: 'file', name: 'file', accept: '.txt,.text,.md,.html,.htm,text/plain,text/html' });
  const isHtml = h('input', { type: 'checkbox', name: 'html' });
  const status = h('span', { class: 'muted' });
  const result = h('div', { class: 'trace-result' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Trace it');

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      status.textContent = `${chosen.name} is over 8 MiB; paste an excerpt instead.`;
      return;
    }
    text.value = await chosen.text();
    isHtml.checked = /\.html?$/i.test(chosen.name) || chosen.type === 'text/html';
    status.textContent = `Loaded ${chosen.name} (${Math.round(chosen.size / 1024)} KiB).`;
  });

  const form = h('form', { class: 'card trace-form' },
    h('div', { class: 'card-head' }, h('h2', null, 'Your article'), h('span', { class: 'muted' }, 'compared with every stored article; nothing is saved')),
    field('Text', text),
    h('div', { class: 'form-row' },
      field('Or upload a file', file, '.txt or .html'),
      h('label', { class: 'check' }, isHtml, h('span', null, 'The text is HTML (extract the article from the page)'))),
    h('div', { class: 'form-row four' }, field('Headline', title), field('Outlet', outlet), field('URL', url), field('Published (UTC)', published)),
    h('div', { class: 'form-actions' }, submit, status));

  const show = (trace) => {
    clear(result);
    result.append(traceReport(trace));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = text.value;
    if (!body.trim()) {
      status.textContent = 'Paste some text first.';
      return;
    }
    const doc = { [isHtml.checked ? 'html' : 'text']: body };
    if (title.value.trim()) doc.title = title.value.trim();
    if (outlet.value.trim()) doc.outlet = outlet.value.trim();
    if (url.value.trim()) doc.url = url.value.trim();
    if (published.value) doc.published = `${published.value.length === 16 ? `${published.value}:00` : published.value}Z`;
    submit.disabled = true;
    status.textContent = '';
    clear(result);
    result.append(loading('Tracing…'));
    try {
      const trace = await api.trace(doc);
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(trace));
      show(trace);
      result.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } catch (err) {
      clear(result);
      result.append(errorBox(err, 'a trace'));
    } finally {
      submit.disabled = false;
    }
  });

  app.append(h('section', { class: 'page trace-page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Trace an article'),
      h('p', { class: 'lede' }, 'Paste or upload a news article to find the stored articles it copies, paraphrases or quotes, whether it credits them, and what it changed.')),
    form, result));

  const saved = sessionStorage.getItem(SESSION_KEY);
  if (saved) {
    try {
      show(JSON.parse(saved));
    } catch {
      sessionStorage.removeItem(SESSION_KEY);
    }
  }
  return {};
}
