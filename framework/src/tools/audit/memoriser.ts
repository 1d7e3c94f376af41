// A cross-seed memoriser: replays training solutions on a new scenario, entity by entity, with no task-specific code.
import type { WireObservation } from '../../runtime/episode-types.js';
import { partsOf, ngrams, wordsOf, type Block, type ObservationParts } from './observation-blocks.js';
import { Perceptron } from './perceptron.js';
import { skeletonOf } from './repetition.js';

export interface Demonstration {
  /** The first observation of a training episode. */
  readonly observation: WireObservation;
  /** The reference solver's actions for it. */
  readonly actions: readonly unknown[];
}

/** Field values up to this long are categorical features (a tier, an area); longer ones only give word n-grams. */
const SHORT = 40;
/** Word n-grams up to this size describe an entity's text (3-grams carry "within 12 hours", "does not load"). */
const NGRAM = 3;
/** A target value seen this often is learned as itself; a rarer one that equals an entity field is learned as "that field". */
const LITERAL_MIN_COUNT = 3;

/** How an action kind points at its entity: action key `key` holds the value of field `field` of a block of `group`. */
interface Anchor {
  readonly key: string;
  readonly group: string;
  readonly field: string;
}

/** What is learned for the i-th action of one per-entity plan signature (e.g. the one "classify" of a ticket). */
interface SlotModel {
  readonly anchor: Anchor;
  /** The action's keys in demonstrated order, so replayed actions read like the reference's. */
  readonly keys: readonly string[];
  /** One learner per non-anchor key, applied in key order; each sees the keys predicted before it. */
  readonly learners: ReadonlyMap<string, Perceptron>;
}

interface GroupModel {
  /** Predicts an entity's plan signature: the kinds of the actions its demonstrations gave it ("" for none). */
  readonly signature: Perceptron;
  readonly slots: ReadonlyMap<string, SlotModel>;
}

interface Parsed {
  readonly observation: WireObservation;
  readonly parts: ObservationParts;
  readonly actions: readonly unknown[];
  readonly vector: ReadonlyMap<string, number>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** An action's kind: its `type` when it has one, else its sorted keys. */
function kindOf(action: unknown): string {
  if (!isObject(action)) return JSON.stringify(action);
  return typeof action.type === 'string' ? action.type : Object.keys(action).sort().join(',');
}

function sameValue(a: unknown, b: unknown): boolean {
  return isScalar(a) && isScalar(b) && String(a) === String(b) && String(a) !== '';
}

/** Blocks of a group whose field equals the value. */
function blocksHolding(parts: ObservationParts, group: string, field: string, value: unknown): Block[] {
  return parts.blocks.filter((b) => b.group === group && sameValue(b.fields.get(field), value));
}

/** Term counts of an observation's text (prompt words and bigrams), for whole-scenario similarity. */
function termsOf(observation: WireObservation): Map<string, number> {
  const counts = new Map<string, number>();
  for (const g of ngrams(wordsOf(observation.prompt), 2)) counts.set(g, (counts.get(g) ?? 0) + 1);
  return counts;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [t, w] of a) dot += w * (b.get(t) ?? 0);
  return dot;
}

/** Variable tokens of a text in order: numbers and quoted values, the parts a template fills in. */
function slotsOfText(text: string): string[] {
  return text.match(/"[^"]*"|'[^']*'|[-+]?\d+(?:\.\d+)?/g) ?? [];
}

/**
 * Learns from training demonstrations and plans a whole episode for a new first observation.
 *
 * Entities: every element of an array of objects in `data` is a block (a ticket, a row, a column). An action kind
 * whose key holds a block field's value (ticket_id = a ticket's id) is anchored to that block. For each block of a
 * new observation a learner predicts which anchored actions it gets, and one learner per action key predicts the
 * key's value from the block's text (word 1-3-grams), its short fields, lookups of its field values as keys of
 * global objects (policy.area_owners[product_area]), the observation's recurring global values (policy knobs), and
 * the keys predicted before it crossed with those. Actions without an anchor (a submit, a query) come from the
 * nearest training scenario by prompt TF-IDF, in order, with every observation value they contain replaced by the
 * value at the same path of the new observation, and numbers inside texts of the same template mapped in order.
 */
