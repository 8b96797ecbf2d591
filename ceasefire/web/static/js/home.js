// `#/`: the map of incidents over the base map and zones, a timeline per zone, and the incident
// table. An incident is one real-world event, fused from every asserted report of it: what is
// counted. `view=reports` shows the single reports (events) instead, as does a status filter
// that asks for reports that are not asserted (no incident is made of them). The filters live
// in the hash (#/?type=ASSAULT&zone=idlib&sort=-fatalities) so a view can be linked; the zone timelines count
// asserted events once each, whatever the filter.
import {eventStatuses, eventTypes, getJson, withQuery, zones} from './api.js';
import {fmtNumber, fmtToll, h, isoDateInput, saveFile, statusLine, toCsv} from './dom.js';
import {addZones, createMap, eventLayer, frame} from './map.js';
import {colourOf} from './plover.js';
import {timeline, timelineKey} from './timeline.js';

const PAGE = 25;
const FIELDS = ['since', 'until', 'country', 'actor', 'text', 'zone'];
// the API's biggest page: a download walks the whole list this many at a time
const DOWNLOAD_PAGE = 500;
// what the incident list sorts by (the API sorts): a heading's key, and which way it starts
const SORTS = {date: '-date', fatalities: '-fatalities', reports: '-reports'};
const DEFAULT_SORT = '-date';

const ASSERTED = 'asserted';
const REPORTS = 'reports';

function filtersOf(params) {
  const filters = {type: params.getAll('type'), status: params.getAll('status')};
  for (const name of FIELDS) filters[name] = params.get(name) || '';
  return filters;
}

/** The incident list's order from the hash: one of SORTS either way, else latest first. */
function sortOf(params) {
  const sort = params.get('sort') || DEFAULT_SORT;
  return Object.hasOwn(SORTS, sort.replace(/^-/, '')) ? sort : DEFAULT_SORT;
}

/** 'incidents' or 'reports': incidents unless the hash asks for reports, or for statuses that
 *  only reports have. */
function viewOf(params, filters) {
  const others = filters.status.some((s) => s !== ASSERTED);
  return params.get('view') === REPORTS || others ? REPORTS : 'incidents';
}

function field(label, input) {
  return h('label', {class: 'field'}, h('span', {}, label), input);
}

/** A status badge for an event that is not asserted (nothing for one that is). */
function statusBadge(status) {
  return status && status !== ASSERTED
    ? h('span', {class: `status-badge status-${status}`, title: 'Not counted: reported, not asserted'}, status)
    : null;
}

function filterForm(filters, view, sort, zoneList, typeList, statusList) {
  const typeSelect = h('select', {name: 'type', multiple: true, size: 4, 'aria-describedby': 'type-help'},
    typeList.map((t) => h('option', {value: t, selected: filters.type.includes(t)}, t)));
  const shown = filters.status.length ? filters.status : [ASSERTED];
  const statusSelect = h('select', {name: 'status', multiple: true, size: 5, 'aria-describedby': 'type-help'},
    statusList.map((s) => h('option', {value: s, selected: shown.includes(s)}, s)));
  const zoneSelect = h('select', {name: 'zone'}, h('option', {value: ''}, 'any'),
    zoneList.features.map((f) => h('option', {value: f.properties.id, selected: filters.zone === f.properties.id},
      f.properties.name || f.properties.id)));
  const viewSelect = h('select', {name: 'view'},
    h('option', {value: '', selected: view !== REPORTS}, 'incidents'),
    h('option', {value: REPORTS, selected: view === REPORTS}, 'single reports'));
  const input = (name, attrs = {}) => h('input', {name, value: filters[name], ...attrs});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter events'},
    field('Show', viewSelect),
    field('Type', typeSelect),
    field('Status', statusSelect),
    field('Since', isoDateInput('since', filters.since)),
    field('Until', isoDateInput('until', filters.until)),
    field('Country', input('country', {size: 4, maxlength: 3, placeholder: 'SYR', pattern: '[A-Za-z]{3}'})),
    field('Actor', input('actor', {size: 12, placeholder: 'name or code'})),
    field('Text', input('text', {size: 14, type: 'search', placeholder: 'words'})),
    field('Zone', zoneSelect),
    h('div', {class: 'buttons'}, h('button', {type: 'submit'}, 'Apply'),
      h('a', {href: '#/', class: 'button secondary'}, 'Reset')),
    h('small', {id: 'type-help', class: 'help'},
      'Ctrl/⌘-click picks several types or statuses. An incident is one event fused from all its reports. Only asserted reports happened and make incidents: the others are shown, as single reports, marked, when picked.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const status = data.getAll('status');
    // asserted alone is the default: the link stays short
    const others = status.some((s) => s !== ASSERTED);
    const params = {type: data.getAll('type'), status: status.length === 1 && status[0] === ASSERTED ? [] : status,
      view: others ? REPORTS : String(data.get('view') || '')};
    for (const name of FIELDS) params[name] = String(data.get(name) || '').trim();
    if (sort !== DEFAULT_SORT) params.sort = sort;
    location.hash = withQuery('#/', params);
  });
  return form;
}

