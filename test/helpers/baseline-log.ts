// A strict parser of the baseline's stdout ([START]/[STEP]/[END] lines): throws on the first deviation from the format.

export interface StepLine {
  step: number;
  action: string;
  reward: string;
  done: boolean;
  error: string | null;
}

export interface Block {
  task: string;
  env: string;
  model: string;
  steps: StepLine[];
  end: { success: boolean; steps: number; score: string; rewards: string[] };
}

const START = /^\[START\] task=(\S+) env=(\S+) model=(\S+)$/;
const STEP = /^\[STEP\] step=(\d+) action=(\S.*) reward=(-?\d+\.\d{2}) done=(true|false) error=(\S.*)$/;
const END = /^\[END\] success=(true|false) steps=(\d+) score=(\d\.\d{3}) rewards=((?:-?\d+\.\d{2})(?:,-?\d+\.\d{2})*)?$/;
const TWO_DECIMALS = /^-?\d+\.\d{2}$/;

export class LogFormatError extends Error {}

function fail(lineNo: number, line: string, why: string): never {
  throw new LogFormatError(`stdout line ${lineNo}: ${why}: ${JSON.stringify(line)}`);
}

/** Parses the whole stdout; every line must belong to a well-formed block, and nothing else may appear. */
export function parseBaselineLog(stdout: string): Block[] {
  if (stdout === '') return [];
  if (!stdout.endsWith('\n')) throw new LogFormatError('stdout does not end with a newline');
  const lines = stdout.slice(0, -1).split('\n');
  const blocks: Block[] = [];
  let open: Omit<Block, 'end'> | null = null;
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.includes('\r')) fail(n, line, 'carriage return inside a line');
    let m: RegExpExecArray | null;
    if ((m = START.exec(line))) {
      if (open) fail(n, line, `[START] while the block of ${open.task} is still open`);
      open = { task: m[1]!, env: m[2]!, model: m[3]!, steps: [] };
    } else if ((m = STEP.exec(line))) {
      if (!open) fail(n, line, '[STEP] outside a block');
      const step = Number(m[1]);
      if (step !== open.steps.length + 1) fail(n, line, `step number ${step}, expected ${open.steps.length + 1}`);
      if (open.steps.at(-1)?.done) fail(n, line, '[STEP] after a step with done=true');
      if (m[3] === '-0.00') fail(n, line, 'reward printed as -0.00');
      open.steps.push({ step, action: m[2]!, reward: m[3]!, done: m[4] === 'true', error: m[5] === 'null' ? null : m[5]! });
    } else if ((m = END.exec(line))) {
      if (!open) fail(n, line, '[END] outside a block');
      const rewards = m[4] === undefined ? [] : m[4].split(',');
      const end = { success: m[1] === 'true', steps: Number(m[2]), score: m[3]!, rewards };
      if (end.steps !== open.steps.length) fail(n, line, `steps=${end.steps} but the block has ${open.steps.length} [STEP] lines`);
      if (rewards.join(',') !== open.steps.map((s) => s.reward).join(',')) fail(n, line, 'rewards differ from the [STEP] rewards');
      if (rewards.some((r) => !TWO_DECIMALS.test(r))) fail(n, line, 'a reward is not printed with 2 decimals');
      const score = Number(end.score);
      if (!(score > 0 && score < 1) || end.score === '0.000' || end.score === '1.000') fail(n, line, 'score not strictly inside (0, 1) as printed');
      blocks.push({ ...open, end });
      open = null;
    } else {
      fail(n, line, 'not a [START], [STEP] or [END] line');
    }
  });
  if (open) throw new LogFormatError(`stdout ends inside the block of ${(open as Block).task} (no [END])`);
  return blocks;
}
