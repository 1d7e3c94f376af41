// The data shapes of a ticket-triage episode: tickets as shown, their hidden facts, the scenario and the state.
import type { TicketFacts, TriageLabel, TriagePolicy } from './triage-policy.js';
import type { ProductArea, Tier } from './taxonomy.js';

/** A ticket exactly as the agent sees it. */
export interface Ticket {
  readonly id: string;
  readonly sender_name: string;
  readonly sender_email: string;
  readonly customer: string;
  readonly tier: Tier;
  readonly product_area: ProductArea;
  readonly product_area_name: string;
  readonly subject: string;
  readonly body: string;
  /** "YYYY-MM-DD HH:MM UTC". */
  readonly received_at: string;
}

export type Tone = 'neutral' | 'angry' | 'calm';

/** Ground truth kept beside each ticket: the facts it was written from and the label they imply. */
export interface TicketTruth extends TicketFacts {
  readonly tone: Tone;
  /** The tone points the other way from the impact (a calm outage, an angry cosmetic bug). */
  readonly misleading_tone: boolean;
}

export interface ScenarioTicket {
  readonly ticket: Ticket;
  readonly truth: TicketTruth;
  /** The sentences of the body that carry the category, impact and deadline (never altered by typos). */
  readonly evidence: readonly string[];
  /** The family ("class/template") of the deciding sentence, evidence[0]. */
  readonly family: string;
  readonly label: TriageLabel;
}

export interface TriageScenario {
  readonly vendor: string;
  readonly policy: TriagePolicy;
  readonly policy_text: string;
  readonly tickets: readonly ScenarioTicket[];
  /** The families the inbox's deciding sentences came from, sorted: all from the split's share. */
  readonly families: readonly string[];
  /** Corrections allowed per episode (config max_relabels); the framework counts and enforces them. */
  readonly max_relabels: number;
}

export interface TriageState {
  /** The latest label given to each ticket id; re-classifying overwrites. */
  readonly labels: Readonly<Record<string, TriageLabel>>;
}
