"""The export log: what each segment looked like when a package left, and since.

An import compares what comes back with what went out. A target the package
already carried (the one exported) is *unchanged*, whatever state the file
now claims: re-importing a package, edited or not, never undoes later work. A
stored target that moved on in the meantime, while the file changed it too,
is a *conflict*. Targets an import applied from a package are recorded too:
a file that carries some of them is that translator's later copy, whose
further edits are not conflicts with their own earlier ones. Both need the versions recorded here, keyed by the package
id that every exported file carries (PO header, XLIFF metadata). When a tool
dropped that id, the latest export of the segment to the locale stands in
for it.

Targets are recorded as fingerprints (see
:func:`locflow.exchange.validate.target_fingerprint`); ``""`` stands for
"exported without a target".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, func, insert, select

from locflow.model import State
from locflow.store.schema import exported_segments, exports
from locflow.store.writing import write_transaction

__all__ = ["ExportLog", "ExportedSegment", "PackageInfo", "PackageVersions", "new_package_id"]

_BATCH = 500


def new_package_id() -> str:
    """A fresh package id: 32 hex digits, safe in any header or attribute."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class ExportedSegment:
    """One segment's version in a package: target fingerprint (``""``: none) and state."""

    segment_id: int
    target_hash: str
    state: State


@dataclass(frozen=True, slots=True)
class PackageVersions:
    """Target fingerprints by segment id: as ``exported``, and as ``applied`` by imports of the
    package since (a file that carries some of the latter descends from such an import)."""

    exported: dict[int, frozenset[str]]
    applied: dict[int, frozenset[str]]


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """An exported package: its locale, ``kind`` (``translate`` or ``review``) and, for a
    review package, the state its accepted segments reach."""

    package: str
    locale: str
    kind: str
    review_state: State | None
    created_at: datetime


class ExportLog:
    """Reads and writes the ``exports`` and ``exported_segments`` tables of one store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self,
        package: str,
        locale: str,
        fmt: str,
        segments: Iterable[ExportedSegment],
        *,
        kind: str = "translate",
        review_state: State | None = None,
    ) -> None:
        """Remember a package and what each of its segments carried when it left."""
        values = {
            "package": package,
            "locale": locale,
            "kind": kind,
            "review_state": review_state.value if review_state else None,
            "format": fmt,
            "created_at": datetime.now(timezone.utc),
        }
        with write_transaction(self.engine) as conn:
            export_id = conn.execute(insert(exports).values(**values)).inserted_primary_key[0]
            _insert_versions(conn, export_id, segments, applied=False)

    def remember_imported(self, package: str, segments: Iterable[ExportedSegment], conn: Any) -> None:
        """Add the targets an import applied from ``package`` to what that package is known to hold.

        Runs in the import's own transaction (``conn``), so the log and the
        translations cannot disagree.
        """
        export_id = conn.execute(select(exports.c.id).where(exports.c.package == package)).scalar()
        if export_id is None:
            return
        wanted = {(s.segment_id, s.target_hash): s for s in segments}
        have = set(
            conn.execute(
                select(exported_segments.c.segment_id, exported_segments.c.target_hash).where(
                    exported_segments.c.export_id == export_id,
                    exported_segments.c.segment_id.in_({s for s, _ in wanted}),
                )
            )
        )
        _insert_versions(conn, export_id, [s for key, s in wanted.items() if key not in have], applied=True)

    def package(self, package: str) -> PackageInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(exports).where(exports.c.package == package)).first()
        if row is None:
            return None
        review = State(row.review_state) if row.review_state else None
        return PackageInfo(row.package, row.locale, row.kind, review, row.created_at)

    def versions(self, locale: str, segment_ids: Sequence[int], package: str | None = None) -> PackageVersions:
        """The target fingerprints a package has carried per segment: ``package`` when the
        store knows it, else the latest export of each segment to ``locale``."""
        info = self.package(package) if package else None
        versions = PackageVersions({}, {})
        with self.engine.connect() as conn:
            for start in range(0, len(segment_ids), _BATCH):
                chunk = list(segment_ids[start : start + _BATCH])
                for row in conn.execute(_versions_query(locale, chunk, info)):
                    found = versions.applied if row.applied else versions.exported
                    found[row.segment_id] = found.get(row.segment_id, frozenset()) | {row.target_hash}
        return versions


def _insert_versions(conn: Any, export_id: int, segments: Iterable[ExportedSegment], *, applied: bool) -> None:
    rows = [
        {"export_id": export_id, "segment_id": s.segment_id, "target_hash": s.target_hash, "state": s.state.value, "applied": applied}
        for s in segments
    ]
    for start in range(0, len(rows), _BATCH):
        conn.execute(insert(exported_segments), rows[start : start + _BATCH])


def _versions_query(locale: str, segment_ids: list[int], info: PackageInfo | None):  # type: ignore[no-untyped-def]
    columns = (exported_segments.c.segment_id, exported_segments.c.target_hash, exported_segments.c.applied)
    if info is not None:
        return (
            select(*columns)
            .join(exports, exports.c.id == exported_segments.c.export_id)
            .where(exports.c.package == info.package, exported_segments.c.segment_id.in_(segment_ids))
        )
    latest = (
        select(exported_segments.c.segment_id, func.max(exported_segments.c.export_id).label("export_id"))
        .join(exports, exports.c.id == exported_segments.c.export_id)
        .where(exports.c.locale == locale, exported_segments.c.segment_id.in_(segment_ids))
        .group_by(exported_segments.c.segment_id)
        .subquery()
    )
    return select(*columns).join(
        latest,
        (latest.c.segment_id == exported_segments.c.segment_id) & (latest.c.export_id == exported_segments.c.export_id),
    )
