// DOM helpers. Untrusted text (titles, sentences, quotes, names) only ever reaches the page
// through these: strings become Text nodes, never markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h('a', {href: '#/'}, 'text', otherNode). */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, for the charts. */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** A link's target only when it is a web address: a stored URL could be `javascript:`. */
export function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, location.origin);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link to an article's original page, opened without handing it this page. */
export function externalLink(url, text) {
  const href = safeUrl(url);
  if (!href) return h('span', {}, text);
  return h('a', {href, rel: 'noopener noreferrer nofollow', target: '_blank'}, text);
}

export function fmtNumber(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en');
}

/** A toll over several reports: one figure when they agree, else the range and the most-reported one. */
export function fmtToll(low, high, most) {
  if (low === null || low === undefined) return '–';
  if (low === high) return fmtNumber(low);
  return `${fmtNumber(low)}–${fmtNumber(high)} (most reported: ${fmtNumber(most)})`;
}

/** "+3", "−2", "±0": a change against the previous period. */
export function fmtChange(n) {
  if (n === null || n === undefined) return '';
  if (n > 0) return `+${n}`;
  if (n < 0) return `−${-n}`;
  return '±0';
}

export function statusLine(text, kind = 'status') {
  return h('p', {class: kind, role: kind === 'error' ? 'alert' : 'status'}, text);
}
