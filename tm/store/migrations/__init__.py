"""Alembic migrations of the TM schema (version table ``locflow_tm_version``)."""
