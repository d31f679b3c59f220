"""Reading input files: what text the parsers get, and which files are refused."""

from __future__ import annotations

import re

import pytest

from extract import ParseError
from extract.formats.read import decode_bytes, read_document


def write(tmp_path, data: bytes, name="doc.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_is_read_with_its_bom_stripped_and_crlf_made_lf(tmp_path):
    path = write(tmp_path, "\ufeffAction Plan: HMP Ab\u2019s\r\nRow\r\n".encode())
    assert read_document(path) == "Action Plan: HMP Ab\u2019s\nRow\n"


def test_windows_1252_is_read_when_it_is_not_utf8(tmp_path):
    path = write(tmp_path, "Governor\u2019s \u2013 \u00a35\r\n".encode("cp1252"))
    assert read_document(path) == "Governor\u2019s \u2013 \u00a35\n"


def test_utf16_with_a_bom_is_read(tmp_path):
    path = write(tmp_path, "\ufeffAction Plan\r\n".encode("utf-16-le"))
    assert read_document(path) == "Action Plan\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n", "empty file (only whitespace)"),
        (b"Action\x00Plan", "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 40, "binary file (mostly non-text bytes)"),
        (b"%PDF-1.7\n...", "corrupt PDF"),
        (b"PK\x03\x04rest-of-zip", "a zip archive, perhaps a damaged .docx"),
        (b"Action Plan \x81\x8d\x8f\x90\x9d", "not UTF-8 or Windows-1252 text"),
    ],
    ids=["empty", "whitespace", "nul", "control-bytes", "pdf-magic", "zip-magic", "undecodable"],
)
def test_files_that_are_not_readable_text_are_refused_with_the_reason(tmp_path, data, reason):
    with pytest.raises(ParseError) as caught:
        read_document(write(tmp_path, data))
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("suffix", [".pdf", ".PDF"])
def test_a_pdf_that_is_not_a_pdf_is_refused(
    tmp_path, suffix
):  # more in tests/extract/formats/test_pdf.py
    with pytest.raises(ParseError, match=r"not a PDF file \(no %PDF signature\)"):
        read_document(write(tmp_path, b"whatever", "plan" + suffix))


def test_a_docx_that_is_not_a_zip_is_refused(
    tmp_path,
):  # more in tests/extract/formats/test_word.py
    with pytest.raises(ParseError, match=r"not a \.docx file \(no zip signature\)"):
        read_document(write(tmp_path, b"whatever", "plan.docx"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!DOCTYPE html>\n<html><p>Action Plan: HMP X</p>", "a web page (HTML)"),
        (b"\n  <HTML><body>Responsible Owner</body></HTML>", "a web page (HTML)"),
        (b'<?xml version="1.0"?><office:document/>', "an XML file"),
        (b"{\\rtf1\\ansi Action Plan: HMP X}", "a Rich Text Format (RTF) file"),
    ],
    ids=["html", "html-upper-case", "xml", "rtf"],
)
def test_text_that_is_markup_is_refused_not_read_as_a_document(tmp_path, data, reason):
    # read as text, its words could pass for a plan whose table cannot be read
    with pytest.raises(ParseError, match=rf"^{re.escape(reason)}, not a document hmip-review"):
        read_document(write(tmp_path, data))


def test_text_that_merely_holds_markup_is_read():
    # a cell's <p> items are the text layout itself
    text = "Action Plan: HMP X\n1.1\t<p>one</p> <p>two</p>\n"
    assert decode_bytes(text.encode()) == text


def test_a_missing_file_or_a_folder_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="no such file or folder"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(ParseError, match="folder"):
        read_document(tmp_path)
