"""The error classes, defined in the model so that filters, the TM and the termbase
can raise them without importing the rest of locflow. The tree and its exit codes
are documented in :mod:`locflow.errors`, which re-exports every class.
"""


from __future__ import annotations

from os import PathLike

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


class LocflowError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, path: str | PathLike[str] | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class QAGateFailed(LocflowError):
    exit_code = 1


class UsageError(LocflowError):
    exit_code = 2


class ConfigError(UsageError):
    exit_code = 2


class UnknownPluginError(ConfigError):
    exit_code = 2


class InputError(LocflowError):
    exit_code = 3


class MalformedFileError(InputError):
    exit_code = 3


class UnsafeXMLError(InputError):
    exit_code = 3


class UnsafePathError(InputError):
    exit_code = 3


class StoreError(LocflowError):
    exit_code = 1


class ServiceError(LocflowError):
    """An external service failed: the MT engine or the database server, not the input."""

    exit_code = 4


class ProviderError(ServiceError):
    exit_code = 4


class StoreUnavailableError(ServiceError):
    exit_code = 4
