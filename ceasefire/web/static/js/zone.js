// `#/zone/<id>`: a zone's report: per period its events by type, the dead, the change against
// the period before, and the violations with links to their events.
import {getJson, withQuery} from './api.js';
import {fmtChange, fmtNumber, h, isoDateInput, plural} from './dom.js';
import {colourOf} from './plover.js';
import {timeline, timelineKey} from './timeline.js';

function changeCell(value, change) {
  return h('td', {class: 'num'}, fmtNumber(value),
    change === undefined || change === null ? null
      : h('span', {class: `change ${change > 0 ? 'up' : change < 0 ? 'down' : ''}`}, ` ${fmtChange(change)}`));
}

function typeChips(perType, change) {
  return h('ul', {class: 'chips'}, Object.entries(perType || {}).sort((a, b) => b[1] - a[1]).map(([type, n]) =>
    h('li', {}, h('span', {class: 'swatch', style: `background:${colourOf(type)}`}), `${type} ${n}`,
      change && change[type] ? h('span', {class: 'change'}, ` (${fmtChange(change[type])})`) : null)));
}

/** The latest period against the one before: events, violations and dead, with the change. */
/** Which periods the totals add up: the report may reach back before the zone's start
 *  (the events there are the baseline; only those after it are violations). */
function coverage(periods, by) {
  if (!periods.length) return '';
  const first = periods[0].period, last = periods[periods.length - 1].period;
  return `From ${first} to ${last} (${plural(periods.length, by)}): `;
}

function headline(periods, by) {
  if (periods.length < 2) {
    return h('section', {class: 'headline'}, h('p', {class: 'status'},
      periods.length ? `Only one ${by} has events here: nothing to set it against.` : `No events in this zone for these dates.`));
  }
  const [before, latest] = periods.slice(-2);
  const facts = [
    ['Events', latest.events, before.events],
    ['Violations', latest.violations.length, before.violations.length],
    ['Killed', latest.fatalities || 0, before.fatalities || 0],
  ];
  const span = (p) => `${p.period} (${p.start} – ${p.end})`;
  return h('section', {class: 'headline', 'aria-label': `This ${by} against the last`},
    h('h2', {}, `The latest ${by} against the one before`),
    h('table', {class: 'headline-table'},
      h('thead', {}, h('tr', {}, h('td', {}), h('th', {scope: 'col'}, span(latest)), h('th', {scope: 'col'}, span(before)),
        h('th', {scope: 'col'}, 'Change'))),
      h('tbody', {}, facts.map(([name, now, then]) => h('tr', {},
        h('th', {scope: 'row'}, name), h('td', {class: 'num big'}, fmtNumber(now)), h('td', {class: 'num'}, fmtNumber(then)),
        h('td', {class: `num change ${now > then ? 'up' : now < then ? 'down' : ''}`}, fmtChange(now - then)))))),
    h('p', {class: 'help'}, `The latest ${by} is the last with a report in this zone; ${by}s without one count as none.`));
}

function periodsTable(periods) {
  return h('table', {class: 'periods'},
    h('caption', {}, 'Per period, newest first (change against the period before)'),
    h('thead', {}, h('tr', {}, ['Period', 'From', 'To', 'Events', 'By type', 'Killed', 'Violations']
      .map((name) => h('th', {scope: 'col'}, name)))),
    h('tbody', {}, [...periods].reverse().map((p) => h('tr', {class: p.violations.length ? 'has-violations' : null},
      h('th', {scope: 'row'}, p.period), h('td', {}, p.start), h('td', {}, p.end),
      changeCell(p.events, p.change?.events),
      h('td', {}, typeChips(p.per_type, p.change?.per_type)),
      changeCell(p.fatalities, p.change?.fatalities),
      h('td', {class: 'num'}, p.violations.length ? h('a', {href: `#violations-${p.period}`,
        onclick: (e) => { e.preventDefault(); document.getElementById(`violations-${p.period}`)?.scrollIntoView(); }},
      String(p.violations.length)) : '0')))));
}

