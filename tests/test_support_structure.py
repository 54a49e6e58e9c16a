"""Tests of the OOXML reader's structure-aware parts: list labels, notes, tables, marks and the inventory.

Each case is hand-written WordprocessingML (support/ooxml_build.py) with tracked changes spelled out, and the
expected views follow ECMA-376 17.13.5 and 17.9 by hand. Independent of draftkit.
"""
from __future__ import annotations

from support import ooxml_reader
from support.ooxml_build import (
    bookmark,
    endnote_ref,
    fld_complex,
    fld_simple,
    footnote_ref,
    inline_image,
    numbering_xml,
    p,
    package,
    t,
    tbl,
    text_box,
)
from support.ooxml_numbering import format_number

REV = 'w:author="A" w:date="2024-01-01T00:00:00Z"'


def ins(rid: int, inner: str) -> str:
    return f'<w:ins w:id="{rid}" {REV}>{inner}</w:ins>'


def dele(rid: int, inner: str) -> str:
    return f'<w:del w:id="{rid}" {REV}>{inner.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")}' \
           "</w:del>"


def numbered(text: str, num: int, lvl: int, mark: str = "", change: str = "") -> str:
    """A list paragraph; `mark` goes into the paragraph mark's w:rPr, `change` is a w:pPrChange."""
    ppr = f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>'
    ppr += f"<w:rPr>{mark}</w:rPr>" if mark else ""
    ppr += change
    return f"<w:p><w:pPr>{ppr}</w:pPr>{text}</w:p>"


def write(tmp_path, body: str, **parts) -> str:
    path = tmp_path / "case.docx"
    path.write_bytes(package(body, **parts))
    return path


def test_format_number():
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 1994)] == ["IV", "IX", "XIV", "MCMXCIV"]
    assert format_number(3, "decimalZero") == "03" and format_number(3, "none") == ""


def test_labels_count_levels_restart_and_follow_each_view(tmp_path):
    body = (numbered(t("One"), 1, 0) + numbered(t("Sub one"), 1, 1) + numbered(t("Sub two"), 1, 1)
            + numbered(ins(1, t("New")), 1, 0, mark=f'<w:ins w:id="2" {REV}/>')
            + numbered(t("Two"), 1, 0) + numbered(t("Sub again"), 1, 1)
            + p(t("Between.")) + numbered(t("Restarted"), 2, 0) + numbered(t("Continued"), 1, 0)
            + numbered(t("Was plain"), 1, 0, change=f'<w:pPrChange w:id="3" {REV}><w:pPr/></w:pPrChange>'))
    path = write(tmp_path, body, numbering=numbering_xml(restart_num=True))
    views = ooxml_reader.views(path, labels=True)
    assert views["accepted"] == ["(a) One", "(1) Sub one", "(2) Sub two", "(b) New", "(c) Two", "(1) Sub again",
                                 "Between.", "(a) Restarted", "(b) Continued", "(c) Was plain"]
    assert views["rejected"] == ["(a) One", "(1) Sub one", "(2) Sub two", "(b) Two", "(1) Sub again",
                                 "Between.", "(a) Restarted", "(b) Continued", "Was plain"]
    assert ooxml_reader.views(path)["accepted"][0] == "One", "no labels unless asked"


def test_notes_follow_their_reference_marks_in_each_view(tmp_path):
    body = (p(t("Kept"), footnote_ref(1), t(" and gone"), dele(1, footnote_ref(2)), t("."))
            + p(t("Added"), ins(2, footnote_ref(3)), t(" and an endnote"), endnote_ref(1), t(".")))
    path = write(tmp_path, body, footnotes={1: "First.", 2: "Removed.", 3: "New."}, endnotes={1: "End."})
    notes = ooxml_reader.notes(path)
    assert notes["footnotes"]["accepted"] == [("1", " First."), ("3", " New.")]
    assert notes["footnotes"]["rejected"] == [("1", " First."), ("2", " Removed.")]
    assert notes["footnotes"]["as_is"] == [("1", " First."), ("2", " Removed."), ("3", " New.")]
    assert notes["endnotes"]["accepted"] == [("1", " End.")]
    marked = ooxml_reader.views(path, marks=True)
    assert marked["accepted"] == ["Kept\u27e6footnote\u27e7 and gone.", "Added\u27e6footnote\u27e7 and an endnote"
                                  "\u27e6endnote\u27e7."]
    assert marked["rejected"][0] == "Kept\u27e6footnote\u27e7 and gone\u27e6footnote\u27e7."


