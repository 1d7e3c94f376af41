// A shallow baseline that reads only the structured element list (no goal prose): fills, picks and ticks everything, then clicks buttons.
import type { Policy, WireObservation } from 'openenv-ts';
import type { WebData } from './schemas.js';

/** A fresh policy per episode: each field is touched once, then each button is tried once, top to bottom. */
export function hintOnlyPolicy(): Policy {
  const touched = new Set<string>();
  return (observation: WireObservation) => {
    const data = observation.data as WebData;
    const usable = data.elements.filter((e) => !e.states.includes('disabled') && !e.states.includes('offscreen'));
    const blocker = data.elements.find((e) => e.states.includes('covered'));
    if (blocker) {
      const dialogButton = usable.find((e) => !e.states.includes('covered') && e.role === 'button' && !touched.has(`c:${e.bid}`));
      if (dialogButton) {
        touched.add(`c:${dialogButton.bid}`);
        return { type: 'click', bid: dialogButton.bid };
      }
    }
    for (const element of usable) {
      const key = `${data.url}#${element.bid}`;
      if (touched.has(key)) continue;
      touched.add(key);
      if (element.role === 'textbox' && !element.states.includes('readonly')) return { type: 'fill', bid: element.bid, text: element.name };
      if (element.role === 'combobox' && element.options && element.options.length > 0) return { type: 'select_option', bid: element.bid, option: element.options[0]! };
      if (element.role === 'checkbox' && !element.states.includes('checked')) return { type: 'check', bid: element.bid };
      if (element.role === 'button' || element.role === 'link' || element.role === 'tab') return { type: 'click', bid: element.bid };
    }
    if (data.elements.some((e) => e.states.includes('offscreen'))) return { type: 'scroll', direction: 'down' };
    return null;
  };
}
