"""Writing files so that a reader never sees half of one: temporary file, then rename."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from locflow.model.leftovers import remove_files_of_dead_processes

__all__ = ["write_atomically", "open_atomically", "remove_abandoned_temporaries"]

#: Temporary names are ``.<name>.<pid>.<random>.tmp``: the pid tells whether their writer lives.
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename."""
    with open_atomically(path) as handle:
        handle.write(data)


@contextmanager
def open_atomically(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path``'s new content to, a piece at a time: a temporary file in the
    same directory, renamed to ``path`` when the block ends, deleted if it raises.

    The file gets the mode a plain ``open(path, "w")`` would give it: an
    existing file keeps its mode, a new one gets 0666 less the umask. (The
    temporary file is created 0600, which would otherwise hide a localized
    help center from the web server and from teammates.)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            os.fchmod(handle.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_abandoned_temporaries(directory: Path) -> list[Path]:
    """Delete the temporary files of :func:`write_atomically` whose writer is gone.

    A process killed between creating its temporary file and renaming it
    leaves the temporary behind (the file it was replacing is intact). The
    next build removes it, but never the temporary of a process still running.
    """
    return remove_files_of_dead_processes(directory, _TEMPORARY)
