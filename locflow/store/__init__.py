"""The project store (SQLAlchemy 2.x, Alembic migrations); see :mod:`locflow.store.store`."""

from locflow.store.exports import ExportedSegment, ExportLog, PackageInfo, PackageVersions, new_package_id
from locflow.store.store import (
    ProjectStore,
    SegmentRecord,
    StoredSegment,
    StoredTranslation,
    SyncResult,
    TranslationWrite,
    connect_or_unavailable,
    create_store_engine,
)

__all__ = [
    "ExportLog",
    "ExportedSegment",
    "PackageInfo",
    "PackageVersions",
    "new_package_id",
    "ProjectStore",
    "SegmentRecord",
    "StoredSegment",
    "StoredTranslation",
    "SyncResult",
    "TranslationWrite",
    "create_store_engine",
    "connect_or_unavailable",
]
