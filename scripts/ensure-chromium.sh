#!/usr/bin/env bash
# Makes sure a Chromium for the play page's browser test exists: Debian's chromium, installed with apt-get when missing (CI runs as root).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then exit 0; fi
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then exit 0; fi
done
if [ "${OPENENV_SKIP_BROWSER_TEST:-}" = "1" ]; then exit 0; fi
install() {
  echo "ensure-chromium: installing Debian's chromium for the play page test (apt-get)" >&2
  DEBIAN_FRONTEND=noninteractive "$@" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "$@" apt-get install -y -qq --no-install-recommends chromium >/dev/null
}
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  install
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
  install sudo -n
else
  echo "ensure-chromium: no chromium found and cannot install it (not root, no apt-get or sudo)." >&2
  echo "  Install Chromium, or set CHROMIUM_PATH to its binary; OPENENV_SKIP_BROWSER_TEST=1 skips the browser test." >&2
fi
