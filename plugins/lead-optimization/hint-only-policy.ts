// A shallow scripted chemist: improves the visible profile one substituent at a time and never assays potency.
// It measures how much of the task structured fields alone give (the audit holds it below the trivial-policy ceiling).
import type { Policy, WireObservation } from 'openenv-ts';
import type { LeadObservation } from './schemas.js';

type Molecule = LeadObservation['molecules'][number];

/** The documented desirability of one objective. */
function desirability(o: LeadObservation['objectives'][number], value: number | null): number {
  if (value === null) return 0;
  const below = o.min === null ? 0 : Math.max(0, o.min - value);
  const above = o.max === null ? 0 : Math.max(0, value - o.max);
  return Math.max(0, 1 - (below + above) / o.tolerance);
}

function fitness(data: LeadObservation, m: Molecule): number {
  const w = data.similarity_window;
  if (m.alerts.length > 0 || !m.core_kept || m.similarity_to_lead < w.min || m.similarity_to_lead > w.max) return -1;
  return data.objectives.reduce((s, o) => s + desirability(o, m.properties[o.property] ?? null), 0);
}

/** Tries each offered substituent at each point in turn, keeps improvements, and submits the best-fitting molecule. */
export function hintOnlyPolicy(): Policy {
  const queue: Array<{ point: string; fragment: string }> = [];
  let best = 'M0';
  let built = false;
  return (observation: WireObservation, step: number) => {
    const data = observation.data as LeadObservation;
    if (!built) {
      built = true;
      for (const p of data.attachment_points) for (const f of p.offered) queue.push({ point: p.name, fragment: f });
    }
    const score = (id: string) => fitness(data, data.molecules.find((m) => m.id === id)!);
    for (const m of data.molecules) if (fitness(data, m) > score(best)) best = m.id;
    if (data.current !== best) return { type: 'view', molecule: best };
    const base = data.molecules.find((m) => m.id === best)!;
    // Leave room to submit inside the step limit (50).
    while (queue.length > 0 && data.molecules.length < 40 && step < 44) {
      const next = queue.shift()!;
      if (base.substituents?.[next.point] !== next.fragment) return { type: 'edit', point: next.point, fragment: next.fragment };
    }
    return { type: 'submit', molecule: best };
  };
}
