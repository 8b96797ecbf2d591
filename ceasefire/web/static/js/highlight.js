// An article's text with its annotations as nested elements, built from offsets with DOM
// methods only. Spans may overlap (a quote that runs past the event's sentence, an actor
// inside a quote): an annotation that crosses the edge of the one it starts in is cut at that
// edge, so the result is always well nested and the text always reads in order.
import {h} from './dom.js';

/**
 * The text as nodes: each of `sentences` ([start, end)) becomes one <mark class="sentence"> that
 * holds the whole sentence, whatever crosses it; `spans` ({start, end, tag, cls, title}) nest
 * inside. Trailing blank lines stay outside the mark, and a sentence overlapping an earlier one
 * is left out.
 */
export function annotate(text, sentences, spans) {
  const inText = (span) => span.start >= 0 && span.start < span.end && span.end <= text.length;
  const valid = spans.filter(inText);
  const nodes = [];
  let pos = 0;
  for (const sentence of sentences.filter(inText).sort((a, b) => a.start - b.start)) {
    let end = sentence.end;
    while (end > sentence.start && /\s/.test(text[end - 1])) end -= 1;
    if (sentence.start < pos || end <= sentence.start) continue;
    const mark = h('mark', {class: 'sentence'});
    mark.append(...build(text, sentence.start, end, valid));
    nodes.push(...build(text, pos, sentence.start, valid), mark);
    pos = end;
  }
  nodes.push(...build(text, pos, text.length, valid));
  return nodes;
}

function build(text, from, to, spans) {
  const nodes = [];
  let remaining = spans.filter((span) => span.start < to && span.end > from);
  let pos = from;
  while (pos < to) {
    remaining = remaining.filter((span) => span.end > pos);
    // the next annotation: earliest start, then the longest, so that it holds the shorter ones
    let best = null;
    for (const span of remaining) {
      const start = Math.max(span.start, pos);
      const bestStart = best && Math.max(best.start, pos);
      if (!best || start < bestStart || (start === bestStart && span.end > best.end)) best = span;
    }
    if (!best) {
      nodes.push(document.createTextNode(text.slice(pos, to)));
      break;
    }
    const start = Math.max(best.start, pos);
    const end = Math.min(best.end, to);
    if (start > pos) nodes.push(document.createTextNode(text.slice(pos, start)));
    remaining = remaining.filter((span) => span !== best);
    const el = h(best.tag, {class: best.cls, title: best.title || null});
    el.append(...build(text, start, end, remaining));
    nodes.push(el);
    pos = end;
  }
  return nodes;
}
