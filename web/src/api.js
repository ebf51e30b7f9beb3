// The JSON API of `stemma serve` (/api/v1). Every call returns parsed JSON or
// throws an ApiError carrying the server's message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { headers: { Accept: 'application/json' }, ...options });
  } catch (err) {
    throw new ApiError(0, `cannot reach the stemma server (${err.message})`);
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const message = body?.error?.message || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  if (body === null) throw new ApiError(response.status, 'the server sent no JSON');
  return body;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const cache = new Map();
// Stored stories and articles do not change while a page is open: fetch each once.
function cached(key, load) {
  if (!cache.has(key)) cache.set(key, load().catch((err) => { cache.delete(key); throw err; }));
  return cache.get(key);
}

export const api = {
  stats: () => request('/stats'),
  stories: (params = {}) => request(`/stories${query(params)}`),
  story: (id) => cached(`story:${id}`, () => request(`/stories/${encodeURIComponent(id)}`)),
  articles: (params = {}) => request(`/articles${query(params)}`),
  article: (ref) => cached(`article:${ref}`, () => request(`/articles/${encodeURIComponent(ref)}?body=1`)),
  articleTrace: (ref) => cached(`trace:${ref}`, () => request(`/articles/${encodeURIComponent(ref)}/trace`)),
  compare: (a, b) => cached(`compare:${a}:${b}`, () => request(`/compare${query({ a, b })}`)),
  trace: (doc) => request('/trace', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(doc),
  }),
  exportUrl: (id, format) => `/api/v1/stories/${encodeURIComponent(id)}/export${query({ format })}`,
};
