// `#/event/<id>`: one real-world event and every article that reports it, each with the
// event's sentence marked and the article's actors, places and quotes picked out.
import {getJson} from './api.js';
import {externalLink, fmtNumber, h} from './dom.js';
import {annotate} from './highlight.js';
import {colourOf} from './plover.js';

// What an event that is not asserted is, said on its page: it is shown, never counted.
const NOT_ASSERTED = {
  negated: 'The text says this did not happen.',
  hypothetical: 'The text says this might happen, or would under some condition.',
  planned: 'The text says this is planned, threatened or expected: it had not happened.',
  background: 'A cumulative or historical toll or state (“has killed … since 2011”), not news of the day.',
};

function statusNote(status) {
  if (!status || status === 'asserted') return null;
  return h('p', {class: `status-note status-${status}`, role: 'note'},
    h('strong', {}, `Not counted — ${status}. `), NOT_ASSERTED[status] || 'Reported, not asserted.',
    ' Zone reports, incidents, the summary and the default lists and map leave it out.');
}

const LEGEND = [
  ['mark', 'sentence', 'the event’s sentence'],
  ['span', 'ann-actor', 'actor'],
  ['span', 'ann-place', 'place'],
  ['span', 'ann-quote', 'quote'],
];

function legend() {
  return h('ul', {class: 'legend ann-legend', 'aria-label': 'What the marks mean'},
    LEGEND.map(([tag, cls, text]) => h('li', {}, h(tag, {class: cls}, text))));
}

function describe(thing) {
  return [thing.kind || thing.feature, thing.country, thing.sector].filter(Boolean).join(', ');
}

/** The article's annotations as spans: quotes first so that, at equal offsets, they hold the names. */
function spansOf(article) {
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

function facts(event) {
  const rows = [
    ['Type', h('span', {}, h('span', {class: 'swatch', style: `background:${colourOf(event.type)}`}), event.type,
      event.mode ? ` (${event.mode})` : '')],
    ['Date', event.date || 'undated'],
    ['Place', event.place ? `${event.place}${event.lat != null ? ` (${event.lat.toFixed(3)}, ${event.lon.toFixed(3)})` : ''}` : '–'],
    ['Actors', event.actors?.join(', ') || '–'],
    ['Recipients', event.recipients?.join(', ') || '–'],
    ['Killed', fmtNumber(event.fatalities)],
    ['Injured', fmtNumber(event.injured)],
    ['Status', event.status || '–'],
    ['ACLED', [event.acled_event_type, event.acled_sub_event_type].filter(Boolean).join(' · ') || '–'],
    ['Civilians targeted', event.civilian_targeting == null ? '–' : (event.civilian_targeting ? 'yes' : 'no')],
    ['Zones', event.zones?.length
      ? event.zones.map((z, i) => [i ? ', ' : '', h('a', {href: `#/zone/${encodeURIComponent(z)}`}, z)]) : 'none'],
  ];
  return h('dl', {class: 'facts'}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** One article and every report of the event in it (fusion also joins reports within one article). */
function sourceCard(reports, article) {
  const [first] = reports;
  const published = first.published ? `published ${first.published}` : 'publication date unknown';
  const count = reports.length === 1 ? 'one report' : `${reports.length} reports`;
  const body = article
    ? h('div', {class: 'article-text', tabindex: 0, 'aria-label': `Text of ${first.title || first.article_id}`},
      annotate(article.text, reports, spansOf(article)))
    : h('p', {class: 'error', role: 'alert'}, 'The article could not be loaded.');
  return h('article', {class: 'source'},
    h('h3', {}, first.title || first.article_id),
    h('p', {class: 'meta'}, [first.source, published, `${count} of the event`].filter(Boolean).join(' · '), ' · ',
      externalLink(first.url, 'original'), article?.duplicate_of ? ` · near-duplicate of ${article.duplicate_of}` : ''),
    body);
}

export async function renderEvent(root, id) {
  const {event, sources} = await getJson(`/api/events/${encodeURIComponent(id)}`);
  const byArticle = Map.groupBy(sources, (source) => source.article_id);
  const articles = new Map();
  await Promise.all([...byArticle.keys()].map(async (articleId) => {
    articles.set(articleId, await getJson(`/api/articles/${encodeURIComponent(articleId)}`).catch(() => null));
  }));
  const heading = `${event.type}${event.place ? ` in ${event.place}` : ''}${event.date ? `, ${event.date}` : ''}`;
  document.title = `${heading} · ceasefire`;
  root.replaceChildren(
    h('p', {class: 'crumbs'}, h('a', {href: '#/'}, '← All events')),
    h('h1', {class: event.status && event.status !== 'asserted' ? 'not-asserted' : null}, heading),
    statusNote(event.status),
    facts(event),
    h('h2', {}, byArticle.size === 1 ? 'Source article' : `Source articles (${byArticle.size})`),
    legend(),
    ...[...byArticle].map(([articleId, reports]) => sourceCard(reports, articles.get(articleId))));
  // each article scrolls in its own box: bring its sentence into view, keep the page's top
  for (const box of root.querySelectorAll('.article-text')) {
    const mark = box.querySelector('mark.sentence');
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }
}
