// The Leaflet map: the offline base map of country outlines, the zones, and the incidents (or
// the single reports) as circles (colour by type, area by fatalities), clustered where they crowd.
/* global L */
import {getJson} from './api.js';
import {fmtToll, h} from './dom.js';
import {colourOf, radiusOf} from './plover.js';

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

function eventPopup(props) {
  const where = [props.place, props.date].filter(Boolean).join(', ');
  return h('div', {class: 'popup'},
    h('strong', {}, props.type), where ? ` · ${where}` : '',
    props.status && props.status !== 'asserted' ? h('div', {class: 'status-note'}, `${props.status}: not counted`) : null,
    props.fatalities ? h('div', {}, `${props.fatalities} killed`) : null,
    h('p', {}, props.sentence || ''),
    h('a', {href: `#/event/${encodeURIComponent(props.id)}`, class: 'event-link'}, 'Open the event'));
}

function incidentPopup(props) {
  const days = props.date_from === props.date_to ? props.date_from : `${props.date_from} to ${props.date_to}`;
  const where = [props.place, props.date ? days : null].filter(Boolean).join(', ');
  const reports = `${props.n_reports} report${props.n_reports === 1 ? '' : 's'} in ${props.n_articles} article${props.n_articles === 1 ? '' : 's'}`;
  return h('div', {class: 'popup'},
    h('strong', {}, props.type), where ? ` · ${where}` : '',
    props.fatalities_min != null ? h('div', {}, `${fmtToll(props.fatalities_min, props.fatalities_max, props.fatalities_mode)} killed`) : null,
    h('div', {class: 'meta'}, reports),
    h('p', {}, props.sentence || ''),
    h('a', {href: `#/incident/${encodeURIComponent(props.id)}`, class: 'incident-link'}, 'Open the incident'));
}

/** How each kind of feature shows: its popup, and the toll its circle's area grows with. */
const KINDS = {
  events: {popup: eventPopup, toll: (props) => props.fatalities},
  incidents: {popup: incidentPopup, toll: (props) => props.fatalities_mode},
};

/** The events or incidents (`kind`) of a GeoJSON FeatureCollection as clustered circles, not yet on a map. */
export function eventLayer(collection, kind = 'events') {
  const {popup, toll} = KINDS[kind];
  // no cluster animation: clusters swap at once on zoom, so what is drawn is always what is
  // counted (a reader's screenshot, a test)
  const cluster = L.markerClusterGroup({
    maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    disableClusteringAtZoom: 10, animate: false,
  });
  for (const feature of collection.features) {
    if (!feature.geometry) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const props = feature.properties;
    const colour = colourOf(props.type);
    // an event that is not asserted (negated, planned, background...) is drawn hollow, dashed
    const asserted = !props.status || props.status === 'asserted';
    const marker = L.circleMarker([lat, lon], {
      radius: radiusOf(toll(props)), color: '#222', weight: asserted ? 1 : 1.5, fillColor: colour,
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
