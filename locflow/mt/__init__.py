"""locflow/mt."""
