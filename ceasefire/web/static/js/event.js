// `#/event/<id>`: one real-world event and every article that reports it, each with the
// event's sentence marked and the article's actors, places and quotes picked out.
import {getJson} from './api.js';
import {fmtNumber, h} from './dom.js';
import {colourOf} from './plover.js';
import {legend, showSentences, sourceCards} from './sources.js';

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

/** Where the incident this report is part of is counted, or why it is in none. */
function incidentLink(incidentId, reports) {
  if (!incidentId) return null;
  const others = reports > 1 ? ` with ${reports - 1} other report${reports === 2 ? '' : 's'}` : '';
  return h('p', {class: 'incident-link'}, 'Counted as ',
    h('a', {href: `#/incident/${encodeURIComponent(incidentId)}`}, 'one incident'), others, '.');
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

export async function renderEvent(root, id) {
  const {event, sources, incident_id: incidentId} = await getJson(`/api/events/${encodeURIComponent(id)}`);
  const cards = await sourceCards(sources, 'the event');
  const heading = `${event.type}${event.place ? ` in ${event.place}` : ''}${event.date ? `, ${event.date}` : ''}`;
  document.title = `${heading} · ceasefire`;
  // replaceChildren would write a null out as the text "null": leave the notes that do not apply out
  root.replaceChildren(...[
    h('p', {class: 'crumbs'}, h('a', {href: '#/'}, '← All incidents')),
    h('h1', {class: event.status && event.status !== 'asserted' ? 'not-asserted' : null}, heading),
    statusNote(event.status),
    facts(event),
    incidentLink(incidentId, sources.length),
    h('h2', {}, cards.length === 1 ? 'Source article' : `Source articles (${cards.length})`),
    legend('the event’s sentence'),
    ...cards].filter(Boolean));
  showSentences(root);
}
