// The Leaflet map: the offline base map of country outlines, the zones, and the incidents (or
// the single reports) as circles (colour by type, area by fatalities), clustered where they crowd.
/* global L */
import {getJson} from './api.js';
import {fmtToll, h, placePrecision} from './dom.js';
import {TYPE_COLOURS, colourOf, radiusOf} from './plover.js';

const SYRIA = [[32.3, 35.6], [37.4, 42.4]];

// One fetch of the base map per page load: it is the largest response and never changes.
let countriesPromise = null;

export function createMap(container) {
  const map = L.map(container, {
    zoomSnap: 0.5, minZoom: 2, maxZoom: 12, worldCopyJump: true, preferCanvas: false,
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Outlines: Natural Earth');
  map.fitBounds(SYRIA);
  countriesPromise ??= getJson('/api/countries.geojson');
  countriesPromise.then((countries) => {
    L.geoJSON(countries, {
      interactive: false,
      style: {color: '#8a8f98', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1, className: 'country'},
    }).addTo(map).bringToBack();
  }).catch(() => {
    container.before(h('p', {class: 'error', role: 'alert'}, 'The base map could not be loaded.'));
  });
  return map;
}

/** Zone outlines; a click on one opens its report. */
export function addZones(map, collection) {
  const layer = L.geoJSON(collection, {
    style: {color: '#5e3c99', weight: 2, dashArray: '6 4', fillColor: '#5e3c99', fillOpacity: 0.08,
      className: 'zone-polygon'},
    onEachFeature(feature, polygon) {
      const {id, name} = feature.properties;
      polygon.bindTooltip(h('span', {}, name || id), {sticky: true});
      polygon.on('click', () => { location.hash = `#/zone/${encodeURIComponent(id)}`; });
    },
  });
  return layer.addTo(map);
}

/** Where, with what the place is: a country's point is only where the map draws it. */
function wherePopup(props) {
  if (!props.place) return null;
  const precision = placePrecision(props.place_precision);
  return h('div', {}, props.place, precision ? h('span', {class: 'precision'}, ` · ${precision}`) : null,
    props.place_precision === 'country' ? h('div', {class: 'meta'}, 'drawn at the country’s point: where in it is not known') : null);
}

/** When, with the precision of the date ("2017-W21 · week"). */
function whenPopup(date, precision, days) {
  if (!date) return h('div', {}, `undated${days ? ` (published ${days})` : ''}`);
  return h('div', {}, days && precision === 'day' ? days : date, precision ? h('span', {class: 'precision'}, ` · ${precision}`) : null);
}

function eventPopup(props) {
  return h('div', {class: 'popup'},
    h('strong', {}, props.type),
    props.status && props.status !== 'asserted' ? h('div', {class: 'status-note'}, `${props.status}: not counted`) : null,
    whenPopup(props.date, props.date_precision, null),
    wherePopup(props),
    h('div', {}, props.fatalities == null ? 'no toll given' : `${props.fatalities} killed`),
    h('div', {class: 'meta'}, 'Source: ', props.title || props.article_id, props.source ? ` (${props.source})` : ''),
    h('p', {}, props.sentence || ''),
    h('a', {href: `#/event/${encodeURIComponent(props.id)}`, class: 'event-link'}, 'Open the event'));
}

function incidentPopup(props) {
  const days = props.date_from === props.date_to ? props.date_from : `${props.date_from} to ${props.date_to}`;
  const reports = `${props.n_reports} report${props.n_reports === 1 ? '' : 's'} in ${props.n_articles} article${props.n_articles === 1 ? '' : 's'}`;
  const others = props.n_articles > 1 ? ` and ${props.n_articles - 1} more` : '';
  return h('div', {class: 'popup'},
    h('strong', {}, props.type),
    whenPopup(props.date, props.date_precision, days),
    wherePopup(props),
    h('div', {}, props.fatalities_min == null ? 'no toll given'
      : `${fmtToll(props.fatalities_min, props.fatalities_max, props.fatalities_mode)} killed`),
    h('div', {class: 'meta'}, `${reports}: `, props.title || props.article_id, others),
    h('p', {}, props.sentence || ''),
    h('a', {href: `#/incident/${encodeURIComponent(props.id)}`, class: 'incident-link'}, 'Open the incident'));
}

/** How each kind of feature shows: its popup, and the toll its circle's area grows with. */
const KINDS = {
  events: {popup: eventPopup, toll: (props) => props.fatalities},
  incidents: {popup: incidentPopup, toll: (props) => props.fatalities_mode},
};

const TYPE_ORDER = Object.keys(TYPE_COLOURS);

/** A cluster drawn in the legend's colours: a ring whose arcs are its types' shares, round
 *  the number of what it holds. Not the plugin's green/yellow/orange by count, which read as
 *  types that are not there. */
function clusterIcon(group) {
  const counts = new Map();
  let notAsserted = 0;
  for (const marker of group.getAllChildMarkers()) {
    const type = marker.options.eventType;
    counts.set(type, (counts.get(type) || 0) + 1);
    if (marker.options.notAsserted) notAsserted += 1;
  }
  const n = group.getChildCount();
  const types = [...counts.keys()].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
  let angle = 0;
  const stops = types.map((type) => {
    const from = angle;
    angle += (360 * counts.get(type)) / n;
    return `${colourOf(type)} ${from.toFixed(1)}deg ${angle.toFixed(1)}deg`;
  });
  const size = Math.round(30 + 4 * Math.log10(n) * 3);
  const title = types.map((type) => `${counts.get(type)} ${type}`).join(', ')
    + (notAsserted ? `; ${notAsserted} not asserted (not counted)` : '');
  // holding reports that are not counted, it is ringed dashed like they are
  const ring = h('div', {class: notAsserted ? 'cluster-ring with-not-asserted' : 'cluster-ring', 'data-types': types.join(' '), title,
    style: `background-image: conic-gradient(${stops.join(', ')})`}, h('span', {}, String(n)));
  return L.divIcon({html: ring, className: 'marker-cluster', iconSize: L.point(size, size)});
}

/** The events or incidents (`kind`) of a GeoJSON FeatureCollection as clustered circles, not yet on a map. */
export function eventLayer(collection, kind = 'events') {
  const {popup, toll} = KINDS[kind];
  // no cluster animation: clusters swap at once on zoom, so what is drawn is always what is
  // counted (a reader's screenshot, a test). Clustering holds at every zoom: reports placed on
  // one point (a town's, a country's) stay one counted cluster that a click fans out, never a
  // stack of circles that hides how many there are.
  const cluster = L.markerClusterGroup({
    maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, animate: false,
    iconCreateFunction: clusterIcon,
  });
  for (const feature of collection.features) {
    if (!feature.geometry) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const props = feature.properties;
    const colour = colourOf(props.type);
    // an event that is not asserted (negated, planned, background...) is drawn hollow, dashed
    const asserted = !props.status || props.status === 'asserted';
    const marker = L.circleMarker([lat, lon], {
      eventType: props.type, notAsserted: !asserted, radius: radiusOf(toll(props)), color: '#222', weight: asserted ? 1 : 1.5, fillColor: colour,
      fillOpacity: asserted ? 0.85 : 0.15, dashArray: asserted ? null : '3 3',
      className: `event-marker type-${props.type} status-${props.status || 'asserted'}`,
    });
    marker.bindPopup(() => popup(props));
    marker.bindTooltip(h('span', {}, `${props.type}${props.place ? ` · ${props.place}` : ''}`));
    cluster.addLayer(marker);
  }
  return cluster;
}

/** Frame the first of `layers` that has anything drawn (else Syria stays framed). Call it before the clusters
 *  go on the map: they are built for the zoom they first see, with no animation to wait for. */
export function frame(map, layers) {
  for (const layer of layers) {
    const bounds = layer?.getBounds?.();
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds.pad(0.15), {maxZoom: 9, animate: false});
      return;
    }
  }
}
