// The source articles of an event or an incident: each article's text with the sentence of every
// report in it marked, and its actors, places and quotes picked out.
import {getJson} from './api.js';
import {externalLink, h} from './dom.js';
import {annotate} from './highlight.js';

/** What the marks mean; `sentence` says whose sentence the yellow mark is. */
export function legend(sentence) {
  const keys = [
    ['mark', 'sentence', sentence],
    ['span', 'ann-actor', 'actor'],
    ['span', 'ann-place', 'place'],
    ['span', 'ann-quote', 'quote'],
  ];
  return h('ul', {class: 'legend ann-legend', 'aria-label': 'What the marks mean'},
    keys.map(([tag, cls, text]) => h('li', {}, h(tag, {class: cls}, text))));
}

function describe(thing) {
  return [thing.kind || thing.feature, thing.country, thing.sector].filter(Boolean).join(', ');
}

/** The article's annotations as spans: quotes first so that, at equal offsets, they hold the names. */
export function spansOf(article) {
  const names = new Map(article.actors.map((a) => [a.id, a.name]));
  const spans = [];
  for (const quote of article.quotes || []) {
    const speaker = names.get(quote.speaker) || quote.speaker_mention?.text || 'unknown speaker';
    spans.push({start: quote.start, end: quote.end, tag: 'q', cls: 'ann-quote', title: `Quote (${quote.kind}) — ${speaker}`});
  }
  for (const actor of article.actors || []) {
    for (const m of actor.mentions) {
      spans.push({start: m.start, end: m.end, tag: 'span', cls: 'ann-actor', title: `Actor: ${actor.name} (${describe(actor)})`});
    }
  }
  for (const place of article.places || []) {
    for (const m of place.mentions) {
      spans.push({start: m.start, end: m.end, tag: 'span', cls: 'ann-place', title: `Place: ${place.name} (${describe(place)})`});
    }
  }
  return spans;
}

/** One article and every report of the event in it (fusion also joins reports within one article). */
function sourceCard(reports, article, what) {
  const [first] = reports;
  const published = first.published ? `published ${first.published}` : 'publication date unknown';
  const count = reports.length === 1 ? 'one report' : `${reports.length} reports`;
  const body = article
    ? h('div', {class: 'article-text', tabindex: 0, 'aria-label': `Text of ${first.title || first.article_id}`},
      annotate(article.text, reports, spansOf(article)))
    : h('p', {class: 'error', role: 'alert'}, 'The article could not be loaded.');
  return h('article', {class: 'source'},
    h('h3', {}, first.title || first.article_id),
    h('p', {class: 'meta'}, [first.source, published, `${count} of ${what}`].filter(Boolean).join(' · '), ' · ',
      externalLink(first.url, 'original'), article?.duplicate_of ? ` · near-duplicate of ${article.duplicate_of}` : ''),
    body);
}

/** One card per article of `reports` ({article_id, start, end, title, source, published, url}),
 *  in their order; `what` names what they report ("the event", "the incident"). */
export async function sourceCards(reports, what) {
  const byArticle = Map.groupBy(reports, (report) => report.article_id);
  const articles = new Map();
  await Promise.all([...byArticle.keys()].map(async (articleId) => {
    articles.set(articleId, await getJson(`/api/articles/${encodeURIComponent(articleId)}`).catch(() => null));
  }));
  return [...byArticle].map(([articleId, found]) => sourceCard(found, articles.get(articleId), what));
}

/** Each article scrolls in its own box: bring its first marked sentence into view, keep the page's top. */
export function showSentences(root) {
  for (const box of root.querySelectorAll('.article-text')) {
    const mark = box.querySelector('mark.sentence');
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }
}
