"""locflow: a localization workflow engine for support content.

The public API (see ``docs/api.md``)::

    import locflow

    with locflow.open("help-center") as project:
        project.run()

``locflow.open`` and the error classes of :mod:`locflow.errors` are available
here; they are imported on first use, so ``import locflow`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "open",
    "LocflowProject",
    "LocflowError",
    "QAGateFailed",
    "UsageError",
    "ConfigError",
    "InputError",
    "MalformedFileError",
    "UnsafeXMLError",
    "UnsafePathError",
    "StoreError",
    "ServiceError",
    "ProviderError",
    "StoreUnavailableError",
]

_API = {"open", "LocflowProject"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from locflow import api

        return getattr(api, name)
    if name in __all__:
        from locflow import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'locflow' has no attribute {name!r}")
