"""Alembic environment for the termbase: runs on the connection :mod:`termbase.store` hands over.

The termbase keeps its history in its own version table, so it can live in
the project store's database, which has a migration history of its own.
"""

from alembic import context

from termbase.store.schema import VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
