// `#/alerts`: what the alert rules fired, newest first (what, which zone, which incident, when,
// and whether it reached its webhook or file), and the rules themselves.
import {getJson, withQuery} from './api.js';
import {h, statusLine} from './dom.js';

const PAGE = 20;
const KIND = {'assault-fatal': 'Deadly assault', 'weekly-rise': 'Weekly rise in violations'};

function zoneLink(id) {
  return id ? h('a', {href: `#/zone/${encodeURIComponent(id)}`}, id) : 'any zone';
}

/** Where the alert went, and how: "webhook example.org: failed (HTTP 500 …)". */
function deliveries(alert) {
  if (!alert.deliveries.length) return h('p', {class: 'meta'}, 'Recorded only: the rule sends it nowhere.');
  return h('ul', {class: 'deliveries'}, alert.deliveries.map((d) => h('li', {class: `delivery ${d.status}`},
    `${d.channel}${d.target ? ` ${d.target}` : ''}: ${d.status}`,
    d.status === 'failed' ? ` (${d.error || 'no reason'}; tried again at the next check)` : '')));
}

function incidentPart(alert) {
  const incident = alert.payload.incident || {};
  const sentence = incident.sentence || alert.message;
  return [
    h('p', {}, alert.incident_id
      ? h('a', {class: 'incident-link', href: `#/incident/${encodeURIComponent(alert.incident_id)}`}, sentence)
      : h('span', {}, sentence, h('span', {class: 'meta'}, ' (its reports are in no incident now)'))),
    h('p', {class: 'meta'}, incident.title || incident.article_id || '',
      incident.n_articles ? ` · reported by ${incident.n_articles} article${incident.n_articles === 1 ? '' : 's'}` : ''),
  ];
}

function weekPart(alert) {
  const {week, previous} = alert.payload;
  const start = week?.start || '';
  return [h('p', {}, h('a', {href: withQuery(`#/zone/${encodeURIComponent(alert.zone_id)}`, {by: 'week'})},
    `${alert.zone_id}’s weekly report`), start ? ` · ${week.period}: ${week.start} – ${week.end}` : '',
  previous ? ` · ${previous.period}: ${previous.violations} violation${previous.violations === 1 ? '' : 's'}` : '')];
}

function alertItem(alert) {
  return h('li', {class: `alert ${alert.kind}`, 'data-alert': alert.id},
    h('p', {}, h('strong', {}, KIND[alert.kind] || alert.kind), ` · zone `, zoneLink(alert.zone_id),
      ` · fired ${alert.fired_at.replace('T', ' ').slice(0, 16)} UTC`,
      alert.rule_id === null ? ' · its rule was removed' : ` · rule ${alert.rule_id}`),
    h('p', {class: 'alert-message'}, alert.message),
    alert.kind === 'weekly-rise' ? weekPart(alert) : incidentPart(alert),
    deliveries(alert));
}

async function fillAlerts(box, offset) {
  const page = await getJson('/api/alerts', {limit: PAGE, offset});
  const summary = page.items.length
    ? `Alerts ${offset + 1}–${offset + page.items.length} of ${page.total}, newest first`
    : 'No alert has fired.';
  box.replaceChildren(
    h('p', {class: 'count', role: 'status'}, summary),
    h('ol', {class: 'alerts', start: offset + 1}, page.items.map(alertItem)),
    h('nav', {class: 'pager', 'aria-label': 'Alert pages'},
      h('button', {type: 'button', disabled: offset === 0,
        onclick: () => fillAlerts(box, Math.max(0, offset - PAGE))}, '← Newer'),
      h('button', {type: 'button', disabled: !page.next, onclick: () => fillAlerts(box, offset + PAGE)}, 'Older →')));
}

function rulesList(rules) {
  if (!rules.length) {
    return h('p', {class: 'status'}, 'No alert rules. Add one with ',
      h('code', {}, 'ceasefire alerts add --kind assault-fatal --zone ZONE'), '.');
  }
  return h('ul', {class: 'rules'}, rules.map((rule) => h('li', {},
    h('strong', {}, `Rule ${rule.id}`), ` (${rule.kind}): ${rule.description}`,
    h('span', {class: 'meta'}, ` · to ${rule.channels.map((c) => c.target ? `${c.channel} ${c.target}` : c.channel)
      .join(', ') || 'nowhere'}`))));
}

export async function renderAlerts(root) {
  document.title = 'Alerts · ceasefire';
  const results = h('section', {class: 'alert-results', 'aria-label': 'Fired alerts'}, statusLine('Loading…'));
  const rules = await getJson('/api/alerts/rules');
  root.replaceChildren(
    h('h1', {}, 'Alerts'),
    h('p', {class: 'help'}, 'What the alert rules fired: each deadly assault inside a zone once, however many ',
      'reports later join it; a week whose violations rose against the week before, once per zone and week. ',
      'The checks run after each ingest and with ceasefire alerts check.'),
    results,
    h('h2', {}, 'Rules'),
    rulesList(rules));
  await fillAlerts(results, 0);
}
