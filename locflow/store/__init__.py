"""locflow/store."""
