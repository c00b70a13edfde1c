"""Every filter of the ``locflow.filters`` entry points, on generated documents: extraction then
a build with the source as target gives back the same bytes, or extraction fails with a clean
LocflowError, never another exception. The regressions found this way are listed in
docs/scale.md and pinned in test_property_regressions.py."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.property_support import SAMPLE_FILES, check_filter_round_trip, documents, filter_names

CI = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def test_every_registered_filter_has_generators():
    assert set(filter_names()) == set(SAMPLE_FILES)


@pytest.mark.parametrize("filter_name", sorted(SAMPLE_FILES))
def test_round_trip_or_clean_error(filter_name: str):
    @CI
    @given(documents(filter_name))
    def holds(document: tuple[str, bytes]) -> None:
        check_filter_round_trip(filter_name, *document)

    holds()
