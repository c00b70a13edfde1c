"""Import: take translators' files back without losing anyone's work.

Every file is read, and every document it names checked, before the store is
touched: a malformed or unsafe file, or one that names a document outside
the project, is exit 3 and applies nothing. Then each segment is decided on
its own, in this order: not translatable -> skipped; unknown or ambiguous id
-> rejected; wrong locale -> rejected; source changed since export ->
conflict; no translation -> skipped; broken codes or empty target ->
rejected; then the rules of :mod:`locflow.exchange.decide` (unchanged,
applied, or held back as a conflict). Everything applied is written in one
transaction together with the export log's record of it, and confirmed
translations flow into the TM. The TM is written after that transaction (it
may live in another database), so a file's confirmed segments that are
already in the store unchanged are offered to the TM again: re-importing a
file whose import was killed between the two completes the TM, and the TM
keeps one unit per translation whatever it is offered twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from locflow.errors import InputError, UnsafePathError, UsageError
from locflow.exchange import (
    ExchangeFile,
    ExchangeSegment,
    ImportReport,
    adopt_codes,
    check_target_locale,
    duplicate_ids,
    read_exchange_file,
    source_changed,
    target_fingerprint,
    validate_target,
)
from locflow.exchange.decide import Current, Policy, claimed_state, decide
from locflow.exchange.plaintext import with_codes_of
from locflow.exchange.report import Outcome
from locflow.exchange.validate import Rejection, RejectReason
from locflow.model import DONE_STATES, Locale, Origin, Segment, State
from locflow.model.locale import suggest_locale
from locflow.pipeline.history import record_history
from locflow.project import Project
from locflow.store import ExportedSegment, PackageVersions, StoredSegment, StoredTranslation, TranslationWrite

__all__ = ["import_files"]

log = logging.getLogger(__name__)


def import_files(
    project: Project,
    paths: Sequence[Path],
    *,
    locale: Locale | None = None,
    strict: bool = False,
    force: bool = False,
    as_state: State | None = None,
) -> ImportReport:
    """Apply translator files to the store atomically; returns what happened to every segment.

    ``force`` applies conflicts too; ``as_state`` gives every segment a file
    marks as done that state (a reviewer's file). With ``strict``, any
    rejection or conflict makes the whole import fail (exit 3) and nothing
    is applied.
    """
    files = [read_exchange_file(path) for path in paths]  # all parsed before anything is applied
    segments = project.store.segments()
    documents = {segment.document for segment in segments}
    for file in files:
        _check_documents(file, documents)
    index = _Index.of(segments)
    report = ImportReport()
    plan = _Plan()
    for file in files:
        _decide_file(project, file, locale, index, Policy(force=force, as_state=as_state), report, plan)
    summary = report.summary()
    if strict and (summary["rejected"] or summary["conflicts"]):
        raise InputError(f"import refused (--strict): {summary}; nothing applied")
    with project.store.transaction() as conn:
        project.store.write_translations(plan.writes.values(), conn)
        for package, versions in plan.versions.items():
            project.store.exports.remember_imported(package, versions, conn)
    project.remember([*plan.writes.values(), *plan.already_confirmed])
    record_history(project, "import")
    return report


@dataclass
class _Plan:
    """What the import will write: translations, and per package the versions it now holds."""

    writes: dict[tuple[int, str], TranslationWrite] = field(default_factory=dict)
    versions: dict[str, list[ExportedSegment]] = field(default_factory=lambda: defaultdict(list))
    #: confirmed translations the file carries as the store already holds them (for the TM only)
    already_confirmed: list[TranslationWrite] = field(default_factory=list)

    def add(self, write: TranslationWrite, package: str) -> None:
        self.writes[(write.segment_id, write.locale)] = write
        if package:
            self.versions[package].append(ExportedSegment(write.segment_id, target_fingerprint(write.target), write.state))


# -- documents and ids ------------------------------------------------------------------


def _check_documents(file: ExchangeFile, documents: set[str]) -> None:
    """Refuse a file that names an unsafe path, or (when locflow wrote it, or it is XLIFF) a
    document the project does not have. Other tools' PO references are only hints."""
    authoritative = file.format != "po" or _written_by_locflow(file)
    for read in file.segments:
        if read.document is None:
            continue
        path = PurePosixPath(read.document.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
            raise UnsafePathError(f"document path {read.document!r} leaves the project", path=file.path, line=read.line)
        if authoritative and read.document not in documents:
            raise InputError(f"document {read.document!r} is not a document of this project", path=file.path, line=read.line)


def _written_by_locflow(file: ExchangeFile) -> bool:
    return bool(file.package) or file.generator.startswith("locflow")


_AMBIGUOUS = object()


@dataclass(slots=True)
class _Index:
    """Stored segments by (document, key), and by key alone when the key is unique."""

    by_document: dict[tuple[str, str], StoredSegment]
    by_key: dict[str, object]

    @classmethod
    def of(cls, segments: Sequence[StoredSegment]) -> _Index:
        by_key: dict[str, object] = {}
        for segment in segments:
            by_key[segment.key] = _AMBIGUOUS if segment.key in by_key else segment
        return cls({(s.document, s.key): s for s in segments}, by_key)

    def find(self, read: ExchangeSegment, documents_known: bool) -> StoredSegment | Rejection:
        if read.document is not None and (read.document, read.id) in self.by_document:
            return self.by_document[(read.document, read.id)]
        if read.document is not None and documents_known:
            return Rejection.of(read, RejectReason.UNKNOWN_ID, f"no segment {read.id!r} in {read.document}")
        found = self.by_key.get(read.id)
        if found is _AMBIGUOUS:
            return Rejection.of(read, RejectReason.AMBIGUOUS_ID, f"segment {read.id!r} exists in several documents; the file does not say which")
        if found is None:
            return Rejection.of(read, RejectReason.UNKNOWN_ID, f"no segment {read.id!r} in this project")
        assert isinstance(found, StoredSegment)
        return found


# -- deciding ---------------------------------------------------------------------------


def _decide_file(
    project: Project, file: ExchangeFile, locale: Locale | None, index: _Index, policy: Policy, report: ImportReport, plan: _Plan
) -> None:
    report.add_file(file)
    file_locale = _file_locale(project, file, locale)
    package = project.store.exports.package(file.package) if file.package else None
    if package is not None and package.locale != str(file_locale):
        package = None  # a package of another locale: its versions say nothing here
    policy = replace(policy, honour_claims=package is not None and package.kind == "review", file_origin=Origin.human(Path(file.path).name))
    duplicates = duplicate_ids(file)
    for rejection in duplicates:
        report.rejected(file.path, rejection)
    skipped = {r.id for r in duplicates}
    candidates = [c for read, stored in _found_segments(file, index, skipped, report) if (c := _candidate(file, read, stored, file_locale, report))]
    package_id = package.package if package is not None else ""
    versions = project.store.exports.versions(str(file_locale), [c.stored.id for c in candidates], package_id or None)
    known = _known_targets(candidates, versions)
    existing = project.store.translations(str(file_locale))
    for candidate in candidates:
        current = existing.get(candidate.stored.id)
        write = _decide(file, candidate, file_locale, current, known.get(candidate.stored.id), policy, report)
        if write is not None:
            plan.add(write, package_id)
        elif current is not None and current.state in DONE_STATES and candidate.fingerprint == target_fingerprint(current.target):
            plan.already_confirmed.append(TranslationWrite(current.segment_id, current.locale, current.target, current.state, current.origin))


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A segment of the file that passed validation: its stored segment and its target."""

    read: ExchangeSegment
    stored: StoredSegment
    target: Segment

    @property
    def fingerprint(self) -> str:
        return target_fingerprint(self.target)


def _known_targets(candidates: list[_Candidate], versions: PackageVersions) -> dict[int, frozenset[str]]:
    """The targets the package is known to have carried, per segment id.

    Targets that earlier imports of the package applied count only when this
    file descends from such an import (it carries at least one of them): the
    translator's own later copy, not a colleague's copy of the same package.
    """
    descends = any(c.fingerprint in versions.applied.get(c.stored.id, ()) for c in candidates)
    known = dict(versions.exported)
    if descends:
        for segment_id, applied in versions.applied.items():
            known[segment_id] = known.get(segment_id, frozenset()) | applied
    return known


def _found_segments(
    file: ExchangeFile, index: _Index, skipped: set[str], report: ImportReport
) -> list[tuple[ExchangeSegment, StoredSegment]]:
    documents_known = file.format != "po" or _written_by_locflow(file)
    found = []
    for read in file.segments:
        if read.id in skipped or not read.translatable:
            continue
        stored = index.find(read, documents_known)
        if isinstance(stored, Rejection):
            report.rejected(file.path, stored)
        else:
            found.append((read, stored))
    return found


def _file_locale(project: Project, file: ExchangeFile, override: Locale | None) -> Locale:
    locale = override or file.target_locale
    if locale is None:
        raise UsageError(_no_locale(file), path=file.path, line=file.segments[0].line if file.segments else None)
    for target in project.config.target_locales:
        if target == locale or target in locale.fallbacks():
            return target
    targets = ", ".join(str(t) for t in project.config.target_locales)
    raise InputError(f"target locale {locale} is not a target locale of this project ({targets})", path=file.path)


def _candidate(file: ExchangeFile, read: ExchangeSegment, stored: StoredSegment, locale: Locale, report: ImportReport) -> _Candidate | None:
    """The segment's target, once its locale, source and codes are checked (else reported)."""
    rejection = check_target_locale(locale, read)
    if rejection is not None:
        report.rejected(file.path, rejection)
        return None
    if file.format == "po":
        read = with_codes_of(read, stored.source)
    if source_changed(stored.source, read.source):
        report.conflict(file.path, read, current_source=stored.source)
        return None
    if not read.has_translation:
        return None
    rejection = validate_target(stored.source, read)
    if rejection is not None:
        report.rejected(file.path, rejection)
        return None
    assert read.target is not None
    return _Candidate(read, stored, adopt_codes(read.target, stored.source))


def _no_locale(file: ExchangeFile) -> str:
    """Why the file's target locale is unknown: not given, not a locale, or several."""
    tags = sorted({read.target_language for read in file.segments if read.target_language})
    if not tags:
        return "the file names no target locale; give one with -l"
    if len(tags) > 1:
        return f"the file names several target languages ({', '.join(tags)}); import them one by one, or give one with -l"
    hint = suggest_locale(tags[0])
    return f"the file's target language {tags[0]!r} is not a locale" + (f" (did you mean {hint!r}?)" if hint else "") + "; give one with -l"


def _decide(
    file: ExchangeFile,
    candidate: _Candidate,
    locale: Locale,
    current: StoredTranslation | None,
    known: frozenset[str] | None,
    policy: Policy,
    report: ImportReport,
) -> TranslationWrite | None:
    read, target = candidate.read, candidate.target
    decision = decide(
        target,
        claimed_state(read.state, policy),
        Current(current.target, current.state, current.origin) if current is not None else None,
        known,
        policy,
    )
    report.decided(file.path, read, decision.outcome, decision.state, decision.reason, decision.message)
    if decision.outcome != Outcome.APPLIED:
        return None
    assert decision.state is not None
    if current is not None and candidate.fingerprint == target_fingerprint(current.target):
        target = current.target  # a state raise: keep the stored target as it is
    return TranslationWrite(candidate.stored.id, str(locale), target, decision.state, Origin.human(Path(file.path).name))
