"""Alembic environment for the project store; run through :func:`locflow.store.migrate`."""

from alembic import context

from locflow.store.schema import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table="locflow_store_version",
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
