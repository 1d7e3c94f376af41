// The grade of an episode as POST /grader reports it: raw and reported score with the grader's breakdown.
import type { Episode } from './episode.js';

export interface GradeReport {
  task_id: string;
  episode_id: string;
  level: string;
  split: string;
  /** Facts that identify the scenario: null until the episode is over. */
  seed: number | null;
  index: number | null;
  scenario_digest: string | null;
  step_count: number;
  done: boolean;
  raw_score: number;
  score: number;
  breakdown: Record<string, unknown>;
  explanation: string | null;
}

export function gradeReport(episode: Episode): GradeReport {
  const grade = episode.grade();
  const state = episode.stateView();
  return {
    task_id: episode.task.metadata.id,
    episode_id: episode.episodeId,
    level: state.level,
    split: state.split,
    seed: state.seed,
    index: state.index,
    scenario_digest: state.scenario_digest,
    step_count: state.step_count,
    done: episode.done,
    raw_score: grade.raw,
    score: grade.reported,
    breakdown: grade.breakdown,
    explanation: grade.explanation,
  };
}
