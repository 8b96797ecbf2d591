// `#/incident/<id>`: one real-world event as counted: its own facts (date range, place and its
// precision, actors, the toll as the range and the most-reported figure, how many reports),
// then every report of it, and each source article with the sentence of every report marked.
import {getJson} from './api.js';
import {fmtNumber, fmtToll, h, placePrecision, plural} from './dom.js';
import {colourOf} from './plover.js';
import {legend, showSentences, sourceCards} from './sources.js';

/** The days an incident covers: one day, or from one to the other; with its date's precision. */
export function fmtDates(incident) {
  const span = incident.date_from === incident.date_to ? incident.date_from : `${incident.date_from} to ${incident.date_to}`;
  // an undated incident's days are its articles' publication days
  if (!incident.date) return `undated (published ${span})`;
  return incident.date_precision === 'day' ? span : `${incident.date} (${incident.date_precision}: ${span})`;
}

function place(incident) {
  if (!incident.place) return incident.country ? `somewhere in ${incident.country}` : '–';
  const precision = placePrecision(incident.place_precision);
  const where = [incident.admin1 !== incident.place ? incident.admin1 : null, incident.country].filter(Boolean).join(', ');
  return [incident.place, where ? `, ${where}` : '',
    precision ? h('span', {class: 'precision'}, ` · ${precision}`) : null,
    // a country's point is only where the map draws it, not where it happened
    incident.lat != null && incident.place_precision !== 'country' ? h('span', {class: 'coords'}, ` (${incident.lat.toFixed(3)}, ${incident.lon.toFixed(3)})`) : null];
}

function facts(incident) {
  const rows = [
    ['Type', h('span', {}, h('span', {class: 'swatch', style: `background:${colourOf(incident.type)}`}), incident.type)],
    ['Date', fmtDates(incident)],
    ['Place', place(incident)],
    ['Actors', incident.actors.join(', ') || '–'],
    ['Recipients', incident.recipients.join(', ') || '–'],
    ['Killed', fmtToll(incident.fatalities_min, incident.fatalities_max, incident.fatalities_mode)],
    ['Injured', fmtToll(incident.injured_min, incident.injured_max, incident.injured_mode)],
    ['Sources', `${plural(incident.n_reports, 'report')} in ${plural(incident.n_articles, 'article')}`],
    ['Zones', incident.zones.length
      ? incident.zones.map((z, i) => [i ? ', ' : '', h('a', {href: `#/zone/${encodeURIComponent(z)}`}, z)]) : 'none'],
  ];
  return h('dl', {class: 'facts incident-facts'}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function reportsTable(reports) {
  return h('table', {class: 'reports'},
    h('caption', {}, reports.length === 1 ? 'The report' : `The ${plural(reports.length, 'report')}, in order of publication`),
    h('thead', {}, h('tr', {}, ['Published', 'Date', 'Place', 'Killed', 'Reported as', 'Sentence', 'Source']
      .map((name) => h('th', {scope: 'col'}, name)))),
    h('tbody', {}, reports.map((r) => h('tr', {},
      h('td', {class: 'nowrap'}, r.published ? r.published.slice(0, 10) : '–'),
      h('td', {class: 'nowrap'}, r.date || 'undated'),
      h('td', {}, r.place || '–'),
      h('td', {class: 'num'}, fmtNumber(r.fatalities)),
      // one sentence may report the incident twice ("the bomber ... detonated"): the word tells them apart
      h('td', {class: 'trigger'}, `“${r.trigger}”`),
      h('td', {}, h('a', {class: 'event-link', href: `#/event/${encodeURIComponent(r.id)}`}, r.sentence || '(no sentence)')),
      h('td', {class: 'source'}, r.title || r.article_id)))));
}

export async function renderIncident(root, id) {
  const {incident, reports} = await getJson(`/api/incidents/${encodeURIComponent(id)}`);
  const cards = await sourceCards(reports, 'the incident');
  const heading = `${incident.type}${incident.place ? ` in ${incident.place}` : ''}${incident.date ? `, ${incident.date}` : ''}`;
  document.title = `${heading} · ceasefire`;
  root.replaceChildren(
    h('p', {class: 'crumbs'}, h('a', {href: '#/'}, '← All incidents')),
    h('h1', {}, heading),
    h('p', {class: 'meta'}, 'One incident, fused from every asserted report of it.'),
    facts(incident),
    reportsTable(reports),
    h('h2', {}, cards.length === 1 ? 'Source article' : `Source articles (${cards.length})`),
    legend('a report’s sentence'),
    ...cards);
  showSentences(root);
}
