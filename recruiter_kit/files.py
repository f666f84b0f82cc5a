"""Files written whole or not at all: a crash or an error never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

# New files get the permissions `open()` would give them: 0o666 less the umask.
_DEFAULT_MODE = 0o666


@contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    mode: Literal["w", "wb"] = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """Open a temporary file next to `path`; on success it replaces `path` in one rename.

    The content reaches the disk before the rename, so `path` holds either its old
    content or the complete new one, even after a crash or `kill -9`. If the block
    raises, the temporary file is removed and `path` is left untouched. A replaced file
    keeps its permissions; a new one gets those `open()` would give it.
    """
    target = Path(path)
    descriptor, temporary_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    temporary = Path(temporary_name)
    if mode == "wb":
        encoding = newline = None
    try:
        with os.fdopen(descriptor, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _permissions_for(target))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _permissions_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return _DEFAULT_MODE & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform or filesystem)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
