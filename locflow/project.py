"""A project: its configuration, its store, its source files and the plugins it uses.

Every pipeline stage takes a :class:`Project`. Opening one validates
``locflow.toml`` and migrates the store; nothing else happens until a stage
asks for it (the MT provider and the TM are built on first use).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from locflow import plugins
from locflow.config import Config, ContentSpec, load_config
from locflow.errors import ConfigError, InputError, UnsafePathError
from locflow.fileio import write_atomically
from locflow.model import DONE_STATES, Locale
from locflow.store import ProjectStore, StoredSegment, TranslationWrite

__all__ = ["Project", "SourceFile", "choose_filter"]

log = logging.getLogger(__name__)

#: Directories never scanned for sources.
_IGNORED_DIRS = {".locflow", ".git", "build", "node_modules", ".venv"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source file of the project, relative to its root, and the content spec that selected it."""

    path: PurePosixPath
    spec: ContentSpec

    def fingerprint(self, data: bytes, fmt: str) -> str:
        """Changes when the bytes, the filter or its options change (what 'extract again' depends on)."""
        digest = hashlib.sha256(data)
        digest.update(json.dumps([fmt, dict(self.spec.options)], sort_keys=True, default=str).encode())
        return digest.hexdigest()


class Project:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = config.root

    @classmethod
    def open(cls, root: Path | str | None = None) -> Project:
        return cls(load_config(Path(root) if root is not None else Path.cwd()))

    @cached_property
    def store(self) -> ProjectStore:
        return ProjectStore.open(self.config.resolve_url(self.config.store_url))

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources -------------------------------------------------------------------
    def source_files(self) -> list[SourceFile]:
        """Every file matched by a ``[[content]]`` entry, once, sorted by path.

        A file matched by two entries belongs to the first.
        """
        seen: dict[PurePosixPath, SourceFile] = {}
        for spec in self.config.content:
            for path in self._glob(spec):
                seen.setdefault(path, SourceFile(path, spec))
        return [seen[path] for path in sorted(seen)]

    def unmatched_globs(self) -> list[str]:
        """The ``[[content]] path`` globs that match no file (a typo, or content not there yet)."""
        return [pattern for spec in self.config.content for pattern in spec.paths if not any(self._matches(spec, pattern))]

    def _glob(self, spec: ContentSpec) -> Iterator[PurePosixPath]:
        for pattern in spec.paths:
            yield from self._matches(spec, pattern)

    def _matches(self, spec: ContentSpec, pattern: str) -> Iterator[PurePosixPath]:
        for match in sorted(self.root.glob(pattern)):
            if not match.is_file():
                continue
            relative = PurePosixPath(match.relative_to(self.root).as_posix())
            if _IGNORED_DIRS.intersection(relative.parts[:-1]):
                continue
            self.inside(match, "[[content]] path")
            if any(fnmatch.fnmatch(str(relative), ex) for ex in spec.exclude):
                continue
            yield relative

    def inside(self, path: Path, what: str) -> Path:
        """``path`` resolved, or :class:`UnsafePathError` when a symlink takes it out of the project.

        Configured paths are relative and free of ``..`` (checked when the config is read),
        but a symlinked directory or file can still point anywhere: a project is read only
        inside its own directory.
        """
        target = path.resolve()
        if not target.is_relative_to(self.root):
            relative = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
            raise UnsafePathError(f"refused: {what} {relative} resolves outside the project (to {target})", path=relative)
        return target

    def read_source(self, path: PurePosixPath) -> bytes:
        return (self.root / path).read_bytes()

    def output_path(self, template_path: PurePosixPath, locale: str) -> Path:
        """Where the localized ``template_path`` goes; never outside the project's build tree."""
        relative = PurePosixPath(self.config.build_output.format(locale=locale, path=template_path))
        if relative.is_absolute() or ".." in relative.parts:
            raise UnsafePathError(f"output path {relative} leaves the project")
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root):
            raise UnsafePathError(f"output path {relative} leaves the project")
        return target

    # -- plugins -----------------------------------------------------------------------
    def filter_for(self, source: SourceFile, data: bytes) -> Any:
        return choose_filter(source.path, data, source.spec.format, source.spec.options)

    @cached_property
    def mt(self) -> Any:
        """The configured MT engines (:class:`locflow.mt.engines.EngineSet`), built on first use."""
        from locflow.mt.engines import EngineSet

        return EngineSet(self.config.mt)

    def mt_session(self, *, cache: bool = True) -> Any:
        """An MT session for one run: engines, privacy masking, the store's cache, the character budget."""
        from locflow.mt.driver import MTSession
        from locflow.privacy import PIIFinder
        from locflow.store.mt import MTStore

        settings = self.config.mt
        return MTSession(
            self.mt,
            finder=PIIFinder.from_settings(settings.privacy),
            cache=MTStore(self.store.engine) if cache and settings.cache else None,
            max_chars=settings.max_chars,
            concurrency=settings.concurrency,
        )

    # -- translation memory -------------------------------------------------------------
    @cached_property
    def tm(self) -> Any:
        """The project's TM (``[tm] url``, else the project store's database), or None without tm/."""
        try:
            from tm import TranslationMemory
        except ImportError:
            log.debug("no translation memory available")
            return None
        url = self.config.resolve_url(self.config.tm_url or self.config.store_url)
        return TranslationMemory.open(url)

    def leverage(
        self, segments: Sequence[StoredSegment], locale: Locale, *, progress: Any = None, threshold: float | None = None
    ) -> dict[int, Any]:
        """The best TM match at or above ``threshold`` (default ``[tm] fuzzy_threshold``) per segment id."""
        matches = self.tm_matches(segments, locale, limit=1, progress=progress, threshold=threshold)
        return {segment_id: found[0] for segment_id, found in matches.items() if found}

    def offers(self, segments: Sequence[StoredSegment], locale: Locale) -> dict[int, list[Any]]:
        """Up to three TM matches per segment, as offers for translators."""
        from locflow.exchange import MatchOffer

        return {
            segment_id: [MatchOffer(m.source, m.target, float(m.score), m.origin or "tm") for m in found]
            for segment_id, found in self.tm_matches(segments, locale, limit=3).items()
        }

    def tm_matches(
        self, segments: Sequence[StoredSegment], locale: Locale, *, limit: int, progress: Any = None, threshold: float | None = None
    ) -> dict[int, list[Any]]:
        """TM matches per segment id, best first, looked up with each segment's context
        (down to ``threshold``, by default ``[tm] fuzzy_threshold``)."""
        if self.tm is None or not segments:
            return {}
        from tm import TMContext

        contexts = [TMContext(s.key, s.prev_hash or "", s.next_hash or "") for s in segments]
        report = (lambda done: progress(f"TM {locale}", done, len(segments))) if progress else None
        found = self.tm.lookup_many(
            [s.source for s in segments],
            self.config.source_locale,
            locale,
            contexts=contexts,
            threshold=self.config.fuzzy_threshold if threshold is None else threshold,
            limit=limit,
            progress=report,
        )
        return {segment.id: matches for segment, matches in zip(segments, found)}

    def remember(self, writes: Iterable[TranslationWrite]) -> int:
        """Feed confirmed translations (translated, reviewed, approved) into the TM."""
        confirmed = [w for w in writes if w.state in DONE_STATES]
        if self.tm is None or not confirmed:
            return 0
        from tm import TMContext, TMEntry

        by_id = {s.id: s for s in self.store.segments()}
        entries = []
        for write in confirmed:
            segment = by_id[write.segment_id]
            entries.append(
                TMEntry(
                    source=segment.source,
                    target=write.target,
                    source_locale=self.config.source_locale,
                    target_locale=Locale(write.locale),
                    context=TMContext(segment.key, segment.prev_hash or "", segment.next_hash or ""),
                    origin=write.origin,
                    project=self.config.name,
                )
            )
        stats = self.tm.add(entries, origin="project", project=self.config.name)
        return getattr(stats, "added", len(entries))

    def import_memories(self) -> list[str]:
        """Import the TMX files of ``[tm] import`` that changed since they were last imported."""
        if self.tm is None or not self.config.tm_import:
            return []
        seen_path = self.config.state_dir / "tm-imports.json"
        seen = json.loads(seen_path.read_text(encoding="utf-8")) if seen_path.is_file() else {}
        imported = []
        for pattern in self.config.tm_import:
            paths = sorted(self.root.glob(pattern))
            for path in paths:
                self.inside(path, "[tm] import")
            if not paths:
                log.warning("%s[tm] import %r matches no file", self._config_line("tm", "import"), pattern)
            for path in paths:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                relative = path.relative_to(self.root).as_posix()
                if seen.get(relative) == digest:
                    continue
                self.tm.import_tmx(path)
                seen[relative] = digest
                imported.append(relative)
        if imported:  # whole or not at all: another locflow process may read it now
            write_atomically(seen_path, json.dumps(seen, indent=2, sort_keys=True).encode("utf-8"))
        return imported

    def _config_line(self, table: str, key: str) -> str:
        """``locflow.toml:LINE: `` for a message about ``key`` in ``[table]`` (empty when unknown)."""
        line = self.config.line_of(table, key)
        return f"{self.config.path.name}:{line}: " if self.config.path is not None and line else ""

    # -- termbase -----------------------------------------------------------------------
    @cached_property
    def termbase(self) -> Any:
        """The project's termbase (``[termbase] url``, else the project store's database)."""
        from termbase import Termbase

        url = self.config.resolve_url(self.config.termbase_url or self.config.store_url)
        return Termbase.open(url, source_locale=self.config.source_locale.tag)

    def import_glossaries(self) -> list[str]:
        """Import the glossaries of ``[termbase] import`` whose bytes changed since their last import.

        A pattern that matches no file is a configuration error (exit 2), not silence.
        """
        imported = []
        for pattern in self.config.termbase_import:
            paths = [path for path in sorted(self.root.glob(pattern)) if path.is_file() and self.inside(path, "[termbase] import")]
            if not paths:
                line = self.config.line_of("termbase", "import")
                raise ConfigError(f"[termbase] import: {pattern!r} matches no file", path=self.config.path, line=line)
            for path in paths:
                if self.termbase.needs_import(path):
                    self.termbase.import_file(path)
                    imported.append(path.relative_to(self.root).as_posix())
        return imported

    def close(self) -> None:
        if "mt" in self.__dict__:
            self.mt.close()
        if "store" in self.__dict__:
            self.store.close()
        if self.__dict__.get("tm") is not None:
            self.tm.close()
        if "termbase" in self.__dict__:
            self.termbase.close()


