"""The byte-exact tokenizer and the element tree under the HTML and XML manual filters."""

from __future__ import annotations

import pytest

from content.markup.tokens import TokenKind, tokenize
from content.markup.tree import Element, build_tree

ODD_HTML = [
    "plain text, no markup",
    "1 < 2 and 3 > 2, a <-- arrow, </ 5>, </>",
    "<p>unterminated <!-- comment",
    "<p title='x>y' data-a=b/c hidden>text</P  >",
    "<img src=a.png alt=Logo/><br/><BR>",
    "<script>if (a < b) { document.write('</p>'); }</script><p>after</p>",
    "<title>A <b>bold</b> title</title>",
    "<!DOCTYPE html><!x><?php echo 1 ?><![CDATA[x]]>",
    "<p>a tag left open at the end <a href=\"x",
    "<textarea>keep <b> as text</textarea>",
]


@pytest.mark.parametrize("text", ODD_HTML)
def test_html_tokens_cover_the_text_exactly(text):
    tokens = list(tokenize(text))
    assert "".join(text[t.start : t.end] for t in tokens) == text
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:]))


def test_xml_tokens_cover_the_text_exactly():
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE t [ <!ATTLIST t a CDATA "x>y"> ]>\n'
        "<t a='1'><![CDATA[<not a tag>]]><?pi data?><!-- c --><e/></t>\n"
    )
    tokens = list(tokenize(text, xml=True))
    assert "".join(text[t.start : t.end] for t in tokens) == text
    kinds = [t.kind for t in tokens if t.kind != TokenKind.TEXT]
    assert kinds == [
        TokenKind.PI, TokenKind.DOCTYPE, TokenKind.START, TokenKind.CDATA,
        TokenKind.PI, TokenKind.COMMENT, TokenKind.START, TokenKind.END,
    ]


def test_attribute_spans_point_at_the_values():
    text = """<img src=a.png alt="Company &quot;logo&quot;" title='Home' hidden>"""
    (tag,) = tokenize(text)
    found = {a.name: (a.value, a.quote, text[a.value_start : a.value_end]) for a in tag.attributes}
    assert found == {
        "src": ("a.png", "", "a.png"),
        "alt": ("Company &quot;logo&quot;", '"', "Company &quot;logo&quot;"),
        "title": ("Home", "'", "Home"),
        "hidden": (None, "", ""),
    }


def test_script_contents_are_raw_text_up_to_the_end_tag():
    text = "<script>var s = '<p>no</p>';</script><p>yes</p>"
    kinds = [(t.kind, text[t.start : t.end]) for t in tokenize(text)][:3]
    assert kinds == [
        (TokenKind.START, "<script>"),
        (TokenKind.RAWTEXT, "var s = '<p>no</p>';"),
        (TokenKind.END, "</script>"),
    ]


def _shape(element: Element) -> list:
    return [
        [child.key, _shape(child)] if isinstance(child, Element) else child.kind.value
        for child in element.children
        if isinstance(child, Element) or child.kind != TokenKind.TEXT
    ]


def _tree(text: str, html: bool = True) -> Element:
    return build_tree(tokenize(text, xml=not html), html=html)


def test_list_items_and_paragraphs_close_themselves():
    root = _tree("<UL><LI>One<LI>Two</UL><P>First<P>Second<DIV>block</DIV>")
    assert _shape(root) == [["ul", [["li", []], ["li", []]]], ["p", []], ["p", []], ["div", []]]


def test_table_cells_and_rows_close_themselves():
    root = _tree("<table><tr><td>a<td>b<tr><td>c</table>")
    assert _shape(root) == [["table", [["tr", [["td", []], ["td", []]]], ["tr", [["td", []]]]]]]


def test_void_elements_have_no_children_and_stray_end_tags_stay_put():
    root = _tree("<p>a<br>b<img src=x></b>c</p>")
    assert _shape(root) == [["p", [["br", []], ["img", []], "end"]]]


def test_element_steps_count_same_named_siblings():
    root = _tree("<body><p>a</p><div></div><p>b</p></body>")
    body = root.children[0]
    assert [child.step for child in body.children] == ["p", "div", "p[2]"]


def test_xml_tree_nests_strictly_and_keeps_prefixes_in_steps():
    root = _tree('<page xmlns:its="x"><its:rules/><p>t</p></page>', html=False)
    page = root.children[0]
    assert [(c.name, c.key, c.step) for c in page.children] == [("its:rules", "rules", "its:rules"), ("p", "p", "p")]


# -- any input: seeded random pages built from the pieces real pages are made of ---------

FRAGMENTS = [
    "<p>", "</p>", "<li>", "<ul>", "</ul>", "<b>", "</b>", "<a href=x title='Home page'>", "</a>", '<img alt="A b">',
    "<br>", "Hello world. ", "Second one! ", "&amp;", "&nbsp;", "&#x2019;", "&bogus;", "<!-- c -->",
    "<script>x<y</script>", "<div>", "</div>", "<table><tr><td>", "<td>", "</table>", "<code>c</code>",
    "<span translate=no>n</span>", "{{ v }}", " ", "\n\t", "<", ">", "</", "<!", "<?x?>", "<title>T &amp; t</title>",
    "<textarea placeholder=P>q</textarea>", "<input type=submit value=Go>", "<select><option>O", "<h2>", "</h2>",
    "<pre>p</pre>", "<svg><title>s</title></svg>", '<p title="x', "'", '"', "<B>", "</I>", "<dd>", "<dt>", "text", "é",
]


def test_random_pages_round_trip_and_keep_their_keys_when_translated():
    import random
    from pathlib import PurePosixPath

    from content.html import HtmlFilter
    from locflow.model import Locale
    from tests.filter_suite import pseudo_translate, translations_for

    rng = random.Random(20240611)
    filter_ = HtmlFilter(set_lang=False)
    for _ in range(300):
        data = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 40))).encode()
        document = filter_.extract(data, path=PurePosixPath("random.html"), locale=Locale("en"))
        assert filter_.merge(document, {}, Locale("de")) == data
        merged = filter_.merge(document, translations_for(document, pseudo_translate), Locale("de"))
        again = filter_.extract(merged, path=PurePosixPath("random.html"), locale=Locale("en"))
        assert [u.key for u in again.units] == [u.key for u in document.units], data
