"""The queue's database: procrastinate's tables in the project store's PostgreSQL.

procrastinate keeps its own schema (tables ``procrastinate_*``). locflow
applies it itself, the first time a worker or a queued run meets the
database, under a PostgreSQL advisory lock so that processes starting at once
apply it once.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

from locflow.errors import StoreUnavailableError, UsageError

__all__ = ["conninfo", "ensure_queue_schema", "connect"]

#: The advisory lock key under which the queue's schema is applied ("locflowq" in ASCII).
_SCHEMA_LOCK = 0x6C6F63666C6F7771


def conninfo(url: str) -> str:
    """The libpq URL of a SQLAlchemy PostgreSQL URL; any other database has no queue (exit 2)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise UsageError(
            f"the task queue needs the project store on PostgreSQL ([store] url = \"postgresql+psycopg://...\"), not {parsed.get_backend_name()}; "
            "without it, run locflow run (the same work in one process)"
        )
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def connect(url: str):  # type: ignore[no-untyped-def]
    """A psycopg connection to the queue's database; a server out of reach is exit 4."""
    import psycopg

    try:
        return psycopg.connect(conninfo(url), autocommit=False)
    except psycopg.OperationalError as exc:
        raise StoreUnavailableError(f"cannot reach the task queue's database: {exc}") from exc


def ensure_queue_schema(url: str) -> None:
    """Create procrastinate's tables unless they are there, once even when many processes start together."""
    from procrastinate.schema import SchemaManager

    with connect(url) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            present = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
            if not (present and present[0]):
                conn.execute(SchemaManager.get_schema())  # type: ignore[arg-type]
