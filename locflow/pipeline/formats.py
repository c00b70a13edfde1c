"""What ``locflow formats`` lists: every filter registered under ``locflow.filters``.

Read from the entry points, so a filter a third-party package registers is
listed the same way as the built-in ones, with its extensions and options.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from locflow import plugins

__all__ = ["FormatInfo", "formats"]


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    extensions: tuple[str, ...]
    options: dict[str, Any]
    description: str
    module: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "extensions": list(self.extensions),
            "options": self.options,
            "description": self.description,
            "module": self.module,
        }


def formats() -> list[FormatInfo]:
    """Every registered filter, by name."""
    return [_info(name, cls) for name, cls in plugins.available(plugins.FILTERS).items()]


def _info(name: str, cls: Any) -> FormatInfo:
    doc = (cls.__doc__ or "").strip().splitlines()
    return FormatInfo(
        name=name,
        extensions=tuple(getattr(cls, "extensions", ())),
        options=dict(getattr(cls, "options", {})),
        description=doc[0].strip() if doc else "",
        module=f"{cls.__module__}:{cls.__qualname__}",
    )
