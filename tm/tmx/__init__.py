"""TMX 1.4b: streaming import (:class:`TMXReader`) and export (:func:`write_tmx`)."""

from tm.tmx.reader import TMXReader
from tm.tmx.writer import write_tmx

__all__ = ["TMXReader", "write_tmx"]
