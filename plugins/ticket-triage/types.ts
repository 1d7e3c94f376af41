// The data shapes of a ticket-triage episode: tickets and account records as shown, hidden facts, scenario and state.
import type { TicketFacts, TriageLabel, TriagePolicy } from './triage-policy.js';
import type { ProductArea, Tier } from './taxonomy.js';

/** A ticket exactly as the agent sees it. */
export interface Ticket {
  readonly id: string;
  readonly sender_name: string;
  readonly sender_email: string;
  readonly customer: string;
  /** The customer's account, for lookup_account. */
  readonly account_id: string;
  /** The plan, shown on the ticket at levels without account records; null where it must be looked up. */
  readonly tier: Tier | null;
  readonly product_area: ProductArea;
  readonly product_area_name: string;
  readonly subject: string;
  /** The first message, then any later messages of the thread. */
  readonly body: string;
  /** "YYYY-MM-DD HH:MM UTC" of the first message. */
  readonly received_at: string;
  /** End-of-shift escalation: the affected-users count the customer entered on the form (not reliable); absent otherwise. */
  readonly reported_users?: number;
}

/** A customer's account as lookup_account shows it. */
export interface AccountRecord {
  readonly account_id: string;
  readonly customer: string;
  readonly plan: Tier;
  readonly support: 'standard' | 'priority';
  readonly flags: readonly string[];
  /** Earlier tickets of the account, newest first: date "YYYY-MM-DD", id, category code as filed. */
  readonly recent_tickets: ReadonlyArray<EarlierTicket>;
  /** Escalation desk only: the account's time zone ("UTC+05:30") and the add-on features it bought. */
  readonly time_zone?: string;
  readonly add_ons?: readonly string[];
}

/** An earlier ticket in a record. At the escalation desk it also carries the exact time, status, team and priority. */
export interface EarlierTicket {
  readonly date: string;
  readonly ticket_id: string;
  readonly category: string;
  /** "YYYY-MM-DD HH:MM (UTC+hh:mm)" in the account's zone. */
  readonly received?: string;
  readonly status?: 'open' | 'closed';
  readonly team?: string;
  readonly priority?: import('./taxonomy.js').Priority;
}

export type Tone = 'neutral' | 'angry' | 'calm';

/** Ground truth beside each ticket: the facts the label follows from, and how the text was built. */
export interface TicketTruth extends TicketFacts {
  readonly tone: Tone;
  /** Situation ids of the problems raised, in the order written; the deciding one is `deciding`. */
  readonly situations: readonly string[];
  readonly deciding: string;
  readonly evolution: string;
  /** Escalation desk: what in the text makes the record matter (empty: the label is the same whatever it says). */
  readonly record_triggers?: readonly string[];
}

export interface ScenarioTicket {
  readonly ticket: Ticket;
  readonly truth: TicketTruth;
  /** The families ("group/frame") the text was written from. */
  readonly families: readonly string[];
  readonly label: TriageLabel;
}

export interface TriageScenario {
  readonly vendor: string;
  readonly policy: TriagePolicy;
  readonly policy_text: string;
  readonly tickets: readonly ScenarioTicket[];
  /** Account records lookup_account can show (empty at levels without lookups). */
  readonly accounts: readonly AccountRecord[];
  /** The families the inbox was written from, sorted: all from the split's share. */
  readonly families: readonly string[];
  /** Corrections allowed per episode (config max_relabels); the framework counts and enforces them. */
  readonly max_relabels: number;
  /** Distinct accounts that may be looked up in this episode, or null for no limit. */
  readonly lookup_budget: number | null;
  /** The inbox is scored only once submitted. */
  readonly score_at_submit: boolean;
  /** End-of-shift escalation: the hidden measurements and the true top tickets (absent below the top level). */
  readonly escalation?: import('./impact-model.js').EscalationTruth;
  /** 'fields': weighted fields with half credit one level off; 'exact': a ticket counts only with its whole label right. */
  readonly ticket_credit: 'fields' | 'exact';
}

export interface TriageState {
  /** The latest label given to each ticket id; re-classifying overwrites. */
  readonly labels: Readonly<Record<string, import('./triage-policy.js').TriageLabel>>;
  /** Account ids looked up so far, in order; their records are shown in every later observation. */
  readonly looked_up: readonly string[];
  /** End-of-shift escalation: tickets measured with investigate, in order, and the tickets chosen for escalation. */
  readonly investigated?: readonly string[];
  readonly escalated?: readonly string[];
  /** Set by submit (inboxes scored only when submitted). */
  readonly submitted?: boolean;
}
