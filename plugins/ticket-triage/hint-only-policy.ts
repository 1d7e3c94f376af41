// A policy that acts on the observation's structured fields alone (plan, area, allowed codes, records), reading no prose.
import type { WireObservation } from 'openenv-ts';
import type { TriageData } from './schemas.js';

/**
 * What an agent could do without reading a ticket or the policy: look up each account when plans are hidden,
 * take a priority from the plan and support level, a category code by the product area's position, and the
 * team handle that names the area's kind of team, and at the top level escalate the largest reported counts. The
 * audit holds it below the trivial-policy ceiling.
 */
export function triageHintOnlyPolicy(): (observation: WireObservation, stepIndex: number) => unknown | null {
  const looked = new Set<string>();
  const areaWords: Record<string, string[]> = {
    web_dashboard: ['web', 'frontend', 'dashboard'],
    mobile_app: ['mobile', 'apps', 'ios'],
    public_api: ['api'],
    integrations: ['integrations', 'partner', 'connectors'],
    reporting: ['data', 'analytics', 'insights'],
  };
  return (observation) => {
    const data = observation.data as TriageData;
    const next = data.tickets.find((t) => data.unlabelled.includes(t.id));
    // At the end-of-shift escalation the structured field to go by is the reported count of affected users.
    if (!next && data.escalation && data.escalation.escalated.length === 0) {
      const biggest = [...data.tickets].sort((a, b) => (b.reported_users ?? 0) - (a.reported_users ?? 0)).slice(0, data.escalation.slots);
      return { type: 'escalate', ticket_ids: biggest.map((t) => t.id) };
    }
    if (!next) return { type: 'submit' };
    if (data.account_lookups && !looked.has(next.account_id)) {
      looked.add(next.account_id);
      return { type: 'lookup_account', account_id: next.account_id };
    }
    const record = data.accounts.find((a) => a.account_id === next.account_id);
    const plan = next.tier ?? record?.plan ?? 'pro';
    let level = plan === 'enterprise' ? 2 : 3;
    if (record?.support === 'priority') level -= 1;
    const areas = Object.keys(areaWords);
    const category = data.allowed.categories[areas.indexOf(next.product_area) % data.allowed.categories.length]!;
    const team = data.allowed.teams.find((t) => areaWords[next.product_area]!.some((w) => t.includes(w))) ?? data.allowed.teams[0]!;
    return { type: 'classify', ticket_id: next.id, category, priority: `P${Math.max(1, level)}`, team };
  };
}