export class CrossSeedMemoriser {
  private readonly demos: Parsed[];
  private readonly knobs: ReadonlySet<string>;
  private readonly idf = new Map<string, number>();
  /** The weight of a term no training prompt has: rarer than any seen. */
  private unseenIdf = 0;
  private readonly anchors = new Map<string, Anchor>();
  private readonly groups = new Map<string, GroupModel>();

  constructor(demos: readonly Demonstration[]) {
    const parsed = demos.map((d) => ({ observation: d.observation, parts: partsOf(d.observation.data), actions: d.actions, terms: termsOf(d.observation) }));
    const df = new Map<string, number>();
    for (const d of parsed) for (const t of d.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log((1 + parsed.length) / (1 + n)));
    this.unseenIdf = Math.log(1 + parsed.length);
    this.demos = parsed.map((d) => ({ ...d, vector: this.vectorOf(d.terms) }));
    this.knobs = this.recurringGlobals();
    this.learnAnchors();
    this.learnGroups();
  }

  private vectorOf(terms: ReadonlyMap<string, number>): Map<string, number> {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, n] of terms) {
      const w = (1 + Math.log(n)) * (this.idf.get(t) ?? this.unseenIdf);
      if (w > 0) (v.set(t, w), (norm += w * w));
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const [t, w] of v) v.set(t, w * scale);
    return v;
  }

  /** Global values that recur across some but not all training scenarios: knobs a solution may depend on. */
  private recurringGlobals(): Set<string> {
    const counts = new Map<string, number>();
    for (const d of this.demos) {
      for (const [path, value] of d.parts.globals) {
        if (String(value).length <= SHORT) counts.set(`${path}=${value}`, (counts.get(`${path}=${value}`) ?? 0) + 1);
      }
    }
    return new Set([...counts].filter(([, n]) => n >= 2 && n < this.demos.length).map(([k]) => k));
  }

  /** For each action kind, the (key, group, field) that most often names exactly one block. */
  private learnAnchors(): void {
    const votes = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    for (const d of this.demos) {
      for (const action of d.actions) {
        if (!isObject(action)) continue;
        const kind = kindOf(action);
        totals.set(kind, (totals.get(kind) ?? 0) + 1);
        for (const [key, value] of Object.entries(action)) {
          if (!isScalar(value)) continue;
          // A (group, field) names the entity when exactly one block of the group holds the value there; a small
          // row_id may well recur in another column or row, which must not hide that row_id names one row.
          const holders = new Map<string, number>();
          for (const b of d.parts.blocks) {
            for (const [field, v] of b.fields) {
              if (!sameValue(v, value)) continue;
              const id = JSON.stringify([key, b.group, field]);
              holders.set(id, (holders.get(id) ?? 0) + 1);
            }
          }
          for (const [id, count] of holders) {
            if (count !== 1) continue;
            if (!votes.has(kind)) votes.set(kind, new Map());
            votes.get(kind)!.set(id, (votes.get(kind)!.get(id) ?? 0) + 1);
          }
        }
      }
    }
    for (const [kind, candidates] of votes) {
      const [best, n] = [...candidates].sort((a, b) => b[1] - a[1])[0]!;
      if (n < 0.5 * totals.get(kind)!) continue;
      const [key, group, field] = JSON.parse(best) as [string, string, string];
      this.anchors.set(kind, { key, group, field });
    }
  }

  /** The block an action is anchored to, or null. */
  private blockOf(action: unknown, parts: ObservationParts): Block | null {
    const anchor = this.anchors.get(kindOf(action));
    if (!anchor || !isObject(action)) return null;
    const holders = blocksHolding(parts, anchor.group, anchor.field, action[anchor.key]);
    return holders.length === 1 ? holders[0]! : null;
  }

  private blockFeatures(block: Block, parts: ObservationParts): string[] {
    const features = ['bias'];
    for (const [field, value] of block.fields) {
      const text = String(value);
      if (text.length <= SHORT) features.push(`f:${field}=${text}`);
      if (typeof value === 'string' && /\s/.test(text)) for (const g of ngrams(wordsOf(text), NGRAM)) features.push(`t:${g}`);
      if (typeof value === 'string' && text.length <= SHORT) {
        for (const [path, table] of parts.tables) {
          const looked = Object.prototype.hasOwnProperty.call(table, text) ? table[text] : undefined;
          if (isScalar(looked)) features.push(`r:${path}[${field}]=${looked}`);
        }
      }
    }
    for (const [path, value] of parts.globals) if (this.knobs.has(`${path}=${value}`)) features.push(`k:${path}=${value}`);
    return features;
  }

  /** Base features plus, for each key already predicted, that value alone and crossed with every non-text feature. */
  private chained(base: readonly string[], earlier: ReadonlyMap<string, string>): string[] {
    const out = [...base];
    for (const [key, value] of earlier) {
      const tag = `o:${key}=${value}`;
      out.push(tag);
      for (const f of base) if (!f.startsWith('t:')) out.push(`${tag}&${f}`);
    }
    return out;
  }

  private learnGroups(): void {
    // Per group: each block's linked actions, from every demonstration.
    const byGroup = new Map<string, Array<{ block: Block; parts: ObservationParts; actions: Record<string, unknown>[] }>>();
    const anchoredGroups = new Set([...this.anchors.values()].map((a) => a.group));
    for (const d of this.demos) {
      const linked = new Map<Block, Record<string, unknown>[]>();
      for (const action of d.actions) {
        const block = this.blockOf(action, d.parts);
        if (block) linked.set(block, [...(linked.get(block) ?? []), action as Record<string, unknown>]);
      }
      for (const block of d.parts.blocks) {
        if (!anchoredGroups.has(block.group)) continue;
        if (!byGroup.has(block.group)) byGroup.set(block.group, []);
        byGroup.get(block.group)!.push({ block, parts: d.parts, actions: linked.get(block) ?? [] });
      }
    }
    for (const [group, entries] of byGroup) {
      const featured = entries.map((e) => ({ ...e, features: this.blockFeatures(e.block, e.parts), signature: e.actions.map(kindOf).join('|') }));
      const signature = new Perceptron(featured.map((e) => ({ features: e.features, label: e.signature })));
      const slots = new Map<string, SlotModel>();
      for (const sig of new Set(featured.map((e) => e.signature))) {
        if (sig === '') continue;
        const members = featured.filter((e) => e.signature === sig);
        sig.split('|').forEach((kind, position) => {
          const anchor = this.anchors.get(kind)!;
          const keys = Object.keys(members[0]!.actions[position]!);
          const literalCounts = new Map<string, number>();
          for (const m of members) for (const k of keys) literalCounts.set(`${k}=${JSON.stringify(m.actions[position]![k])}`, (literalCounts.get(`${k}=${JSON.stringify(m.actions[position]![k])}`) ?? 0) + 1);
          const learners = new Map<string, Perceptron>();
          const earlier = members.map(() => new Map<string, string>());
          for (const key of keys) {
            if (key === anchor.key) continue;
            const examples = members.map((m, i) => {
              const label = this.encode(key, m.actions[position]![key], m.block, literalCounts);
              const features = this.chained(m.features, earlier[i]!);
              earlier[i]!.set(key, label);
              return { features, label };
            });
            learners.set(key, new Perceptron(examples));
          }
          slots.set(`${sig}#${position}`, { anchor, keys, learners });
        });
      }
      this.groups.set(group, { signature, slots });
    }
  }

  /** A target value as a class: itself when common, else "the block's field X" when it equals one. */
  private encode(key: string, value: unknown, block: Block, literalCounts: ReadonlyMap<string, number>): string {
    const literal = JSON.stringify(value) ?? 'null';
    if ((literalCounts.get(`${key}=${literal}`) ?? 0) >= LITERAL_MIN_COUNT) return literal;
    for (const [field, v] of block.fields) if (sameValue(v, value) && typeof v === typeof value) return `@${field}`;
    return literal;
  }

  private decode(label: string, block: Block): unknown {
    if (label.startsWith('@')) return block.fields.get(label.slice(1));
    return JSON.parse(label);
  }

  /** The nearest training scenario by prompt TF-IDF cosine. */
  private nearest(observation: WireObservation): Parsed | null {
    const v = this.vectorOf(termsOf(observation));
    let best: Parsed | null = null;
    let top = -1;
    for (const d of this.demos) {
      const s = cosine(v, d.vector);
      if (s > top) [best, top] = [d, s];
    }
    return best;
  }

  /** An unanchored demonstrated action moved onto the current observation: its observation values swapped by path. */
  private transplant(action: unknown, from: ObservationParts, to: ObservationParts): unknown {
    const leavesOf = (parts: ObservationParts) => {
      const all = new Map(parts.globals);
      for (const b of parts.blocks) for (const [f, v] of b.fields) all.set(`${b.group}[${b.index}].${f}`, v);
      return all;
    };
    const before = leavesOf(from);
    const after = leavesOf(to);
    const swaps = new Map<string, string>();
    for (const [path, old] of before) {
      const now = after.get(path);
      if (!isScalar(old) || !isScalar(now) || String(old) === String(now)) continue;
      const oldText = String(old);
      if (oldText.length >= 3 && oldText.length <= SHORT && !swaps.has(oldText)) swaps.set(oldText, String(now));
      // Texts of one template (same skeleton): their numbers and quoted values map in order.
      if (typeof old === 'string' && typeof now === 'string' && skeletonOf(old) === skeletonOf(now)) {
        const a = slotsOfText(old);
        const b = slotsOfText(now);
        if (a.length === b.length) a.forEach((x, i) => { if (x !== b[i] && !swaps.has(x)) swaps.set(x, b[i]!); });
      }
    }
    const numberSwaps = new Map([...before].filter(([, v]) => typeof v === 'number').map(([p, v]) => [v as number, after.get(p)]));
    const swapText = (text: string): string => {
      if (swaps.size === 0) return text;
      const keys = [...swaps.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      // Whole tokens only, so "17" in "2017" stays; one pass, so a swapped value is not swapped again.
      const pattern = new RegExp(`(?<![\\w.])(?:${keys.join('|')})(?![\\w])`, 'g');
      return text.replace(pattern, (m) => swaps.get(m) ?? m);
    };
    const walk = (value: unknown): unknown => {
      if (typeof value === 'string') return swapText(value);
      if (typeof value === 'number') {
        const now = numberSwaps.get(value);
        return typeof now === 'number' ? now : value;
      }
      if (Array.isArray(value)) return value.map(walk);
      if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'type' ? v : walk(v)]));
      return value;
    };
    return walk(action);
  }

  /** The actions this memoriser would play from this first observation. */
  plan(observation: WireObservation): unknown[] {
    const parts = partsOf(observation.data);
    const near = this.nearest(observation);
    const anchored: unknown[] = [];
    for (const block of parts.blocks) {
      const model = this.groups.get(block.group);
      if (!model) continue;
      const base = this.blockFeatures(block, parts);
      const sig = model.signature.predict(base);
      if (sig === '') continue;
      sig.split('|').forEach((_kind, position) => {
        const slot = model.slots.get(`${sig}#${position}`);
        if (!slot) return;
        const action: Record<string, unknown> = {};
        const earlier = new Map<string, string>();
        for (const key of slot.keys) {
          if (key === slot.anchor.key) {
            action[key] = block.fields.get(slot.anchor.field);
            continue;
          }
          const label = slot.learners.get(key)!.predict(this.chained(base, earlier));
          earlier.set(key, label);
          action[key] = this.decode(label, block);
        }
        anchored.push(action);
      });
    }
    if (!near) return anchored;
    // Unanchored actions keep their place around the anchored run: those before the first anchored action first.
    const firstAnchored = near.actions.findIndex((a) => this.blockOf(a, near.parts) !== null);
    const free = near.actions
      .map((action, i) => ({ action, i }))
      .filter(({ action }) => this.blockOf(action, near.parts) === null)
      .map(({ action, i }) => ({ action: this.transplant(action, near.parts, parts), before: firstAnchored >= 0 && i < firstAnchored }));
    return [...free.filter((f) => f.before).map((f) => f.action), ...anchored, ...free.filter((f) => !f.before).map((f) => f.action)];
  }
}
