"""TM schema revisions."""
