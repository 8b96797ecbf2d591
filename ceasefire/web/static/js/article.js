// `#/article/<id>?quote=<quote id>`: one article in the app, its text with its actors, places
// and quotes picked out, and the quote a reader came from marked; the original page is a link away.
import {getJson} from './api.js';
import {externalLink, h, safeUrl} from './dom.js';
import {annotate} from './highlight.js';
import {legend, spansOf} from './sources.js';

export async function renderArticle(root, id, params) {
  const article = await getJson(`/api/articles/${encodeURIComponent(id)}`);
  const quote = (article.quotes || []).find((q) => q.id === params.get('quote'));
  const title = article.title || article.id;
  document.title = `${title} · ceasefire`;
  const published = article.published ? `published ${article.published.slice(0, 10)}` : 'publication date unknown';
  const speaker = quote && (article.actors.find((a) => a.id === quote.speaker)?.name || quote.speaker_mention?.text);
  root.replaceChildren(...[
    h('p', {class: 'crumbs'}, h('a', {href: '#/quotes'}, '← Quotes'), ' · ', h('a', {href: '#/'}, 'All incidents')),
    h('h1', {}, title),
    quote ? h('p', {class: 'meta'}, `The quote marked below (${quote.kind}) is ${speaker ? `${speaker}’s` : 'unattributed'}.`) : null,
    legend('the quote you came from'),
    h('article', {class: 'source'},
      h('p', {class: 'meta'}, [article.source, published].filter(Boolean).join(' · '),
        safeUrl(article.url) ? [' · ', externalLink(article.url, 'original')] : null, article.duplicate_of ? ` · near-duplicate of ${article.duplicate_of}` : ''),
      h('div', {class: 'article-text whole', tabindex: 0, 'aria-label': `Text of ${title}`},
        annotate(article.text, quote ? [quote] : [], spansOf(article)))),
  ].filter(Boolean));
  // the quote a reader came for, in view
  root.querySelector('mark.sentence')?.scrollIntoView({block: 'center'});
}
