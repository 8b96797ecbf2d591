// `#/quotes`: quotes searched by speaker and words, latest first, with their source.
import {getJson, withQuery} from './api.js';
import {externalLink, h, isoDateInput, safeUrl, statusLine} from './dom.js';

const PAGE = 20;
const FIELDS = ['speaker', 'text', 'since', 'until'];

function quoteItem(quote) {
  const speaker = quote.speaker || quote.speaker_text || 'unattributed';
  return h('li', {class: 'quote'},
    h('blockquote', {}, quote.text),
    h('p', {class: 'meta'}, '— ', h('strong', {}, speaker),
      quote.speaker_country ? ` (${quote.speaker_country})` : '', ` · ${quote.kind}`,
      quote.cue ? ` · “${quote.cue}”` : ''),
    h('p', {class: 'meta'},
      h('a', {class: 'article-link', href: articleHref(quote.article_id, quote.local_id)}, quote.title || quote.article_id),
      quote.published ? ` · ${quote.published.slice(0, 10)}` : '', quote.source ? ` · ${quote.source}` : '',
      // no link where the store has no address: "original" as plain text would read as one
      safeUrl(quote.url) ? [' · ', externalLink(quote.url, 'original')] : null));
}

/** The in-app page of an article with one of its quotes marked. */
export function articleHref(articleId, quoteId) {
  const page = `#/article/${encodeURIComponent(articleId)}`;
  return quoteId ? `${page}?quote=${encodeURIComponent(quoteId)}` : page;
}

async function fillResults(box, filters, offset) {
  const page = await getJson('/api/quotes', {...filters, limit: PAGE, offset});
  const summary = page.items.length ? `Quotes ${offset + 1}–${offset + page.items.length}` : 'No quotes match.';
  box.replaceChildren(
    h('p', {class: 'count', role: 'status'}, summary),
    h('ol', {class: 'quotes', start: offset + 1}, page.items.map(quoteItem)),
    h('nav', {class: 'pager', 'aria-label': 'Quote pages'},
      h('button', {type: 'button', disabled: offset === 0,
        onclick: () => fillResults(box, filters, Math.max(0, offset - PAGE))}, '← Previous'),
      h('button', {type: 'button', disabled: !page.next,
        onclick: () => fillResults(box, filters, offset + PAGE)}, 'Next →')));
}

export async function renderQuotes(root, params) {
  const filters = Object.fromEntries(FIELDS.map((name) => [name, params.get(name) || '']));
  const input = (name, label, attrs = {}) => h('label', {class: 'field'}, h('span', {}, label),
    h('input', {name, value: filters[name], ...attrs}));
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Search quotes'},
    input('speaker', 'Speaker', {size: 18, placeholder: 'e.g. Lavrov'}),
    input('text', 'Words', {size: 22, type: 'search', placeholder: 'e.g. ceasefire'}),
    h('label', {class: 'field'}, h('span', {}, 'Since'), isoDateInput('since', filters.since)),
    h('label', {class: 'field'}, h('span', {}, 'Until'), isoDateInput('until', filters.until)),
    h('div', {class: 'buttons'}, h('button', {type: 'submit'}, 'Search'),
      h('a', {href: '#/quotes', class: 'button secondary'}, 'Reset')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = withQuery('#/quotes', Object.fromEntries(FIELDS.map((n) => [n, String(data.get(n) || '').trim()])));
  });
  const results = h('section', {class: 'quote-results', 'aria-label': 'Quotes found'}, statusLine('Searching…'));
  document.title = 'Quotes · ceasefire';
  root.replaceChildren(h('h1', {}, 'Quotes'), form, results);
  await fillResults(results, filters, 0);
}
