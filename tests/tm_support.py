"""Seeded support sentences for TM tests: a few templates, many near-duplicates among them."""

from __future__ import annotations

import random

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
