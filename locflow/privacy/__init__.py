"""Personal data in support content: find it, mask it before MT, scan for it, scrub it from the TM.

* :mod:`locflow.privacy.detect`: the detectors (e-mail addresses, URLs with
  query strings, phone numbers, IBANs, card numbers, IP addresses, project
  patterns, known names) and the ``locflow.pii`` entry point for more;
* :mod:`locflow.privacy.masker`: personal data in a segment becomes codes
  of type ``pii:<kind>`` (opaque to MT, restored after);
* :mod:`locflow.privacy.scan` and :mod:`locflow.privacy.scrub`: what
  ``locflow privacy scan`` and ``locflow tm scrub`` do.
"""

from locflow.privacy.detect import PIISpan, PrivacySettings, PIIFinder, BUILTIN_KINDS
from locflow.privacy.masker import PII_PREFIX, MaskedSegment, mask_personal_data, restore_personal_data

__all__ = [
    "BUILTIN_KINDS",
    "PIIFinder",
    "PIISpan",
    "PrivacySettings",
    "MaskedSegment",
    "PII_PREFIX",
    "mask_personal_data",
    "restore_personal_data",
]
