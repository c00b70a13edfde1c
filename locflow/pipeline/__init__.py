"""locflow/pipeline."""
