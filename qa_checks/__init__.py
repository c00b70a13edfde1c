"""qa_checks."""
