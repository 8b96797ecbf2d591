// A zone's timeline drawn as SVG: a bar of events per period (the violations in red at the
// foot of each bar) and a line of fatalities on its own scale.
import {s} from './dom.js';

const PAD = {top: 24, right: 34, bottom: 22, left: 30};

export function timeline(periods, {width = 460, height = 130, label = 'Timeline', unit = 'week'} = {}) {
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const maxEvents = Math.max(1, ...periods.map((p) => p.events));
  const maxDead = Math.max(1, ...periods.map((p) => p.fatalities || 0));
  const step = innerW / Math.max(1, periods.length);
  const barW = Math.max(1, Math.min(28, step * 0.7));
  const x = (i) => PAD.left + step * i + step / 2;
  const yEvents = (n) => PAD.top + innerH - (n / maxEvents) * innerH;
  const yDead = (n) => PAD.top + innerH - (n / maxDead) * innerH;

  const totalEvents = periods.reduce((sum, p) => sum + p.events, 0);
  const totalDead = periods.reduce((sum, p) => sum + (p.fatalities || 0), 0);
  const svg = s('svg', {
    class: 'timeline', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': `${label}: ${totalEvents} events and ${totalDead} fatalities over ${periods.length} periods`,
  });
  if (!periods.length) {
    svg.append(s('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis'},
      'No events in this zone'));
    return svg;
  }
  svg.append(s('line', {x1: PAD.left, x2: width - PAD.right, y1: PAD.top + innerH, y2: PAD.top + innerH,
    class: 'baseline'}));
  periods.forEach((p, i) => {
    const violations = p.violations ? p.violations.length : 0;
    const group = s('g', {class: 'period'},
      s('title', {}, `${p.period}: ${p.events} events, ${violations} violations, ${p.fatalities || 0} killed`),
      s('rect', {x: x(i) - barW / 2, y: yEvents(p.events), width: barW,
        height: PAD.top + innerH - yEvents(p.events), class: 'bar-events'}),
      s('rect', {x: x(i) - barW / 2, y: yEvents(violations), width: barW,
        height: PAD.top + innerH - yEvents(violations), class: 'bar-violations'}));
    svg.append(group);
  });
  const points = periods.map((p, i) => `${x(i)},${yDead(p.fatalities || 0)}`).join(' ');
  svg.append(s('polyline', {points, class: 'line-fatalities'}));
  periods.forEach((p, i) => {
    if (p.fatalities) svg.append(s('circle', {cx: x(i), cy: yDead(p.fatalities), r: 2.5, class: 'dot-fatalities'}));
  });
  const axisY = height - 6;
  svg.append(
    s('text', {x: PAD.left, y: axisY, class: 'axis'}, periods[0].period),
    s('text', {x: width - PAD.right, y: axisY, 'text-anchor': 'end', class: 'axis'}, periods.at(-1).period),
    s('text', {x: PAD.left - 4, y: PAD.top + 4, 'text-anchor': 'end', class: 'axis events'}, String(maxEvents)),
    s('text', {x: width - PAD.right + 4, y: PAD.top + 4, class: 'axis dead'}, String(maxDead)),
    // what each scale counts, over it: the bars on the left scale, the line on the right
    s('text', {x: 4, y: 11, class: 'axis-title'}, `events per ${unit} (bars; violations in red)`),
    s('text', {x: width - 4, y: 11, 'text-anchor': 'end', class: 'axis-title dead'}, `killed per ${unit} (line)`),
  );
  return svg;
}

/** The key under a timeline. */
export function timelineKey() {
  const item = (cls, text) => s('g', {}, s('rect', {width: 10, height: 10, class: cls}), s('text', {x: 14, y: 9}, text));
  const key = s('svg', {class: 'timeline-key', width: 330, height: 14, 'aria-hidden': 'true'});
  const parts = [item('bar-events', 'events'), item('bar-violations', 'violations'), item('key-dead', 'fatalities (right scale)')];
  parts.forEach((part, i) => { part.setAttribute('transform', `translate(${[0, 70, 160][i]},2)`); key.append(part); });
  return key;
}
