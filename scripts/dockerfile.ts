// A small Dockerfile reader: instructions grouped by build stage, for the project check and the image tests.

export interface Instruction {
  /** Upper-case keyword, e.g. COPY. */
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  readonly args: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

export interface Stage {
  /** The image named by FROM, e.g. node:20-slim. */
  readonly base: string;
  /** The `AS name` alias, or null. */
  readonly name: string | null;
  readonly instructions: Instruction[];
}

export interface Dockerfile {
  /** ARG instructions before the first FROM (they may parameterise FROM). */
  readonly globalArgs: Instruction[];
  readonly stages: Stage[];
}

/**
 * Splits Dockerfile text into instructions. Handles comments, blank lines, backslash continuations and
 * the `# syntax=` directive; heredocs are not used in this project and are not supported.
 */
export function readInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  let pending: { parts: string[]; line: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    // Comment lines inside a continued instruction are dropped by Docker too.
    if (trimmed.startsWith('#') || (trimmed === '' && pending === null)) continue;
    const continues = /\\\s*$/.test(raw);
    const content = continues ? raw.replace(/\\\s*$/, '') : raw;
    if (pending === null) pending = { parts: [], line: i + 1 };
    pending.parts.push(content.trim());
    if (!continues) {
      const joined = pending.parts.filter(Boolean).join(' ');
      const match = /^(\S+)\s*(.*)$/s.exec(joined);
      if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
      pending = null;
    }
  }
  return instructions;
}

/** Parses a Dockerfile into its stages. */
export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Instruction[] = [];
  const stages: { base: string; name: string | null; instructions: Instruction[] }[] = [];
  const fromArgs: Record<string, string> = {};
  for (const instruction of readInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      const base = expand(words[0] ?? '', fromArgs);
      stages.push({ base, name: asIndex >= 0 ? (words[asIndex + 1] ?? null) : null, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        globalArgs.push(instruction);
        for (const [key, value] of assignments(instruction.args)) fromArgs[key] = value;
      }
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** The instructions of a stage with the given keyword. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** The exec-form (JSON array) arguments of CMD/ENTRYPOINT/HEALTHCHECK CMD text, or null for shell form. */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

/** Splits a HEALTHCHECK's arguments into its options and the command after CMD. */
export function healthcheckParts(args: string): { options: Record<string, string>; command: string | null } {
  const options: Record<string, string> = {};
  let rest = args.trim();
  for (;;) {
    const option = /^--([a-z-]+)=(\S+)\s*/.exec(rest);
    if (!option) break;
    options[option[1]!] = option[2]!;
    rest = rest.slice(option[0].length);
  }
  const cmd = /^CMD\s+(.*)$/is.exec(rest);
  return { options, command: cmd ? cmd[1]!.trim() : null };
}

/** Words of a shell-free instruction (COPY, EXPOSE, USER), honouring JSON-array form for COPY. */
export function words(args: string): string[] {
  return execForm(args) ?? args.split(/\s+/).filter(Boolean);
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
    return value.slice(1, -1);
  }
  return value;
}

/** Expands ${NAME}, ${NAME:-default} and $NAME from the variables given. */
export function expand(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced, fallback, bare) => {
    const name = (braced ?? bare) as string;
    const found = vars[name];
    if (found !== undefined && found !== '') return found;
    return (fallback as string | undefined) ?? found ?? '';
  });
}

/**
 * The key/value pairs of an ENV or ARG instruction (`K=V K2="V 2"`, or the legacy `K V`). ARG without a
 * value yields an empty string.
 */
export function assignments(args: string): [string, string][] {
  const tokens = args.match(/(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g) ?? [];
  if (tokens.length >= 2 && !tokens[0]!.includes('=')) {
    return [[tokens[0]!, unquote(args.slice(args.indexOf(tokens[0]!) + tokens[0]!.length).trim())]];
  }
  return tokens.map((token) => {
    const eq = token.indexOf('=');
    return eq < 0 ? [token, ''] : [token.slice(0, eq), unquote(token.slice(eq + 1))];
  });
}

/** The environment a stage's process starts with: its ARG defaults feeding its ENV lines, in order. */
export function stageEnvironment(stage: Stage, buildArgs: Record<string, string> = {}): Record<string, string> {
  const args: Record<string, string> = {};
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ARG') {
      for (const [key, value] of assignments(instruction.args)) args[key] = buildArgs[key] ?? value;
    } else if (instruction.keyword === 'ENV') {
      for (const [key, value] of assignments(instruction.args)) env[key] = expand(value, { ...args, ...env });
    }
  }
  return env;
}
