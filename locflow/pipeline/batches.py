"""Cutting a project into batches of whole documents, for the stages that read it a batch at a time.

pretranslate and qa read a project batch after batch so their memory stays that
of one batch; both cut it the same way, from ``ProjectStore.segment_counts()``
(no segment is read to decide).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["document_batches"]


def document_batches(counts: Sequence[tuple[str, int]], size: int, *, documents: int | None = None) -> list[list[str]]:
    """Documents (``(path, segments)`` in path order) in consecutive batches of at most ``size``
    segments and, when given, ``documents`` documents; a document is never split, so one bigger
    than ``size`` is a batch of its own."""
    batches: list[list[str]] = []
    current: list[str] = []
    held = 0
    for path, count in counts:
        if current and (held + count > size or (documents is not None and len(current) >= documents)):
            batches.append(current)
            current, held = [], 0
        current.append(path)
        held += count
    if current:
        batches.append(current)
    return batches