function violationsList(periods) {
  const withViolations = periods.filter((p) => p.violations.length).reverse();
  if (!withViolations.length) return h('p', {class: 'status'}, 'No violations recorded in this zone.');
  return h('div', {class: 'violation-list'}, withViolations.map((p) => h('section', {class: 'violations', id: `violations-${p.period}`},
    h('h3', {}, `${p.period} (${p.start} – ${p.end})`),
    h('ul', {}, p.violations.map((v) => h('li', {},
      h('p', {}, h('span', {class: 'swatch', style: `background:${colourOf(v.type)}`}), h('strong', {}, v.type),
        ` · ${v.date || 'undated'}`, v.place ? ` · ${v.place}` : '',
        v.fatalities ? ` · ${v.fatalities} killed` : ''),
      h('p', {}, h('a', {class: 'event-link', href: `#/event/${encodeURIComponent(v.event_id)}`}, v.sentence || v.event_id)),
      h('p', {class: 'meta'}, v.title || v.article_id)))))));
}

export async function renderZone(root, id, params) {
  const by = params.get('by') === 'day' ? 'day' : 'week';
  const since = params.get('since') || '';
  const until = params.get('until') || '';
  const report = await getJson(`/api/zones/${encodeURIComponent(id)}/report`, {by, since, until});
  const {zone, periods} = report;
  const totals = periods.reduce((t, p) => ({
    events: t.events + p.events, dead: t.dead + (p.fatalities || 0), violations: t.violations + p.violations.length,
  }), {events: 0, dead: 0, violations: 0});
  const form = h('form', {class: 'filters', 'aria-label': 'Report settings'},
    h('label', {class: 'field'}, h('span', {}, 'Periods'), h('select', {name: 'by'},
      h('option', {value: 'week', selected: by === 'week'}, 'weeks'),
      h('option', {value: 'day', selected: by === 'day'}, 'days'))),
    h('label', {class: 'field'}, h('span', {}, 'Since'), isoDateInput('since', since)),
    h('label', {class: 'field'}, h('span', {}, 'Until'), isoDateInput('until', until)),
    h('div', {class: 'buttons'}, h('button', {type: 'submit'}, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = withQuery(`#/zone/${encodeURIComponent(id)}`,
      {by: data.get('by'), since: data.get('since'), until: data.get('until')});
  });
  document.title = `${zone.name || zone.id} · ceasefire`;
  const declared = zone.start ? `in force from ${zone.start}${zone.end ? ` to ${zone.end}` : ''}` : 'no start date';
  root.replaceChildren(
    h('p', {class: 'crumbs'}, h('a', {href: '#/'}, '← All incidents'), ' · ',
      h('a', {href: withQuery('#/', {zone: zone.id})}, 'this zone’s events on the map')),
    h('h1', {}, zone.name || zone.id),
    h('p', {class: 'zone-meta'}, `Zone ${zone.id}, ${declared}. `, coverage(periods, by),
      `${plural(totals.events, 'event')}, ${fmtNumber(totals.dead)} killed; `,
      `${plural(totals.violations, 'violation')}${zone.start ? ` since it took effect on ${zone.start}` : ''}.`),
    headline(periods, by),
    form,
    h('figure', {class: 'zone-timeline wide'},
      timeline(periods, {width: 1180, height: 190, label: zone.name || zone.id, unit: by}),
      h('figcaption', {}, `${zone.name || zone.id}, per ${by}, oldest to newest. `, timelineKey())),
    periods.length ? periodsTable(periods) : h('p', {class: 'status'}, 'No events in this zone for these dates.'),
    h('h2', {}, 'Violations'),
    h('p', {class: 'help'}, 'Asserted assaults, coercion, mobilisation and threats inside the zone on or after its start.'),
    violationsList(periods));
}
