"""Read access for lookups, bound to one connection.

Every method answers one question with one statement (or a few, for long id
lists), so a lookup costs a handful of round trips whatever the TM size:
units by exact key, gram frequencies, candidates ranked by shared grams (or,
on PostgreSQL, by trigram similarity), signatures and rows by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Row, bindparam, func, literal_column, or_, select, text

from tm.entries import UnitRow
from tm.store.schema import grams, postings, signatures, units

__all__ = ["IndexReader", "ROW_COLUMNS", "row_of"]

ROW_COLUMNS = (
    units.c.id,
    units.c.source_locale,
    units.c.target_locale,
    units.c.source,
    units.c.target,
    units.c.context,
    units.c.origin,
    units.c.project,
    units.c.created,
    units.c.changed,
    units.c.usage_count,
    units.c.meta,
)

_IN_CHUNK = 500


def row_of(row: Row) -> UnitRow:  # type: ignore[type-arg]
    return UnitRow(*row[: len(ROW_COLUMNS)])


def _chunks(values: Sequence[int], size: int = _IN_CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


_RANKED = (
    select(
        postings.c.unit_id,
        func.count().label("shared"),
        func.max(postings.c.length).label("length"),
    )
    .where(
        postings.c.gram.in_(bindparam("grams", expanding=True)),
        postings.c.length.between(bindparam("shortest"), bindparam("longest")),
    )
    .group_by(postings.c.unit_id)
    .having(func.count() >= bindparam("min_shared"))
    .order_by(
        (func.count() - literal_column("0.5") * func.abs(func.max(postings.c.length) - bindparam("length"))).desc(),
        postings.c.unit_id,
    )
    .limit(bindparam("limit"))
)

# PostgreSQL: pg_trgm's % operator uses the GIN index; similarity() ranks.
_TRIGRAM = text(
    "SELECT u.id, s.length, s.signature FROM tm_unit u JOIN tm_signature s ON s.unit_id = u.id "
    "WHERE u.scope = :scope AND u.loose % :loose AND s.length BETWEEN :shortest AND :longest "
    "ORDER BY similarity(u.loose, :loose) DESC, u.id LIMIT :limit"
)


class IndexReader:
    """The lookup queries, on one connection."""

    def __init__(self, connection: Connection, *, trigrams: bool) -> None:
        self.connection = connection
        self.trigrams = trigrams
        self._trigram_limit: float | None = None

    def by_hashes(self, hashes: Sequence[int]) -> list[tuple[int, int, UnitRow]]:
        """Units whose exact or loose hash is one of ``hashes``, with both hashes."""
        found: list[tuple[int, int, UnitRow]] = []
        for chunk in _chunks(list(dict.fromkeys(hashes)), _IN_CHUNK // 2):
            query = select(units.c.exact_hash, units.c.loose_hash, *ROW_COLUMNS).where(
                or_(units.c.exact_hash.in_(chunk), units.c.loose_hash.in_(chunk))
            )
            found.extend((row[0], row[1], row_of(row[2:])) for row in self.connection.execute(query))
        return found

    def gram_frequencies(self, keys: Sequence[int]) -> dict[int, int]:
        """How many stored sources have each gram (grams nobody has are left out)."""
        frequencies: dict[int, int] = {}
        for chunk in _chunks(keys):
            frequencies.update(self.connection.execute(select(grams.c.gram, grams.c.df).where(grams.c.gram.in_(chunk))).all())
        return frequencies

    def ranked_by_grams(
        self, keys: Sequence[int], *, length: int, shortest: int, longest: int, min_shared: int, limit: int
    ) -> list[tuple[int, int, int]]:
        """Sources sharing at least ``min_shared`` of ``keys`` within the length window.

        Returns ``(unit id, shared grams, length)``, most shared first, a
        length far from ``length`` costing half a gram per token.
        """
        params = {
            "grams": list(keys),
            "shortest": shortest,
            "longest": longest,
            "min_shared": min_shared,
            "length": length,
            "limit": limit,
        }
        return [tuple(row) for row in self.connection.execute(_RANKED, params)]  # type: ignore[misc]

    def ranked_by_trigrams(
        self, scope: int, loose: str, *, shortest: int, longest: int, similarity: float, limit: int
    ) -> list[tuple[int, int, str]]:
        """PostgreSQL: ``(unit id, length, signature)`` of sources similar by pg_trgm, best first."""
        if self._trigram_limit != similarity:
            self.connection.execute(text("SELECT set_limit(CAST(:limit AS real))"), {"limit": similarity})
            self._trigram_limit = similarity
        params = {"scope": scope, "loose": loose, "shortest": shortest, "longest": longest, "limit": limit}
        return [tuple(row) for row in self.connection.execute(_TRIGRAM, params)]  # type: ignore[misc]

    def signatures(self, ids: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for chunk in _chunks(ids):
            found.update(
                self.connection.execute(
                    select(signatures.c.unit_id, signatures.c.signature).where(signatures.c.unit_id.in_(chunk))
                ).all()
            )
        return found

    def rows(self, ids: Sequence[int]) -> dict[int, UnitRow]:
        found: dict[int, UnitRow] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for row in self.connection.execute(select(*ROW_COLUMNS).where(units.c.id.in_(chunk))):
                unit = row_of(row)
                found[unit.id] = unit
        return found
