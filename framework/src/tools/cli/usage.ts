// The CLI's help text: every command, option and environment variable.
import { DATASET_USAGE } from '../../trajectories/commands.js';

export const USAGE = `usage: openenv-ts <command>

commands:
  serve [--workers N]
            start the OpenEnv server (default); --workers N (or OPENENV_WORKERS; default 1) runs N server
            processes behind a router on PORT that keeps every session on its process (limits such as
            OPENENV_MAX_SESSIONS count per process); GET /metrics (Prometheus) and /ready (readiness);
            env: PORT (8000), HOST (0.0.0.0), OPENENV_TASK,
            OPENENV_MANIFEST (./openenv.plugins.json), OPENENV_MAX_SESSIONS and
            OPENENV_IDLE_TIMEOUT_S (override the manifest's WebSocket capacity and idle timeout),
            OPENENV_STEP_TIMEOUT_S (60: a step past it abandons its episode),
            OPENENV_REQUEST_TIMEOUT_S (30), OPENENV_HEADERS_TIMEOUT_S (10),
            OPENENV_KEEP_ALIVE_TIMEOUT_S (72), OPENENV_SHUTDOWN_GRACE_S (10: on SIGTERM or
            SIGINT, in-flight work gets this long before connections are cut),
            ENABLE_WEB_INTERFACE (true: serve the play page at /web), OPENENV_GRADER_REPLAY
            (false: POST /grader replays of task + seed + actions are an answer oracle; turn on only
            where agents cannot reach the server), OPENENV_ORCHESTRATOR_TOKEN (none: when set,
            reset, state, grading, /ws and the play page need it, as /orchestrator/<token>/... or
            Authorization: Bearer), OPENENV_VALIDATION_TOKEN (none: 32-256 characters that let
            OpenEnv's validator open session telemetry on /ws), OPENENV_DEFAULT_SESSION (the manifest's sessions.default_session:
            false refuses header-less step and state), OPENENV_RECORD (false: record every
            episode; a reset's record kwarg asks per episode), OPENENV_RECORD_DIR (none: append
            finished recordings to DIR/trajectories.jsonl), OPENENV_DEV (off: 1 checks every observation
            against the plugin's observationSchema; also NODE_ENV=development), LOG_LEVEL
  tasks     list the tasks the manifest loads, as JSON lines
  yaml      write openenv.yaml and validation/runtime.json for the project whose manifest is
            --manifest FILE (default: OPENENV_MANIFEST, else ./openenv.plugins.json); --check
            compares instead of writing and exits 1 on drift
  init DIR  create a new environment project in DIR (empty or absent): an example plugin with
            tests, manifest, Dockerfile, Python launcher, baseline, CI script; --framework SPEC
            is the openenv-ts dependency written to its package.json (any npm spec, e.g.
            file:../openenv-ts-0.1.0.tgz; default: this framework's version), --name NAME
  audit     the adversarial panel: per task and level, through a real server with default settings, the
            reference solver, trivial policies, a cross-seed memoriser, structured-hint policies, attacks
            on the server and the repetition metric, held to reference >= 0.95, others <= 0.35 raw,
            repetition <= 5%; options: --reduced (the CI panel), --seeds N, --train-seeds N,
            --task ID and --level NAME (repeatable), --json (OpenEnv report-2 documents on stdout),
            --allow-known (tolerate the breaches listed with their issue in audit.known-breaches.json;
            fail on new ones and on listed ones that no longer occur); progress on stderr; exit 1
            naming each breach
  validate-url URL
            check a running server or Space with the six criteria of \`openenv validate --url\`
            (same ids), plus the deployment gate POST /reset {}; prints PASS/FAIL per criterion
            and a verdict; exit 0 pass, 1 fail, 2 bad arguments
${DATASET_USAGE}
  help      show this text`;
