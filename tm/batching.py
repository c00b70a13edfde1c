"""Cutting long lists into batches.

Statements take at most a few hundred bound values, lookups go to worker
processes a batch at a time, and writes are grouped: every such place cuts
its list the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["batches"]

T = TypeVar("T")


def batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in consecutive batches of ``size`` (the last one shorter)."""
    return [items[start : start + size] for start in range(0, len(items), size)]
