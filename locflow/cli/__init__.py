"""locflow/cli."""
