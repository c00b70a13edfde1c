"""XML manuals: DITA topics and maps, DocBook articles and books, Mallard help pages.

The three share one engine (:mod:`content.markup`) and differ only in their
vocabulary: which elements are paragraphs, which are inline markup that
becomes codes, which are never translated (code blocks, screens, metadata),
and which inline elements hold text translated on its own (footnotes,
index terms, an image's alternative text). ``translate="no"`` (DITA) and
``its:translate="no"`` (DocBook 5, Mallard) are honoured; comments,
processing instructions, CDATA sections and the document type declaration
are kept byte for byte.

Every file is checked first: a document type that declares entities is
refused (:class:`~locflow.model.errors.UnsafeXMLError`), a file that is not
well-formed is rejected with its line (:class:`MalformedFileError`). See
``docs/xml-manuals.md``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from content.markup.encoding import decode_xml
from content.markup.filter import MarkupFilter
from content.markup.language import root_start_tag, set_root_attributes
from content.markup.text import XML
from content.markup.tokens import Token, TokenKind, tokenize
from content.markup.tree import Element
from content.markup.vocabulary import Vocabulary
from content.markup.wellformed import check_xml
from locflow.model import Document, Locale

__all__ = [
    "XmlManualFilter",
    "DitaFilter",
    "DocBookFilter",
    "MallardFilter",
    "DitaVocabulary",
    "DocBookVocabulary",
    "MallardVocabulary",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CODE_TYPES_COMMON = {"b": "bold", "i": "italic", "u": "underline", "xref": "link", "link": "link"}


class DitaVocabulary(Vocabulary):
    inline = _words(
        """b i u sup sub tt line-through overline codeph uicontrol wintitle xref ph keyword term filepath
        varname menucascade cite q apiname option parmname synph userinput systemoutput cmdname msgph msgnum
        image tm abbreviated-form fn indexterm text boolean state kwd var oper delim sep repsep synnoteref
        fragref xmlelement xmlatt textentity parameterentity numcharref xmlnsname xmlpi markupname
        equation-inline mathml svg-container data data-about draft-comment required-cleanup sort-as
        coderef foreign unknown"""
    )
    opaque = _words(
        """codeblock pre screen msgblock codeph coderef data data-about draft-comment required-cleanup sort-as
        foreign unknown mathml svg-container author critdates resourceid permissions othermeta
        source publisher copyright"""
    )
    objects = _words("fn indexterm image")
    preserve_space = _words("lines pre codeblock screen msgblock")
    code_blocks = _words("codeblock pre screen msgblock")
    kinds = {
        "title": "title",
        "navtitle": "title",
        "searchtitle": "title",
        "linktext": "title",
        "shortdesc": "paragraph",
        "p": "paragraph",
        "li": "list-item",
        "sli": "list-item",
        "cmd": "step",
        "entry": "table-cell",
        "stentry": "table-cell",
        "dt": "term",
        "dd": "list-item",
        "note": "note",
        "alt": "alt",
    }
    code_types = {
        **_CODE_TYPES_COMMON,
        "codeph": "code",
        "filepath": "code",
        "cmdname": "code",
        "varname": "code",
        "userinput": "code",
        "systemoutput": "code",
        "uicontrol": "ui",
        "wintitle": "ui",
        "menucascade": "ui",
        "image": "image",
        "fn": "footnote",
        "indexterm": "index",
    }
    attributes = {"navtitle": "title", "alt": "alt"}

    def is_inline(self, element: Element) -> bool:
        if element.key == "image" and (element.attribute("placement") or "").strip() == "break":
            return False
        return super().is_inline(element)


class DocBookVocabulary(Vocabulary):
    inline = _words(
        """emphasis literal command filename guilabel guimenu guimenuitem guisubmenu guibutton guiicon
        menuchoice shortcut keycap keycombo keysym mousebutton link xref ulink olink code replaceable
        userinput computeroutput systemitem envar option parameter function varname classname methodname
        property constant type prompt application productname productnumber trademark citetitle quote
        phrase acronym abbrev firstterm glossterm foreignphrase wordasword superscript subscript footnote
        footnoteref inlinemediaobject indexterm anchor email uri token tag markup database errorcode
        errorname errortext errortype hardware interface interfacename keycode medialabel msgtext package
        personname orgname symbol citation citerefentry refentrytitle manvolnum coref co remark
        inlineequation biblioref date author"""
    )
    opaque = _words(
        """programlisting screen literallayout code synopsis cmdsynopsis funcsynopsis classsynopsis fieldsynopsis
        methodsynopsis constructorsynopsis destructorsynopsis remark revhistory authorgroup author editor
        othercredit date pubdate copyright biblioid email uri"""
    )
    objects = _words("footnote inlinemediaobject indexterm")
    preserve_space = _words("programlisting screen literallayout synopsis address")
    code_blocks = _words("programlisting screen synopsis cmdsynopsis funcsynopsis")
    kinds = {
        "title": "title",
        "subtitle": "title",
        "titleabbrev": "title",
        "para": "paragraph",
        "simpara": "paragraph",
        "term": "term",
        "entry": "table-cell",
        "glossterm": "term",
        "note": "note",
        "warning": "note",
        "caution": "note",
        "tip": "note",
        "important": "note",
        "phrase": "alt",
        "alt": "alt",
    }
    code_types = {
        **_CODE_TYPES_COMMON,
        "emphasis": "italic",
        "literal": "code",
        "command": "code",
        "filename": "code",
        "code": "code",
        "userinput": "code",
        "computeroutput": "code",
        "replaceable": "code",
        "guilabel": "ui",
        "guimenu": "ui",
        "guimenuitem": "ui",
        "guibutton": "ui",
        "menuchoice": "ui",
        "ulink": "link",
        "olink": "link",
        "footnote": "footnote",
        "indexterm": "index",
        "inlinemediaobject": "image",
    }
    id_attributes = ("xml:id", "id")


class MallardVocabulary(Vocabulary):
    inline = _words("app cmd code em file gui guiseq hi input key keyseq link output span sys var media")
    opaque = _words("code screen email years")
    preserve_space = _words("code screen")
    code_blocks = _words("screen")
    kinds = {
        "title": "title",
        "subtitle": "title",
        "desc": "description",
        "p": "paragraph",
        "item": "list-item",
        "td": "table-cell",
        "note": "note",
    }
    code_types = {**_CODE_TYPES_COMMON, "em": "italic", "gui": "ui", "guiseq": "ui", "code": "code", "cmd": "code"}


class XmlManualFilter(MarkupFilter):
    """The shared filter of XML manual formats; subclasses give name, extensions, vocabulary and sniffing.

    They also claim ``.xml`` files, as ``sniff_only`` filters: among the filters
    for ``.xml``, they are chosen when :meth:`sniff` recognizes the root element.
    """

    sniff_only: ClassVar[bool] = True

    vocabulary: ClassVar[Vocabulary] = Vocabulary()

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        check_xml(data, path)
        text, encoding = decode_xml(data, path)
        return self.extract_text(
            text, path=path, locale=locale, encoding=encoding, dialect=XML, vocabulary=self.vocabulary
        )

    def set_language(self, text: str, document: Document, locale: Locale) -> str:
        """``xml:lang`` (or DocBook 4's ``lang``) on the root element, added when neither is there."""
        root = root_start_tag(text, xml=True)
        if root is None:
            return text
        names = {attribute.name for attribute in root.attributes}
        add = {} if names & {"xml:lang", "lang"} else {"xml:lang": locale.tag}
        return set_root_attributes(
            text, xml=True, root=None, values={"xml:lang": locale.tag, "lang": locale.tag}, add=add
        )


def prolog_of(data: bytes) -> tuple[str, Token | None]:
    """The document type declaration (if any) and the root start tag of an XML file's head."""
    head = data[:4096].decode("utf-8", errors="replace")
    doctype = ""
    for token in tokenize(head, xml=True):
        if token.kind == TokenKind.DOCTYPE:
            doctype = head[token.start : token.end]
        elif token.kind == TokenKind.START:
            return doctype, token
    return doctype, None


def _root_namespace(root: Token) -> str:
    prefix = root.name.rpartition(":")[0]
    wanted = f"xmlns:{prefix}" if prefix else "xmlns"
    found = root.attribute(wanted)
    return found.value or "" if found is not None else ""


_DITA_ROOTS = _words(
    "topic concept task reference glossentry glossgroup troubleshooting map bookmap subjectScheme learningContent"
)
_DOCBOOK_NAMESPACE = "http://docbook.org/ns/docbook"
_MALLARD_NAMESPACE = "http://projectmallard.org/1.0/"


class DitaFilter(XmlManualFilter):
    """DITA topics (concept, task, reference...) and maps."""

    name: ClassVar[str] = "dita"
    extensions: ClassVar[tuple[str, ...]] = (".dita", ".ditamap", ".xml")
    vocabulary: ClassVar[Vocabulary] = DitaVocabulary()

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        doctype, root = prolog_of(data)
        if root is None or root.name.rpartition(":")[2] not in _DITA_ROOTS:
            return False
        marked = any(a.name.startswith("xmlns:ditaarch") or a.name.endswith("DITAArchVersion") for a in root.attributes)
        return marked or "DITA" in doctype


class DocBookFilter(XmlManualFilter):
    """DocBook 4 and 5 documents (article, book, chapter, section...)."""

    name: ClassVar[str] = "docbook"
    extensions: ClassVar[tuple[str, ...]] = (".dbk", ".docbook", ".xml")
    vocabulary: ClassVar[Vocabulary] = DocBookVocabulary()

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        doctype, root = prolog_of(data)
        if root is None:
            return False
        return _root_namespace(root) == _DOCBOOK_NAMESPACE or "DocBook" in doctype


class MallardFilter(XmlManualFilter):
    """Mallard help pages (GNOME help: ``*.page``)."""

    name: ClassVar[str] = "mallard"
    extensions: ClassVar[tuple[str, ...]] = (".page",)
    vocabulary: ClassVar[Vocabulary] = MallardVocabulary()

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        _, root = prolog_of(data)
        return root is not None and root.name.rpartition(":")[2] == "page" and _root_namespace(root) == _MALLARD_NAMESPACE