function typeLegend(collection, view) {
  const present = [...new Set(collection.features.map((f) => f.properties.type))].sort();
  return h('ul', {class: 'legend', 'aria-label': 'Types on the map'},
    present.map((t) => h('li', {}, h('span', {class: 'swatch', style: `background:${colourOf(t)}`}), t)),
    h('li', {class: 'size-key'}, view === REPORTS ? 'circle area: fatalities' : 'circle area: most-reported toll'),
    h('li', {class: 'size-key'}, h('span', {class: 'cluster-key'}, 'n'),
      'cluster of n: its ring is shared among its types, in their colours; a click opens it'),
    collection.features.some((f) => f.properties.status && f.properties.status !== ASSERTED)
      ? h('li', {}, h('span', {class: 'swatch not-asserted'}), 'not asserted (not counted)') : null,
    h('li', {}, h('span', {class: 'swatch zone'}), 'zone'));
}

/** "actors → recipients"; with no actor named the arrow stays, so a recipient never reads as
 *  the one who acted ("– → local activists"). */
function whoToWhom(actors, recipients) {
  if (!recipients) return actors || '–';
  return `${actors || '–'} → ${recipients}`;
}

function eventRow(row) {
  const who = whoToWhom(row.actors?.join(', '), row.recipients?.join(', '));
  return h('tr', {},
    h('td', {class: 'nowrap'}, row.date || '–'),
    h('td', {class: 'nowrap'}, h('span', {class: 'swatch', style: `background:${colourOf(row.type)}`}), row.type,
      // the word that reports it: what tells two reports of one sentence apart
      h('div', {class: 'trigger', title: 'The word that reports it'}, `“${row.trigger}”`)),
    h('td', {class: 'nowrap'}, statusBadge(row.status) || row.status),
    h('td', {}, row.place || '–'),
    h('td', {}, who),
    h('td', {class: 'num'}, fmtNumber(row.fatalities)),
    h('td', {}, h('a', {class: 'event-link', href: `#/event/${encodeURIComponent(row.id)}`}, row.sentence || '(no sentence)')),
    h('td', {class: 'source'}, row.title || row.article_id));
}

/** The first few names, most named first, and how many more: an incident fused from many
 *  reports can gather a dozen; its page lists them all. */
function fewNames(names, shown = 3) {
  const more = names.length - shown;
  return names.slice(0, shown).join(', ') + (more > 0 ? ` +${more}` : '');
}

/** The toll: one figure when the reports agree, else the range over the most-reported figure
 *  (kept narrow: the sentence needs the width). */
function tollCell(row) {
  const {fatalities_min: low, fatalities_max: high, fatalities_mode: most} = row;
  if (low === null || low === high) return h('td', {class: 'num'}, fmtNumber(low));
  return h('td', {class: 'num', title: fmtToll(low, high, most)},
    h('span', {class: 'nowrap'}, `${fmtNumber(low)}–${fmtNumber(high)}`),
    h('div', {class: 'trigger nowrap'}, `most reported: ${fmtNumber(most)}`));
}

function incidentRow(row) {
  const who = whoToWhom(fewNames(row.actors), fewNames(row.recipients));
  // reports a day or two apart: the days they cover; a coarser date reads as given (2017-W21)
  const days = row.date_precision === 'day' && row.date_from !== row.date_to ? `${row.date_from} to ${row.date_to}` : row.date;
  const others = row.n_articles > 1 ? ` and ${row.n_articles - 1} more` : '';
  return h('tr', {},
    h('td', {class: 'nowrap'}, days || '–'),
    h('td', {class: 'nowrap'}, h('span', {class: 'swatch', style: `background:${colourOf(row.type)}`}), row.type),
    h('td', {}, row.place || '–'),
    h('td', {}, who),
    tollCell(row),
    h('td', {class: 'num'}, String(row.n_reports)),
    h('td', {}, h('a', {class: 'incident-link', href: `#/incident/${encodeURIComponent(row.id)}`}, row.sentence || '(no sentence)')),
    h('td', {class: 'source'}, row.title || row.article_id, others));
}

