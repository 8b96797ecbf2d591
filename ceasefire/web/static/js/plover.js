// The colours of the PLOVER event types (the list itself comes from /api/types): cooperation in
// blues and greens, verbal conflict in purples, material conflict in oranges and reds, so the map
// reads at a glance.

export const TYPE_COLOURS = {
  AGREE: '#1b9e77', CONSULT: '#66a61e', SUPPORT: '#4daf4a', CONCEDE: '#80b1d3',
  COOPERATE: '#377eb8', AID: '#1f78b4', RETREAT: '#a6cee3', REQUEST: '#8da0cb',
  ACCUSE: '#984ea3', REJECT: '#bc80bd', THREATEN: '#e7298a', PROTEST: '#fdb462',
  SANCTION: '#b15928', MOBILIZE: '#ff7f00', COERCE: '#e6550d', ASSAULT: '#cb181d',
};

export function colourOf(type) {
  return TYPE_COLOURS[type] || '#666666';
}

/** Circle radius in pixels: area grows with the dead, so a massacre stands out but fits. */
export function radiusOf(fatalities) {
  return 5 + 2.2 * Math.sqrt(Math.max(0, fatalities || 0));
}
