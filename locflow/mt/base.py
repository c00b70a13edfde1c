"""The machine-translation interface and the batch driver every stage uses.

A provider translates *masked* strings (see :mod:`locflow.mt.masking`): it
never sees raw codes, URLs or e-mail addresses. Providers are registered
under the ``locflow.mt`` entry-point group and built from the ``[mt]`` table
of ``locflow.toml``; credentials come from the environment only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from locflow.errors import ConfigError, ProviderError
from locflow.model import Locale, Segment
from locflow.mt.masking import MaskError, mask, unmask

__all__ = ["MTProvider", "NoProvider", "translate_segments", "Glossary"]

log = logging.getLogger(__name__)

#: source term -> target term, offered to providers that support glossaries.
Glossary = Mapping[str, str]


@runtime_checkable
class MTProvider(Protocol):
    name: ClassVar[str]

    def supports(self, source: Locale, target: Locale) -> bool: ...

    def translate(
        self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None
    ) -> list[str]: ...


class NoProvider:
    """``provider = "none"``: machine translation switched off."""

    name: ClassVar[str] = "none"

    def __init__(self, **options: Any) -> None:
        if options:
            raise ConfigError(f"[mt] provider 'none' takes no options, got {', '.join(sorted(options))}")

    def supports(self, source: Locale, target: Locale) -> bool:
        return False

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        return list(texts)


def translate_segments(
    provider: MTProvider,
    segments: Sequence[Segment],
    source: Locale,
    target: Locale,
    *,
    batch_size: int = 50,
    glossary: Glossary | None = None,
) -> list[Segment | None]:
    """Translate segments through ``provider``, in batches, masked.

    Returns one result per input; ``None`` where the provider's answer could
    not be mapped back onto the segment's codes (logged, never guessed).
    """
    results: list[Segment | None] = []
    for start in range(0, len(segments), batch_size):
        batch = segments[start : start + batch_size]
        answers = provider.translate([mask(s) for s in batch], source, target, glossary=glossary)
        if len(answers) != len(batch):
            raise ProviderError(f"MT provider {provider.name!r} returned {len(answers)} texts for {len(batch)}")
        for segment, answer in zip(batch, answers):
            try:
                results.append(unmask(answer, segment.codes))
            except MaskError as exc:
                log.warning("MT answer dropped for %r: %s", segment.text[:60], exc)
                results.append(None)
    return results
