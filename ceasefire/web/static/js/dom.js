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
/** "1 week", "3,201 events": a count with its noun. */
export function plural(n, noun) {
  return `${fmtNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
}

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

// What a place's precision means to a reader.
const PLACE_PRECISION = {
  city: 'town or city', admin1: 'province (first-level division)', country: 'country only', other: 'a site',
};

/** A place's precision in words; null when unknown. */
export function placePrecision(precision) {
  return PLACE_PRECISION[precision] || null;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (2017-02-30 is not one); blank is allowed. */
export function isIsoDay(text) {
  if (!text) return true;
  if (!ISO_DAY.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** A date field that takes and shows ISO dates only: a browser's date picker shows the
 *  reader's locale (mm/dd/yyyy), and 05/04/2017 reads two ways. A form with a bad date does
 *  not submit: the field says why. */
export function isoDateInput(name, value) {
  const input = h('input', {name, value, type: 'text', inputmode: 'numeric', size: 10, maxlength: 10,
    placeholder: 'YYYY-MM-DD', autocomplete: 'off', class: 'iso-date'});
  const check = () => input.setCustomValidity(isIsoDay(input.value.trim())
    ? '' : 'Write the date as YYYY-MM-DD, e.g. 2017-05-04');
  input.addEventListener('input', check);
  check();
  return input;
}

/** Save `text` as a file called `name` (a download the browser makes; nothing leaves the page). */
export function saveFile(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const link = h('a', {href: url, download: name, hidden: true});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function csvCell(value) {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join('; ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // a text cell a spreadsheet would run as a formula (=, +, @) is kept as text
  if (typeof value === 'string' && /^[=+@\t]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows (objects of one shape) as CSV with a header row; lists joined with "; ". */
export function toCsv(rows) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return [columns, ...rows.map((row) => columns.map((c) => row[c]))]
    .map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
