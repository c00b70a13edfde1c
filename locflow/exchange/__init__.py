"""locflow/exchange."""