// What each view lists: its API path, its table's class, columns and rows, and its name.
const LISTS = {
  incidents: {path: '/api/incidents', row: incidentRow, noun: 'Incidents',
    columns: ['Date', 'Type', 'Place', 'Actors → recipients', 'Killed', 'Reports', 'Sentence', 'Sources'],
    sortable: {Date: 'date', Killed: 'fatalities', Reports: 'reports'}},
  [REPORTS]: {path: '/api/events', row: eventRow, noun: 'Reports',
    columns: ['Date', 'Type', 'Status', 'Place', 'Actors → recipients', 'Killed', 'Sentence', 'Source']},
};

/** A column heading; a sortable one is a button that sorts the whole list by it (again: the
 *  other way), and says which way it is sorted. */
function heading(name, key, sort, params) {
  if (!key) return h('th', {scope: 'col'}, name);
  const current = sort.replace(/^-/, '') === key;
  const descending = sort.startsWith('-');
  const next = current ? (descending ? key : `-${key}`) : SORTS[key];
  const go = () => {
    const query = new URLSearchParams(params);
    query.delete('sort');
    if (next !== DEFAULT_SORT) query.set('sort', next);
    const text = query.toString();
    location.hash = text ? `#/?${text}` : '#/';
  };
  return h('th', {scope: 'col', 'aria-sort': current ? (descending ? 'descending' : 'ascending') : null},
    h('button', {type: 'button', class: 'sort', 'data-sort': key, onclick: go,
      title: `Sort by ${name.toLowerCase()}`}, name, current ? (descending ? ' ▼' : ' ▲') : ' ↕'));
}

async function fillTable(section, filters, view, sort, params, offset) {
  const list = LISTS[view];
  const query = {...filters, limit: PAGE, offset};
  if (list.sortable) query.sort = sort;
  const page = await getJson(list.path, query);
  // a large store's count stops where the deepest page ends: "of more than 10,500"
  const more = page.total_exact === false ? 'more than ' : '';
  const of = page.total === undefined ? '' : ` of ${more}${fmtNumber(page.total)}`;
  const caption = page.items.length
    ? `${list.noun} ${offset + 1}–${offset + page.items.length}${of}`
    : `No ${list.noun.toLowerCase()} match these filters`;
  const table = h('table', {class: view === REPORTS ? 'events' : 'incidents'},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, list.columns.map((name) => heading(name, list.sortable?.[name], sort, params)))),
    h('tbody', {}, page.items.map(list.row)));
  const turn = (to) => () => fillTable(section, filters, view, sort, params, to)
    .then(() => section.querySelector('caption')?.scrollIntoView({block: 'nearest'}));
  const pager = h('nav', {class: 'pager', 'aria-label': `${list.noun} pages`},
    h('button', {type: 'button', disabled: offset === 0, onclick: turn(Math.max(0, offset - PAGE))}, '← Previous'),
    h('button', {type: 'button', disabled: !page.next, onclick: turn(offset + PAGE)}, 'Next →'));
  section.replaceChildren(table, pager);
}

/** Every row of the list the filters give, in the list's order, a page of the API at a time. */
async function everyRow(list, filters, sort) {
  const rows = [];
  let next = withQuery(list.path, {...filters, sort: list.sortable ? sort : '', limit: DOWNLOAD_PAGE});
  while (next) {
    const page = await getJson(next);
    rows.push(...page.items);
    next = page.next;
  }
  return rows;
}

