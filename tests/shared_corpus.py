"""Where the shared real-world material is: ``$LOCFLOW_SHARED``, else ``shared/`` beside the
checkout (or beside one of its parent directories). Tests that read it skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def find_shared() -> Path | None:
    """The ``shared`` directory holding ``corpus/``, or None when it is not on this machine."""
    if os.environ.get("LOCFLOW_SHARED"):
        candidate = Path(os.environ["LOCFLOW_SHARED"])
        return candidate if (candidate / "corpus").is_dir() else None
    for parent in REPO.parents:
        if (parent / "shared" / "corpus").is_dir():
            return parent / "shared"
    return None


#: Always a path; it does not exist when the shared material is absent.
SHARED: Path = find_shared() or REPO.parent / "shared"
