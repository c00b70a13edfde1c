"""locflow: a localization workflow engine for support content."""

__version__ = "0.1.0"
