"""Parsers the checks share: format strings, ICU messages, numbers, markup, punctuation."""