def test_tables_keep_rows_and_cells_and_honour_row_revisions(tmp_path):
    table = tbl(["Kind", "Fee"], ["Old row", "$1"], ["Kept", "$2"], ["New row", "$3"],
                row_props={1: f'<w:del w:id="1" {REV}/>', 3: f'<w:ins w:id="2" {REV}/>'})
    path = write(tmp_path, p(t("Fees:")) + table + p(t("After.")))
    tables = ooxml_reader.tables(path)
    assert tables["accepted"] == [[["Kind", "Fee"], ["Kept", "$2"], ["New row", "$3"]]]
    assert tables["rejected"] == [[["Kind", "Fee"], ["Old row", "$1"], ["Kept", "$2"]]]
    assert tables["as_is"] == [[["Kind", "Fee"], ["Old row", "$1"], ["Kept", "$2"], ["New row", "$3"]]]


def test_an_inserted_table_is_absent_from_the_rejected_view(tmp_path):
    table = tbl(["A", "B"], row_props={0: f'<w:ins w:id="1" {REV}/>'})
    path = write(tmp_path, p(t("Before.")) + table + p(t("After.")))
    assert ooxml_reader.tables(path)["rejected"] == []
    assert ooxml_reader.views(path)["rejected"] == ["Before.", "After."]


def test_marks_show_where_links_fields_bookmarks_and_objects_sit(tmp_path):
    link = '<w:hyperlink r:id="rIdL">' + t("site") + "</w:hyperlink>"
    body = p(t("See "), link, t(" on "), fld_complex(" DATE ", "May 1"), t(", table "), fld_simple(" SEQ T ", "2"),
             bookmark(4, "kept", t(" here")), bookmark(5, "_GoBack", t("!")), inline_image(),
             ins(1, '<w:r><w:br w:type="page"/></w:r>'))
    path = write(tmp_path, body, image=True, hyperlinks={"rIdL": "https://example.gov/"})
    (text,) = ooxml_reader.views(path, marks=True)["accepted"]
    assert text == ("See \u27e6link\u27e7site\u27e6/link\u27e7 on \u27e6field DATE\u27e7May 1\u27e6/field\u27e7, table "
                    "\u27e6field SEQ\u27e72\u27e6/field\u27e7\u27e6bookmark kept\u27e7 here\u27e6/bookmark kept\u27e7!"
                    "\u27e6object\u27e7\u27e6page break\u27e7")
    assert ooxml_reader.views(path)["accepted"] == ["See site on May 1, table 2 here!\n"]


def test_inventory_counts_features_and_leaves_out_what_the_view_drops(tmp_path):
    link = '<w:hyperlink r:id="rIdL">' + t("site") + "</w:hyperlink>"
    body = (p(t("Kept "), link, fld_complex(" PAGE ", "1"), bookmark(1, "b1", t("x")), bookmark(2, "_Hidden", t("y")),
              '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>', '<w:r><w:br/></w:r>', footnote_ref(1))
            + p(dele(1, t("Gone ") + '<w:r><w:br w:type="page"/></w:r>' + footnote_ref(2)))
            + p(text_box("Box"), inline_image()) + numbered(t("Item"), 1, 0))
    path = write(tmp_path, body, image=True, hyperlinks={"rIdL": "https://example.gov/"},
                 footnotes={1: "One.", 2: "Two."}, numbering=numbering_xml())
    found = ooxml_reader.inventory(path)
    assert found["hyperlink"] == 1 and found["hyperlink https://example.gov/"] == 1
    assert found["field PAGE"] == 1 and found["bookmark b1"] == 1 and "bookmark _Hidden" not in found
    assert found["symbol Symbol F0B7"] == 1 and found["break textWrapping"] == 1 and "break page" not in found
    assert found["footnote reference"] == 1 and found["numbered paragraph"] == 1
    assert found["text box"] == 1 and found["image"] == 1 and found["drawing"] == 2  # Fallback not counted
    assert found["sectPr"] == 1 and found["orientation portrait"] == 1
    rejected = ooxml_reader.inventory(path, "rejected")
    assert rejected["footnote reference"] == 2 and rejected["break page"] == 1
