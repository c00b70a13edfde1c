"""The project store's tables (SQLAlchemy Core).

One row per document, per unit of a document (a paragraph, a FAQ answer:
its key, kind, note for translators and length limit), per segment of a unit,
per (segment, locale) translation, per pipeline run, and per translator package
exported (which target and state each segment had when it left, so an import
can tell a translator's edit from a file that came back untouched), per locale and
command in the history of the project, and per segment and locale in the
leverage cache of ``analyze``. Segments keep their source as JSON (text
and codes, see :meth:`locflow.model.Segment.dumps`) beside the plain text and
a content hash, which is what "the source changed" is decided on. MT keeps
its answers in ``mt_cache`` (keyed by engine, settings, locale pair and a
hash of the *masked* text: no personal data) and the answers it refused in
``mt_rejections`` (one row per segment and locale, the reason why). Changes
to these tables are made with an Alembic migration in ``migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", String(1024), nullable=False, unique=True),
    Column("format", String(64), nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(512), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(64), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("max_length", Integer),
    UniqueConstraint("document_id", "key", name="uq_units_document_key"),
)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE", name="fk_segments_unit"), nullable=False),
    Column("key", String(512), nullable=False),
    Column("position", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("source_text", Text, nullable=False),
    Column("source_hash", String(40), nullable=False),
    Column("words", Integer, nullable=False),
    Column("prev_hash", String(40)),
    Column("next_hash", String(40)),
    UniqueConstraint("document_id", "key", name="uq_segments_document_key"),
)
Index("ix_segments_source_hash", segments.c.source_hash)

translations = Table(
    "translations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("segment_id", Integer, ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("target", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("origin", String(255), nullable=False),
    Column("score", Float),
    Column("previous_source", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("segment_id", "locale", name="uq_translations_segment_locale"),
)
Index("ix_translations_locale_state", translations.c.locale, translations.c.state)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("command", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),
    Column("summary", Text),
)

exports = Table(
    "exports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("package", String(64), nullable=False, unique=True),
    Column("locale", String(35), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("review_state", String(16)),
    Column("format", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

exported_segments = Table(
    "exported_segments",
    metadata,
    Column("export_id", Integer, ForeignKey("exports.id", ondelete="CASCADE"), nullable=False),
    Column("segment_id", Integer, ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
    Column("target_hash", String(40), nullable=False),
    Column("state", String(16), nullable=False),
    Column("applied", Boolean, nullable=False),
    PrimaryKeyConstraint("export_id", "segment_id", "target_hash", name="pk_exported_segments"),
)
Index("ix_exported_segments_segment", exported_segments.c.segment_id)

mt_cache = Table(
    "mt_cache",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("engine", String(64), nullable=False),
    Column("profile", String(255), nullable=False),
    Column("source_locale", String(35), nullable=False),
    Column("target_locale", String(35), nullable=False),
    Column("key", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("characters", Integer, nullable=False),
    Column("hits", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("engine", "profile", "source_locale", "target_locale", "key", name="uq_mt_cache_entry"),
)

mt_rejections = Table(
    "mt_rejections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("segment_id", Integer, ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("engine", String(64), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("segment_id", "locale", name="uq_mt_rejections_segment_locale"),
)

# -- the localization manager's view (revision 0004) ------------------------------------

#: One row per locale each time ``run``, ``pretranslate``, ``import`` or ``qa`` finishes: the
#: words per state then, how they were filled, MT characters since the locale's previous row,
#: and the QA figures when the command checked (see :mod:`locflow.store.history`).
history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("command", String(32), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("words", Integer, nullable=False),
    Column("words_new", Integer, nullable=False),
    Column("words_mt", Integer, nullable=False),
    Column("words_fuzzy", Integer, nullable=False),
    Column("words_tm", Integer, nullable=False),
    Column("words_translated", Integer, nullable=False),
    Column("words_reviewed", Integer, nullable=False),
    Column("words_approved", Integer, nullable=False),
    Column("words_stale", Integer, nullable=False),
    Column("tm_words", Integer, nullable=False),
    Column("mt_words", Integer, nullable=False),
    Column("term_words", Integer, nullable=False),
    Column("mt_characters", Integer, nullable=False),
    Column("qa_issues", Integer),
    Column("mqm_penalty", Float),
    Column("mqm_categories", Text),
)
Index("ix_history_locale_recorded", history.c.locale, history.c.recorded_at)

#: The best TM score (50 and up, else NULL) of a segment that still needs work, per locale,
#: with what it was looked up with: the segment's context (source and neighbours' hashes)
#: and the TM's state. ``analyze`` looks up again only what changed on either side.
leverage = Table(
    "leverage",
    metadata,
    Column("segment_id", Integer, ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("context", String(80), nullable=False),
    Column("tm_mark", String(80), nullable=False),
    Column("score", Float),
    PrimaryKeyConstraint("segment_id", "locale", name="pk_leverage"),
)

#: A run queued for workers (``locflow run --queue``): what it covers (its plan: document
#: batches, locales, the QA gate) and when it was queued. See :mod:`locflow.queue`.
queued_runs = Table(
    "queued_runs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("plan", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: One row per task of a queued run (stage x locale x document batch): ``done`` once its
#: work is committed, with what it did (JSON), so a retried task knows it has nothing left
#: to do and the run can report what its workers did.
queued_tasks = Table(
    "queued_tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", String(36), ForeignKey("queued_runs.id", ondelete="CASCADE"), nullable=False),
    Column("stage", String(16), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("batch", Integer, nullable=False),
    Column("done", Boolean, nullable=False, default=False),
    Column("result", Text),
    Column("finished_at", DateTime(timezone=True)),
    UniqueConstraint("run_id", "stage", "locale", "batch", name="uq_queued_tasks_task"),
)
