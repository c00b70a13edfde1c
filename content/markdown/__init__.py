"""Markdown: headings, paragraphs, list items, quotes, table cells and front matter.

How the filter stays byte-exact
-------------------------------
markdown-it-py (CommonMark plus GFM tables and strikethrough) tells the filter
*which* blocks are translatable and *how* their inline content is structured.
Nothing is ever re-rendered from tokens: for every block the filter finds the
block's content in the original text, so each piece of a unit knows the exact
characters it came from. The skeleton keeps everything else (code, HTML blocks,
reference definitions, container prefixes, line endings) as it was.

What a translator sees
----------------------
* A paragraph spanning several lines is one unit; each line break inside it is
  a plain space in the segment text, and the continuation prefix of the next
  line (``> ``, list indentation) is part of that break, never text. Hard line
  breaks (two trailing spaces or a backslash) are standalone codes.
* Emphasis, strong, strikethrough, links, images and matched inline HTML tags
  are paired codes; inline code, autolinks, unmatched HTML, and the spans
  :func:`locflow.model.protect` finds (placeholders, URLs, e-mails, entities,
  Hugo shortcodes, Jinja/Liquid tags) are standalone codes. Link text and image
  alt text stay translatable; ``](url "title")`` is the closing code.
* Backslash escapes become the character they stand for (``\\*`` is shown as
  ``*``); translated text is escaped again where Markdown needs it (see
  :func:`escape_inline` and :func:`escape_line_start`).
* Heading anchors (``{#install}``) and task-list boxes (``[ ]``) stay in the
  skeleton; Docusaurus/VuePress admonition lines (``:::tip[Title]``) are their
  own blocks with only the title translatable.
* The dialects of help centers (:data:`content.markdown.parser.DIALECTS`):
  wikilink targets, footnote references, math, comments and MyST roles are
  codes; callout markers, block ids and admonition and tab markers stay in
  the skeleton; titles, labels, footnote definitions, terms and definitions
  are text. Wikilink page names can be localized when building
  (:mod:`content.markdown.wikilinks`).

Because segment text is not the raw text (breaks are spaces, escapes are
resolved), the document keeps the raw characters of every segment and gap in
``Document.meta["raw"]``; :meth:`MarkdownFilter.merge` writes those for
untranslated segments and writes translated segments on one line.

Unit keys
---------
Keys are anchored to headings so that an edit in one section does not renumber
the others: a heading is ``md:h3`` (the third heading) or ``md:<id>`` when it
has an explicit anchor such as ``{#next-steps}``; the n-th block after it is
``md:h3.n`` (``md:n`` before the first heading); a table cell is
``md:h3.n.r<row>c<col>`` (row 0 is the header); a front matter field is
``md:front-matter.<path>``. Keys never depend on text, so translated files
re-extract with the same keys.
"""

from content.markdown.escape import escape_inline, escape_line_start
from content.markdown.filter import MarkdownFilter

__all__ = ["MarkdownFilter", "escape_inline", "escape_line_start"]
