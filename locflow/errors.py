"""The one error tree of locflow. Every error knows its CLI exit code.

::

    LocflowError                      exit 1   anything locflow raises on purpose
    ├── QAGateFailed                  exit 1   QA found issues at or above --fail-on
    ├── UsageError                    exit 2   a wrong option or argument
    │   └── ConfigError               exit 2   locflow.toml is invalid (names key and file)
    │       └── UnknownPluginError    exit 2   a filter / MT provider / check id that is not registered
    ├── InputError                    exit 3   an input file is rejected; nothing was changed
    │   ├── MalformedFileError        exit 3   cannot be parsed (names file and line)
    │   ├── UnsafeXMLError            exit 3   DTD, entity expansion or external entity refused
    │   └── UnsafePathError           exit 3   a path would leave its directory (``..``, absolute)
    ├── StoreError                    exit 1   the project store cannot be migrated or written
    └── ServiceError                  exit 4   an external service failed, not the input
        ├── ProviderError             exit 4   an MT provider failed (network, quota, bad answer)
        └── StoreUnavailableError     exit 4   the database server cannot be reached

Library code raises these with ``raise ... from exc``; the CLI turns them into a
message on stderr and the exit code. Errors about a file carry ``path`` and
``line`` (1-based, or ``None`` when unknown), and their message names both.
"""

from locflow.model.errors import (
    ConfigError,
    InputError,
    LocflowError,
    MalformedFileError,
    ProviderError,
    QAGateFailed,
    ServiceError,
    StoreError,
    StoreUnavailableError,
    UnknownPluginError,
    UnsafePathError,
    UnsafeXMLError,
    UsageError,
)

__all__ = [
    "LocflowError",
    "QAGateFailed",
    "UsageError",
    "ConfigError",
    "UnknownPluginError",
    "InputError",
    "MalformedFileError",
    "UnsafeXMLError",
    "UnsafePathError",
    "StoreError",
    "ServiceError",
    "ProviderError",
    "StoreUnavailableError",
]
