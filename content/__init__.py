"""Format filters: source files in, units of segments out, and merged back byte for byte.

One module per format family, each a :class:`content.base.SkeletonFilter` (or any
object with the :class:`content.base.FormatFilter` shape), registered under the
``locflow.filters`` entry-point group. ``segment.py`` is the SRX sentence segmenter.
"""
