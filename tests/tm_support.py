"""Seeded support sentences for TM tests: a few templates, many near-duplicates among them;
and the TMX document that holds a test's units."""

from __future__ import annotations

import random
from collections.abc import Iterable

VERBS = "reset update delete export import share restore sync rename archive".split()
THINGS = "password invoice backup folder report workspace device router playlist profile".split()
PLACES = "web app|mobile app|admin console|desktop client|settings page".split("|")
TEMPLATES = [
    "How do I {v} my {t} in the {p}?",
    "You can {v} the {t} from the {p} at any time.",
    "If you cannot {v} the {t}, restart the {p} and try again.",
    "To {v} your {t}, open the {p} and click Save.",
]


def support_sentence(rng: random.Random, templates: list[str] = TEMPLATES) -> str:
    """One sentence of a template with a verb, a thing, a place and (where asked for) a number."""
    return rng.choice(templates).format(v=rng.choice(VERBS), t=rng.choice(THINGS), p=rng.choice(PLACES), n=rng.randint(2, 60))


def tmx_document(units: Iterable[str], tail: str = "") -> str:
    """A TMX 1.4 document with English sources of the ``<tu>`` elements ``units`` (``tail``
    after them: a broken element, say)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" adminlang="en" '
        'datatype="plaintext" segtype="sentence" creationtool="tests" creationtoolversion="1" o-tmf="none"/>'
        f"<body>\n{''.join(units)}{tail}</body></tmx>\n"
    )
