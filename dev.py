#!/usr/bin/env python3
"""Set up and run microstep from a fresh clone, with nothing but Python 3.11+.

    python3 dev.py demo     create .venv, install, build the demo and serve it on :8000
    python3 dev.py test     create .venv, install with test tools, run lint and every test
    python3 dev.py setup    only create .venv and install

Extra arguments after `demo` or `test` go to `microstep demo` or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".microstep-installed"


def main(argv: list[str]) -> int:
    """Dispatch to a task."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before the venv exists
        print(f"microstep needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
        return 2
    task, rest = (argv[0], argv[1:]) if argv else ("help", [])
    tasks = {"demo": demo, "test": test, "setup": lambda _rest: setup(with_tests=True) or 0}
    if task not in tasks:
        print(__doc__)
        return 0 if task in {"help", "-h", "--help"} else 2
    return int(tasks[task](rest))


def setup(*, with_tests: bool) -> None:
    """Create .venv and install the package, again only when pyproject.toml changed."""
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    have_digest, _, have_kind = (STAMP.read_text() if STAMP.exists() else "").partition("|")
    if have_digest == digest and (have_kind == "test" or not with_tests):
        return
    print(f"Installing microstep{' with test tools' if with_tests else ''} ...", flush=True)
    run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run(
        [str(PY), "-m", "pip", "install", "--quiet", "-e", ".[test]" if with_tests else "."],
        cwd=ROOT,
    )
    STAMP.write_text(f"{digest}|{'test' if with_tests else 'run'}")


def demo(rest: list[str]) -> int:
    """Build the demo database and serve it."""
    setup(with_tests=False)
    return subprocess.call([str(BIN / "microstep"), "demo", *rest])


def test(rest: list[str]) -> int:
    """Lint, type-check core/, and run the whole suite (SQLite, PostgreSQL, Chromium)."""
    setup(with_tests=True)
    ensure_chromium()
    steps = [
        [str(BIN / "ruff"), "check", "src", "tests", "dev.py"],
        [str(BIN / "ruff"), "format", "--check", "src", "tests", "dev.py"],
        [str(BIN / "mypy"), "--strict", "src/microstep"],
        # One pytest worker per core (each with its own databases); a file's tests stay together.
        [str(PY), "-m", "pytest", "-n", "auto", "--dist", "loadfile", *rest],
    ]
    for step in steps:
        print(
            "$",
            " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)),
            flush=True,
        )
        code = subprocess.call(step, cwd=ROOT)
        if code != 0:
            return code
    return 0


def ensure_chromium() -> None:
    """Install Debian's chromium for the browser tests when it is missing and we can."""
    if shutil.which("chromium") or os.environ.get("MICROSTEP_CHROMIUM"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing chromium for the browser tests (apt-get) ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.call(["apt-get", "update", "-qq"], env=env)
        subprocess.call(["apt-get", "install", "-y", "-qq", "chromium"], env=env)
    else:
        print("chromium is missing: browser tests will be skipped (apt install chromium).")


def run(command: list[str], cwd: Path | None = None) -> None:
    """Run a command, stopping with its exit code when it fails."""
    code = subprocess.call(command, cwd=cwd)
    if code != 0:
        raise SystemExit(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
