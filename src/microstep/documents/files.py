"""Writing an exported file whole or not at all, with one sentence when the path is unusable."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from microstep.errors import InvalidInput


def check_target(out: Path) -> Path:
    """Refuse, before any work, a path whose folder is missing or that is a folder itself."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise InvalidInput(
            f"{out} is a folder: give a file name such as {out / 'file'}.", field="out"
        )
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder: pick another --out.", field="out")
    if not folder.is_dir():
        raise InvalidInput(
            f"The folder {folder} does not exist: create it or pick another --out.", field="out"
        )
    if not os.access(folder, os.W_OK):
        raise InvalidInput(f"Cannot write to the folder {folder}: pick another --out.", field="out")
    if out.exists() and not os.access(out, os.W_OK):
        raise InvalidInput(f"Cannot write over {out}: pick another --out.", field="out")
    return out


def _umask() -> int:
    current = os.umask(0o022)  # the only way to read it is to set it, so put it straight back
    os.umask(current)
    return current


def write_atomically(out: Path, data: bytes) -> Path:
    """Write to a temporary file in the same folder, then rename it over `out`."""
    check_target(out)
    folder = out.parent if str(out.parent) else Path(".")
    temp = ""
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~_umask())  # what a plain open() would have made
        os.replace(temp, out)
    except OSError as exc:
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        reason = exc.strerror or type(exc).__name__
        raise InvalidInput(f"Cannot write {out}: {reason.lower()}.", field="out") from exc
    return out
