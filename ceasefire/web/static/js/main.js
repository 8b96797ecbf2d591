// The single-page app: hash routes to views. Each view renders into a fresh container, so a
// slow view that finishes after the reader has moved on writes into a detached node.
import {renderAlerts} from './alerts.js';
import {zones} from './api.js';
import {renderArticle} from './article.js';
import {h, statusLine} from './dom.js';
import {renderEvent} from './event.js';
import {renderHome} from './home.js';
import {renderIncident} from './incident.js';
import {renderQuotes} from './quotes.js';
import {renderZone} from './zone.js';

const main = document.getElementById('main');
const cleanup = [];
let firstRoute = true;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  return {parts, params: new URLSearchParams(query)};
}

function markCurrent(parts) {
  const section = parts[0] || '';
  for (const link of document.querySelectorAll('header nav a')) {
    const target = link.getAttribute('href').replace(/^#\/?/, '').split('/');
    const current = target[0] === section && (section !== 'zone' || target[1] === parts[1]);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  while (cleanup.length) cleanup.pop()();
  const {parts, params} = parseHash();
  // data-route and data-ready let a test (or a reader's tool) know which view has finished
  const view = h('div', {class: 'view', 'data-route': location.hash}, statusLine('Loading…'));
  main.replaceChildren(view);
  document.title = 'ceasefire';
  markCurrent(parts);
  try {
    if (parts.length === 0) await renderHome(view, params, cleanup);
    else if (parts[0] === 'incident' && parts[1]) await renderIncident(view, parts[1]);
    else if (parts[0] === 'event' && parts[1]) await renderEvent(view, parts[1]);
    else if (parts[0] === 'quotes') await renderQuotes(view, params);
    else if (parts[0] === 'alerts') await renderAlerts(view);
    else if (parts[0] === 'article' && parts[1]) await renderArticle(view, parts[1], params);
    else if (parts[0] === 'zone' && parts[1]) await renderZone(view, parts[1], params);
    else view.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', {href: '#/'}, 'All incidents')));
  } catch (error) {
    const what = error.status === 404 ? 'Not found' : 'Something went wrong';
    view.replaceChildren(h('h1', {}, what), statusLine(error.message || String(error), 'error'),
      h('p', {}, h('a', {href: '#/'}, '← All incidents')));
  }
  // move a screen reader to the new page, but not on the first load
  if (!firstRoute && view.isConnected) main.focus({preventScroll: true});
  firstRoute = false;
  view.dataset.ready = 'true';
}

async function fillZoneNav() {
  const slot = document.querySelector('#zone-nav span');
  try {
    const collection = await zones();
    // the header keeps each name short: what comes before its parenthesis; the full name shows on hover
    const links = collection.features.map(({properties: {id, name}}) => h('a',
      {href: `#/zone/${encodeURIComponent(id)}`, title: name || id}, (name || id).split(' (')[0]));
    slot.replaceChildren(...(links.length ? links : ['none']));
    markCurrent(parseHash().parts);
  } catch {
    slot.replaceChildren('unavailable');
  }
}

// the skip link must not change the route
document.getElementById('skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
fillZoneNav();
route();
