"""Files a killed process leaves behind, found by the process id in their names.

A process deletes its temporary files when it is done, unless it is killed first
(SIGKILL, the out-of-memory killer, a power cut). Temporary files that carry their
maker's pid in their name can be told apart: the next process that makes the same
kind of file removes those whose maker is gone, and never one of a process still
running (a pid taken again by another process keeps its file until a later sweep).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["remove_files_of_dead_processes", "process_alive"]


def remove_files_of_dead_processes(directory: Path, name: re.Pattern[str]) -> list[Path]:
    """Delete the files of ``directory`` whose name matches ``name`` (its first group: the
    pid of the process that made the file) and whose process is gone; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return removed
    for entry in entries:
        match = name.match(entry.name)
        if match and entry.is_file(follow_symlinks=False) and not process_alive(int(match.group(1))):
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user's counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