/** The buttons that save what the view shows: its whole list as CSV, its map as GeoJSON. */
function downloads(filters, view, sort, mapped) {
  const list = LISTS[view];
  const name = `ceasefire-${list.noun.toLowerCase()}`;
  const note = h('span', {class: 'meta', role: 'status'});
  const busy = (button, work) => async () => {
    button.disabled = true;
    note.textContent = 'Preparing…';
    try {
      note.textContent = await work();
    } catch (error) {
      note.textContent = `Could not download: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  };
  const csv = h('button', {type: 'button', class: 'small', id: 'download-csv'}, 'CSV');
  csv.addEventListener('click', busy(csv, async () => {
    const rows = await everyRow(list, filters, sort);
    saveFile(`${name}.csv`, toCsv(rows), 'text/csv');
    return `${fmtNumber(rows.length)} rows saved.`;
  }));
  const geojson = h('button', {type: 'button', class: 'small', id: 'download-geojson'}, 'GeoJSON');
  geojson.addEventListener('click', busy(geojson, async () => {
    const collection = await mapped;
    saveFile(`${name}.geojson`, JSON.stringify(collection), 'application/geo+json');
    return `${fmtNumber(collection.features.length)} located ${list.noun.toLowerCase()} saved.`;
  }));
  return h('p', {class: 'downloads'}, `Download these ${list.noun.toLowerCase()}: `, csv,
    ' (the whole list) ', geojson, ' (what the map shows) ', note);
}

/** The map's count line: what is drawn, and for incidents how many reports they fuse. */
function countLine(collection, view) {
  const n = collection.features.length;
  if (view === REPORTS) return `${fmtNumber(n)} located report${n === 1 ? '' : 's'} on the map`;
  const reports = collection.features.reduce((sum, f) => sum + f.properties.n_reports, 0);
  return `${fmtNumber(n)} located incident${n === 1 ? '' : 's'} on the map, fused from ${fmtNumber(reports)} report${reports === 1 ? '' : 's'}`;
}

async function fillTimelines(section, zoneList, filters) {
  const wanted = zoneList.features.filter((f) => !filters.zone || f.properties.id === filters.zone);
  section.replaceChildren(h('h2', {}, 'Per zone, per week'), timelineKey());
  if (!wanted.length) section.append(statusLine('No zones are declared; add some with `ceasefire zones add`.'));
  const reports = await Promise.all(wanted.map((f) => getJson(
    `/api/zones/${encodeURIComponent(f.properties.id)}/report`,
    {by: 'week', since: filters.since, until: filters.until})));
  for (const report of reports) {
    const {zone, periods} = report;
    section.append(h('figure', {class: 'zone-timeline'},
      h('figcaption', {}, h('a', {href: `#/zone/${encodeURIComponent(zone.id)}`}, zone.name || zone.id),
        zone.start ? ` · since ${zone.start}` : ''),
      timeline(periods, {width: 440, height: 96, label: zone.name || zone.id})));
  }
}

export async function renderHome(root, params, cleanup) {
  const filters = filtersOf(params);
  const view = viewOf(params, filters);
  const sort = sortOf(params);
  const [zoneList, typeList, statusList] = await Promise.all([zones(), eventTypes(), eventStatuses()]);
  const mapBox = h('div', {id: 'map', class: 'map', role: 'region', 'aria-label': `Map of ${view} and zones`});
  const legendBox = h('div', {class: 'legend-box'});
  const timelines = h('section', {class: 'timelines', 'aria-label': 'Zone timelines'});
  const tableBox = h('section', {class: 'table-box', 'aria-label': LISTS[view].noun}, statusLine(`Loading ${view}…`));
  root.replaceChildren(
    h('h1', {class: 'visually-hidden'}, LISTS[view].noun),
    filterForm(filters, view, sort, zoneList, typeList, statusList),
    h('div', {class: 'home-grid'}, h('section', {class: 'map-box'}, mapBox, legendBox), timelines),
    tableBox);

  const map = createMap(mapBox);
  cleanup.push(() => map.remove());
  const zoneLayer = addZones(map, zoneList);
  const failed = (box) => (error) => box.append(statusLine(`Could not load: ${error.message}`, 'error'));
  const mapped = view === REPORTS ? '/api/events.geojson' : '/api/incidents.geojson';
  const collected = getJson(mapped, {...filters, limit: 5000});
  tableBox.before(downloads(filters, view, sort, collected));
  const markers = collected.then((collection) => {
    const layer = eventLayer(collection, view === REPORTS ? 'events' : 'incidents');
    // the zones are what the dashboard watches: frame the chosen one, else all, else the events
    const chosen = zoneLayer.getLayers().filter((zone) => zone.feature.properties.id === filters.zone);
    frame(map, [...chosen, zoneLayer, layer]);
    layer.addTo(map);
    legendBox.replaceChildren(typeLegend(collection, view),
      h('p', {class: 'count'}, `${countLine(collection, view)} `,
        h('button', {type: 'button', class: 'small', id: 'fit-events', disabled: !collection.features.length,
          onclick: () => frame(map, [layer])}, 'Show them all'),
        h('button', {type: 'button', class: 'small', onclick: () => frame(map, [...chosen, zoneLayer])}, 'Back to the zones')));
  }, failed(legendBox));
  await Promise.all([
    markers,
    fillTimelines(timelines, zoneList, filters).catch(failed(timelines)),
    fillTable(tableBox, filters, view, sort, params, 0).catch((error) => tableBox.replaceChildren(
      statusLine(`Could not load the ${view}: ${error.message}`, 'error'))),
  ]);
}
