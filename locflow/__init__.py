"""locflow: a localization workflow engine for support content.

The public API (see ``docs/api.md``)::

    import locflow

    with locflow.open("help-center") as project:
        project.run()

``locflow.open``, ``locflow.LocflowProject`` and every error class of
:mod:`locflow.errors` are available here. The API is imported on first use,
so ``import locflow`` stays cheap.
"""

from __future__ import annotations

from typing import Any

from locflow import errors as _errors
from locflow.errors import *  # noqa: F403 - the documented error tree, re-exported as is

__version__ = "0.1.0"

__all__ = ["__version__", "open", "LocflowProject", *_errors.__all__]

_API = {"open", "LocflowProject"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from locflow import api

        return getattr(api, name)
    raise AttributeError(f"module 'locflow' has no attribute {name!r}")
