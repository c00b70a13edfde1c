"""The built-in checks, one module per concern; :mod:`qa_checks.builtin` lists them."""
