"""Where exported files go, and a guard that keeps them inside the output directory.

Names are relative POSIX paths: ``<locale>/<document path>.<ext>`` for one
file per document (``de/help/faq.md.xlf``), ``<project>.<locale>.<ext>`` for
a bundle. Document paths come from the project configuration and the store,
so :func:`safe_output_path` refuses any that would leave the output
directory (``..``, absolute paths, drive letters, a symlink pointing out).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath

from locflow.model import Locale
from locflow.model.errors import UnsafePathError
from locflow.fileio import write_atomically

__all__ = ["EXTENSIONS", "document_file_name", "bundle_file_name", "safe_output_path", "save_files"]

#: File extension per exchange format.
EXTENSIONS = {"xliff12": "xlf", "xliff2": "xlf", "po": "po"}


def document_file_name(document_path: str, locale: Locale, format: str) -> PurePosixPath:
    """``de/help/faq.md.xlf``: the exchange file of one document."""
    return PurePosixPath(locale.tag) / f"{document_path}.{EXTENSIONS[format]}"


def bundle_file_name(project: str, locale: Locale, format: str) -> PurePosixPath:
    """``helpcenter.de.po``: the one exchange file of a bundle."""
    return PurePosixPath(f"{project or 'locflow'}.{locale.tag}.{EXTENSIONS[format]}")


def safe_output_path(out_dir: str | os.PathLike[str], relative: str | os.PurePath) -> Path:
    """``out_dir / relative``, or :class:`UnsafePathError` when that would not stay inside ``out_dir``."""
    text = str(relative)
    if not text or "\x00" in text or "\\" in text:
        raise UnsafePathError(f"refused output path {text!r}: empty, NUL or backslash", path=text)
    pure = PurePosixPath(text)
    if pure.is_absolute() or PureWindowsPath(text).drive or ".." in pure.parts:
        raise UnsafePathError(f"refused output path {text!r}: it would leave the output directory", path=text)
    base = Path(out_dir).resolve()
    target = (base / pure).resolve()
    if not target.is_relative_to(base) or target == base:
        raise UnsafePathError(f"refused output path {text!r}: it resolves outside {base}", path=text)
    return target


def save_files(out_dir: str | os.PathLike[str], files: Iterable[tuple[str | os.PurePath, bytes]]) -> list[Path]:
    """Write ``(relative path, bytes)`` pairs under ``out_dir``; every path is checked before any is written.

    Each file is written to a temporary name beside it and renamed into place,
    so a reader never sees half a file.
    """
    planned = [(safe_output_path(out_dir, relative), data) for relative, data in files]
    for target, data in planned:
        write_atomically(target, data)
    return [target for target, _ in planned]
