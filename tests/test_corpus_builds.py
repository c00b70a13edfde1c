"""Every real help center of the shared corpus, built through the whole pipeline, keeps its structure.

For each help center (:data:`tests.corpus_projects.HELP_CENTERS`: Markdown
docs of five dialects, HTML help, MediaWiki pages, Mallard manuals, a Rasa
bot, an Alexa skill, a QnA Maker knowledge base) a project is made and run
through the CLI:

1. ``extract`` then ``build --pseudo``: every page is written with every
   segment pseudo-translated;
2. ``export --format xliff2``, every segment given a pseudo-translated target
   as a translator would (codes kept), ``import``, ``build -l de``.

After each build, every built file is read with its format's own parser and
compared with the page it was built from (:mod:`tests.structure`): Markdown
tokens and dialect constructs, the HTML/XML element tree, MediaWiki nodes,
YAML/JSON data shape. Skipped when the corpus is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import locflow
from tests.corpus_projects import HELP_CENTERS, built_problems, make_project, translate_through_xliff2

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("name", list(HELP_CENTERS))
def test_help_center_keeps_its_structure_through_pseudo_build_and_xliff2_round_trip(name: str, tmp_path: Path):
    center = HELP_CENTERS[name]
    if not center.files():
        pytest.skip("the shared corpus is not available")
    root = make_project(center, tmp_path / name)
    extracted = json.loads(locflow("extract", "-C", str(root), "--format", "json"))
    assert extracted["segments"]["new"] > 0

    locflow("build", "-C", str(root), "--pseudo")
    assert built_problems(center, root, "pseudo") == {}

    xliff = translate_through_xliff2(root, "de")
    assert xliff, "nothing was exported"
    status = json.loads(locflow("status", "-C", str(root), "--format", "json"))
    assert status["locales"][0]["usable_percent"] == 100.0  # every segment came back translated
    assert built_problems(center, root, "de") == {}
