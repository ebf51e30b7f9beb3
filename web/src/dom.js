// DOM building without innerHTML: every string from the API is article data
// (hostile HTML), so it only ever becomes a text node or a checked attribute.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'href') el.setAttribute('href', value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// A URL from an article, or null unless it is plain http(s): no javascript:, data: or
// relative links that would resolve against this page.
export function safeHttpUrl(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// An outbound link to the article's own page, or its text alone when the URL is unsafe.
export function externalLink(url, text) {
  const safe = safeHttpUrl(url);
  if (!safe) return h('span', { class: 'url-text' }, text ?? url ?? '');
  return h('a', { href: safe, class: 'external', rel: 'noopener noreferrer nofollow', target: '_blank' }, text ?? safe);
}

// A link inside the app, followed by the router without a page load.
export function routeLink(path, ...children) {
  return h('a', { href: path, 'data-route': true }, ...children);
}
