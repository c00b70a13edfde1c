"""Which TBX a file is: the version, the dialect and the style, read from its root element.

* **TBX v2** (ISO 30042:2008): root ``<martif type="...">``, no namespace (a
  few tools add ``urn:iso:std:iso:30042:ed-2``). ``type="TBX"`` or
  ``TBX-Default`` is TBX-Default; ``TBX-Basic`` is TBX-Basic. Entries are
  ``termEntry`` / ``langSet`` / ``tig`` or ``ntig``.
* **TBX v3** (ISO 30042:2019): root ``<tbx type="..." style="...">`` in the
  namespace ``urn:iso:std:iso:30042:ed-2`` (some published samples use
  ``urn:iso:std:iso:30042:ed:3.0``). Dialects TBX-Core, TBX-Min and TBX-Basic;
  style ``dca`` (``<termNote type="administrativeStatus">``) or ``dct``
  (``<min:administrativeStatus>`` in the module's namespace). Entries are
  ``conceptEntry`` / ``langSec`` / ``termSec``.

Anything else is refused with the reason; a file is never read as a
dialect it does not declare.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

from locflow.model.errors import InputError

__all__ = ["TBXKind", "kind_of_root", "V3_NAMESPACE", "local_name", "namespace_of"]

#: The namespace of TBX v3 (ISO 30042:2019), also used by some TBX v2 writers.
V3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_V3_NAMESPACES = frozenset({V3_NAMESPACE, "urn:iso:std:iso:30042:ed:3.0"})
_V2_NAMESPACES = frozenset({"", V3_NAMESPACE})
_V2_DIALECTS = {"TBX": "TBX-Default", "TBX-Default": "TBX-Default", "TBX-Basic": "TBX-Basic"}
_V3_DIALECTS = frozenset({"TBX-Core", "TBX-Min", "TBX-Basic"})
_STYLES = frozenset({"dca", "dct"})


@dataclass(frozen=True, slots=True)
class TBXKind:
    """``version`` 2 or 3, ``dialect`` (``TBX-Basic``...), ``style`` (``dca``/``dct``; v2 is always dca)."""

    version: int
    dialect: str
    style: str
    namespace: str

    @property
    def entry(self) -> str:
        return "termEntry" if self.version == 2 else "conceptEntry"

    def describe(self) -> str:
        return f"TBX v{self.version} {self.dialect} ({self.style.upper()})"


_LOCAL_NAMES: dict[str, str] = {}


def local_name(tag: object) -> str:
    """``{urn:...}termSec`` -> ``termSec``; comments and processing instructions give ``""``."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rpartition("}")[2]
    return name


def namespace_of(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def kind_of_root(tag: str, attributes: dict[str, str], path: str | PathLike[str], line: int | None) -> TBXKind:
    """The kind of TBX a root element declares; :class:`InputError` (exit 3) for anything else."""
    name, namespace = local_name(tag), namespace_of(tag)
    declared = attributes.get("type", "")
    if name == "martif" and namespace in _V2_NAMESPACES:
        dialect = _V2_DIALECTS.get(declared)
        if dialect is None:
            known = ", ".join(sorted(_V2_DIALECTS))
            raise InputError(f"unknown TBX v2 dialect type={declared!r} (known: {known})", path=path, line=line)
        return TBXKind(2, dialect, "dca", namespace)
    if name == "tbx":
        if namespace not in _V3_NAMESPACES:
            raise InputError(
                f"unknown TBX version: <tbx> in namespace {namespace or '(none)'!r}, expected {V3_NAMESPACE!r}",
                path=path,
                line=line,
            )
        if declared not in _V3_DIALECTS:
            known = ", ".join(sorted(_V3_DIALECTS))
            raise InputError(f"unknown TBX v3 dialect type={declared!r} (known: {known})", path=path, line=line)
        style = attributes.get("style", "")
        if style not in _STYLES:
            raise InputError(f"TBX v3 style={style!r} is neither 'dca' nor 'dct'", path=path, line=line)
        return TBXKind(3, declared, style, namespace)
    raise InputError(f"not a TBX file: the root element is <{name}>, not <martif> (TBX v2) or <tbx> (TBX v3)", path=path, line=line)