def choose_filter(path: PurePosixPath, data: bytes, fmt: str | None, options: Any = None) -> Any:
    """The filter for a file: the configured format, else by extension and content.

    When several filters claim an extension (``.md``, ``.json``, ``.yml``,
    ``.xml``) the first whose ``sniff`` recognizes the content wins, else the
    one general filter (not ``sniff_only``) for it. An extension nobody claims,
    or content no claimant takes, is rejected (exit 3) with the formats to
    choose from in ``[[content]] format``.
    """
    options = dict(options or {})
    if fmt:
        return plugins.load(plugins.FILTERS, fmt)(**options)
    available = plugins.available(plugins.FILTERS)
    suffix = path.suffix.lower()
    candidates = [(name, cls) for name, cls in available.items() if suffix in getattr(cls, "extensions", ())]
    if len(candidates) > 1:
        sniffed = [(name, cls) for name, cls in candidates if cls.sniff(data, path)]
        general = [(name, cls) for name, cls in candidates if not cls.sniff_only]
        if not sniffed and len(general) != 1:
            names = ", ".join(name for name, _ in candidates)
            raise InputError(f"cannot tell the format of this {suffix} file ({names}?); set format = \"...\" in its [[content]] entry", path=path)
        candidates = sniffed or general
    if not candidates:
        known = ", ".join(sorted(available))
        raise InputError(f"no format filter for {suffix or 'files without extension'}; set format = \"...\" in its [[content]] entry (formats: {known})", path=path)
    return candidates[0][1](**options)

