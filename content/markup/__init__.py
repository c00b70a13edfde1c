"""Byte-exact extraction and merge for markup formats (HTML, XHTML, DITA, DocBook, Mallard).

The modules follow the pipeline: :mod:`~content.markup.encoding` and
:mod:`~content.markup.wellformed` read the bytes, :mod:`~content.markup.tokens`
cuts the text, :mod:`~content.markup.tree` builds the element tree,
:mod:`~content.markup.extract` turns it into units with the rules of a
:mod:`~content.markup.vocabulary`, :mod:`~content.markup.text` gives the
readable form of text and the escaping of translations,
:mod:`~content.markup.filter` holds the shared filter base class and merge, and
:mod:`~content.markup.language` sets the language of a built file on its root
element.
"""
