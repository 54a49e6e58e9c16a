"""Web pages saved from an online municipal code: the chapter's sections and paragraphs, without the site's
menus, scripts, table of contents and history notes; hostile pages bounded."""
from __future__ import annotations

from pathlib import Path

import pytest
from support.adopted_texts import HISTORY, code_page, source_lines

from draftkit.errors import UnreadableDocument
from draftkit.readers import read_text_document
from draftkit.readers.html import MAX_BYTES


def read(page: str | bytes):
    data = page.encode("utf-8") if isinstance(page, str) else page
    return read_text_document(Path("chapter.html"), data)


def test_a_code_page_reads_as_its_sections():
    text = read(code_page(source_lines()))
    paragraphs = [p.text for p in text.paragraphs]
    expected = [x.text for x in source_lines() if not HISTORY.match(x.text) and not x.text.startswith("SANCTUARY")]
    assert paragraphs == [" ".join(expected[:1] + ["SANCTUARY CITY CONTRACTING"])] + expected[1:]
    assert [s.number for s in text.sections if s.number] == [f"13.105.0{n}0" for n in range(1, 8)]
    assert all(p.style.startswith("Heading") for s in text.sections[1:] for p in s.paragraphs[:1])
    assert any("table-of-contents" in n for n in text.notes) and any("7 history note" in n for n in text.notes)


def test_scripts_menus_and_footers_are_not_text():
    words = " ".join(p.text for p in read(code_page(source_lines())).paragraphs)
    for outside in ("dataLayer", "Search the code", "Disclaimer", "querySelectorAll", "PUBLIC PEACE"):
        assert outside not in words


def test_headings_without_numbers_and_line_breaks():
    page = ("<html><body><h2>Definitions</h2><p>“Vendor” means a seller.<br>“Contract” means a deal.</p>"
            "<h2>Waiver</h2><div>The Council may waive it.</div></body></html>")
    text = read(page)
    assert [(s.title, [p.text for p in s.body]) for s in text.sections[1:]] == [
        ("Definitions", ["“Vendor” means a seller.", "“Contract” means a deal."]),
        ("Waiver", ["The Council may waive it."])]


def test_entities_and_encodings():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Fees &amp; costs – capped</p></body></html>'
    assert read(page.encode("cp1252")).paragraphs[0].text == "Fees & costs – capped"


@pytest.mark.parametrize("page, message", [
    (b"", "empty"),
    (b"<html><body><script>var x = 'only a script';</script></body></html>", "no text outside scripts"),
    (b"<html><body>" + b"<div>" * 5000 + b"deep" + b"</div>" * 5000 + b"</body></html>", "nests elements"),
    (b"<html><body>" + b"<i>x</i>" * 450_000 + b"</body></html>", "elements, more than"),
])
def test_hostile_pages_are_refused_with_what_to_do(page, message):
    with pytest.raises(UnreadableDocument, match=message):
        read(page)


def test_a_huge_page_is_refused_before_parsing():
    with pytest.raises(UnreadableDocument, match="larger than .* save only the chapter's own page"):
        read(b"<p>" + b"x" * (MAX_BYTES + 1))


def test_a_pdf_named_html_is_refused():
    with pytest.raises(UnreadableDocument, match="a PDF named as HTML; rename it to .pdf"):
        read(b"%PDF-1.4 ...")


def test_a_site_named_parts_and_a_publishers_dash_are_not_the_codes_text():
    """Breadcrumbs and menus in plain <div>s or lists that name themselves by class, id or role stay out; a
    heading printed "Sec. 2.23.010. - Title." reads as the ordinance prints it; a real paragraph whose class
    only contains such a word ("navigable") stays."""
    page = ('<html><body><div class="breadcrumbs">Home &gt; Title 2 &gt; Chapter 2.23</div>'
            '<ul id="site-menu"><li>Codes</li><li>Help</li></ul><div role="search">Search this code</div>'
            '<p class="sec-title"><b>Sec. 2.23.010. - Title.</b></p><p>This chapter is named.</p>'
            '<p class="navigable-waters">Waters stay navigable.</p>'
            '<p class="sec-title"><b>Section 2-14 – Waiver.</b></p><p>The Council may waive it.</p></body></html>')
    text = read(page)
    assert [(s.number, s.title, s.heading.text if s.heading else None, [p.text for p in s.body])
            for s in text.sections] == [
        ("", "", None, []),
        ("2.23.010", "Title", "Sec. 2.23.010. Title.", ["This chapter is named.", "Waters stay navigable."]),
        ("2-14", "Waiver", "Section 2-14 Waiver.", ["The Council may waive it."])]
