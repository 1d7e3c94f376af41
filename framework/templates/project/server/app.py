# Python launcher: starts the TypeScript OpenEnv server with Node.js, relaying signals and the exit code.
"""Start the OpenEnv server of this repository from Python.

The environment is written in TypeScript; this module is the thin layer that Python tooling expects
(`openenv validate`, `uv run server`, `python server/app.py`). `main()` runs
the installed `openenv-ts` command (`node node_modules/openenv-ts/dist/tools/cli.js serve`) in the project
root, building with `npm run build` first when the compiled output is missing. Only the standard library is used.

Environment: PORT (default 8000), HOST (default 0.0.0.0), OPENENV_TASK, ENABLE_WEB_INTERFACE and the
other server variables pass through unchanged; OPENENV_ROOT names the repository root when this file
was installed somewhere else (a non-editable install).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Callable, Optional, Sequence

MANIFEST = "openenv.plugins.json"
# The framework's command, as npm installs it (a workspace link in the framework's own repository).
ENTRY = Path("node_modules") / "openenv-ts" / "dist" / "tools" / "cli.js"
# The project's compiled plugins; the server loads them from here.
BUILT = Path("dist")
PREFIX = "server/app.py"


class LauncherError(Exception):
    """A start-up problem the user can fix; the message says how."""


def find_root() -> Path:
    """The repository root: OPENENV_ROOT, else the folder above this file, else the working directory."""
    candidates = []
    if os.environ.get("OPENENV_ROOT"):
        candidates.append(Path(os.environ["OPENENV_ROOT"]))
    candidates.append(Path(__file__).resolve().parent.parent)
    candidates.append(Path.cwd())
    for candidate in candidates:
        if (candidate / MANIFEST).is_file() and (candidate / "package.json").is_file():
            return candidate.resolve()
    looked = ", ".join(str(c) for c in candidates)
    raise LauncherError(
        f"cannot find the repository root (a folder with {MANIFEST} and package.json); looked in: {looked}. "
        "Set OPENENV_ROOT to the repository folder."
    )


def ensure_built(root: Path) -> None:
    """Compiles the TypeScript sources when the server entry point or the compiled plugins are missing."""
    if (root / ENTRY).is_file() and (root / BUILT).is_dir():
        return
    if not (root / "node_modules").is_dir():
        raise LauncherError(
            f"{ENTRY.as_posix()} is missing and the Node dependencies are not installed: "
            f"run `npm ci` then `npm run build` in {root}"
        )
    npm = shutil.which("npm")
    if npm is None:
        raise LauncherError(f"{ENTRY.as_posix()} is missing and npm is not on PATH: install Node.js 20+ and run `npm run build`")
    print(f"{PREFIX}: {ENTRY.as_posix()} not found; running `npm run build` in {root}", file=sys.stderr, flush=True)
    # The build's own output goes to stderr so stdout stays the server's.
    completed = subprocess.run([npm, "run", "build"], cwd=root, stdout=sys.stderr, check=False)
    if completed.returncode != 0 or not (root / ENTRY).is_file() or not (root / BUILT).is_dir():
        raise LauncherError(f"`npm run build` failed (exit {completed.returncode}); fix the errors above and retry")


def _die_with_parent() -> Optional[Callable[[], None]]:
    """On Linux, a child setup that makes the kernel send SIGTERM to the server if this launcher dies."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, ImportError):
        return None
    pr_set_pdeathsig = 1

    def setup() -> None:
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)

    return setup


def _parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="server", description="Start the OpenEnv server (Node.js) of this repository.")
    parser.add_argument("--port", type=int, help="port to listen on (default: $PORT or 8000)")
    parser.add_argument("--host", help="address to bind (default: $HOST or 0.0.0.0)")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the Node server until it exits; returns its exit code (128 + N when killed by signal N)."""
    args = _parse_args(argv)
    try:
        root = find_root()
        node = shutil.which("node")
        if node is None:
            raise LauncherError("Node.js is not on PATH: install Node.js 20 or newer (https://nodejs.org)")
        ensure_built(root)
    except LauncherError as err:
        print(f"{PREFIX}: {err}", file=sys.stderr, flush=True)
        return 1

    env = os.environ.copy()
    if args.port is not None:
        env["PORT"] = str(args.port)
    if args.host is not None:
        env["HOST"] = args.host

    # Own session: a Ctrl-C in the terminal reaches only this launcher, which forwards it once, so the server
    # gets one signal and closes cleanly.
    child = subprocess.Popen(
        [node, str(ENTRY), "serve"],
        cwd=root,
        env=env,
        start_new_session=True,
        preexec_fn=_die_with_parent(),
    )
    print(f"{PREFIX}: started the Node server (pid {child.pid}) in {root}", file=sys.stderr, flush=True)

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), forward)

    code = child.wait()
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    raise SystemExit(main())
