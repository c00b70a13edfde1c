"""What a CAT tool shows for an inline code: a short, whole label, never a fragment.

Filters keep a code's original markup as its data, and that can be a piece
of a tag (``<abbr title="`` when the attribute inside is translated) or a
long URL. Translators see the code's ``disp`` (XLIFF 2) or ``equiv-text``
(XLIFF 1.2): the filter's own label when it gave one, else the tag the data
opens or closes (``<abbr>``, ``</a>``), else the data itself, shortened.
"""

from __future__ import annotations

import re

from locflow.model import Code

__all__ = ["display_text"]

_TAG = re.compile(r"\s*<(/?)([A-Za-z][\w:.\-]*)[^>]*?(/?)(>?)")
_LONGEST = 32


def display_text(code: Code) -> str:
    """A label for ``code`` that reads as a whole: ``<abbr>``, ``</a>``, ``{name}``, ``**``."""
    if code.disp:
        return code.disp
    tag = _TAG.match(code.data)
    if tag is not None:
        closing, name, empty = tag.group(1), tag.group(2), tag.group(3)
        return f"<{closing}{name}{'/' if empty else ''}>"
    data = " ".join(code.data.split())
    return data if len(data) <= _LONGEST else data[: _LONGEST - 1] + "…"
