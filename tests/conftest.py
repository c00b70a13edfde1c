"""Shared fixtures: store URLs for SQLite and (when LOCFLOW_TEST_PG_URL is set) PostgreSQL,
and the path of the shared real-world corpus (tests using it skip when it is absent)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from tests.shared_corpus import SHARED


@pytest.fixture
def shared_corpus() -> Path:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    return corpus


def _pg_admin_url() -> str:
    url = os.environ.get("LOCFLOW_TEST_PG_URL")
    if not url:
        pytest.skip("LOCFLOW_TEST_PG_URL is not set (scripts/test starts a PostgreSQL server)")
    return url


@pytest.fixture
def pg_url() -> str:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text

    admin_url = _pg_admin_url()
    name = f"locflow_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = admin_url.rpartition("/")
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a test against an embedded SQLite file and against PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")
