"""CSV cells located for splicing, and translated cells quoted as needed."""

from __future__ import annotations

import csv
import io

import pytest
from locflow.model.errors import MalformedFileError

from content.csvtext import encode_cell, parse_csv, sniff_delimiter


@pytest.mark.parametrize(
    "text",
    [
        "a,b\r\n1,2\r\n",
        'a,b\n"x, y","say ""hi"""\n',
        'a;b\n"multi\nline";\n\n3;4',
        "a\tb\n\t\n",
        'q,a\r\n"x",""\r\nlast,row',
        'a,b,\n1,2,\n',
    ],
)
def test_cells_agree_with_the_csv_module_and_locate_their_text(text):
    delimiter = sniff_delimiter(text)
    rows = parse_csv(text, "t.csv", delimiter)
    expected = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]
    assert [[cell.value for cell in row] for row in rows] == expected
    for row in rows:
        for cell in row:
            raw = text[cell.start : cell.end]
            assert raw == (f'"{cell.value.replace(chr(34), chr(34) * 2)}"' if cell.quoted else cell.value)


def test_delimiter_sniffing():
    assert sniff_delimiter("id;question;answer\n") == ";"
    assert sniff_delimiter('"a;b",c\n') == ","
    assert sniff_delimiter("id\tq\ta\n") == "\t"
    assert sniff_delimiter("single\n") == ","


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("plain", "csv:,", "plain"),
        ("plain", "csv-quoted:,", '"plain"'),
        ("a, b", "csv:,", '"a, b"'),
        ("a, b", "csv:;", "a, b"),
        ('say "hi"', "csv:,", '"say ""hi"""'),
        ("two\nlines", "csv:,", '"two\nlines"'),
        (" padded", "csv:,", '" padded"'),
    ],
)
def test_encode_cell(value, kind, expected):
    assert encode_cell(value, kind) == expected
    delimiter = kind.rsplit(":", 1)[1]
    assert next(csv.reader(io.StringIO(expected + delimiter + "x", newline=""), delimiter=delimiter))[0] == value


def test_unterminated_quote_names_the_line():
    with pytest.raises(MalformedFileError) as caught:
        parse_csv('a,b\n1,2\n3,"open\n', "t.csv", ",")
    assert caught.value.line == 3
