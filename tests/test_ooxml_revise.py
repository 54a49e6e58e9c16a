"""Marking a changed paragraph in place: everything it holds survives, only the changed text is wrapped."""
from __future__ import annotations

from itertools import count

from lxml import etree

from draftkit.changes import Span
from draftkit.diff import compare, word_diff
from draftkit.document import DocumentText, Paragraph, Section
from draftkit.ooxml.ends import close_run
from draftkit.ooxml.lists import numbering_added
from draftkit.ooxml.markup import Revisions
from draftkit.ooxml.names import W, w
from draftkit.ooxml.notes import in_reference_order
from draftkit.ooxml.revise import deleted_copy, revise_paragraph
from draftkit.ooxml.text import paragraph_text

NS = f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def para(inner: str) -> etree._Element:
    return etree.fromstring(f"<w:p {NS}>{inner}</w:p>")


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def revisions() -> Revisions:
    return Revisions("Tester", ("2026-01-01T00:00:00Z", "2026-01-01T00:01:01Z"), count(1))


def accepted(p: etree._Element) -> str:
    copy = etree.fromstring(etree.tostring(p))
    for d in copy.findall(f".//{w('del')}"):
        d.getparent().remove(d)
    return paragraph_text(copy)


def rejected(p: etree._Element) -> str:
    copy = etree.fromstring(etree.tostring(p))
    for i in copy.findall(f".//{w('ins')}"):
        i.getparent().remove(i)
    for t in copy.iter(w("delText")):
        t.tag = w("t")
    for d in copy.findall(f".//{w('del')}"):
        index = d.getparent().index(d)
        for child in reversed(list(d)):
            d.getparent().insert(index, child)
        d.getparent().remove(d)
    return paragraph_text(copy)


LINKED = (run("Appeals go to the ")
          + '<w:hyperlink r:id="rId9">' + run("City Manager") + "</w:hyperlink>"
          + '<w:commentRangeStart w:id="3"/>' + run(" within ten days")
          + '<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r>'
          + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
          + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("4")
          + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + run("."))


def test_a_change_inside_a_hyperlink_keeps_the_link_the_comment_and_the_field():
    draft = para(LINKED.replace("City Manager", "City Council").replace("ten days", "thirty days"))
    base = para(LINKED)
    spans = word_diff(paragraph_text(base), paragraph_text(draft))
    assert revise_paragraph(draft, base, spans, revisions())
    assert accepted(draft) == "Appeals go to the City Council within thirty days4."
    assert rejected(draft) == "Appeals go to the City Manager within ten days4."
    link = draft.find(w("hyperlink"))
    assert link is not None and link.find(w("ins")) is not None and link.find(w("del")) is not None
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference", "instrText"):
        assert len(draft.findall(f".//{w(tag)}")) == 1, tag


def test_spans_that_do_not_match_the_paragraph_change_nothing():
    draft = para(run("One text."))
    before = etree.tostring(draft)
    assert not revise_paragraph(draft, para(run("Other.")), (Span("equal", "Something else"),), revisions())
    assert etree.tostring(draft) == before


def test_a_typed_label_against_an_automatic_one_is_a_numbering_change():
    """The baseline types "(a) "; the draft has the same words after an automatic label."""
    draft = para('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr></w:pPr>' + run("Text."))
    base = para(run("(a) Text."))
    assert revise_paragraph(draft, base, (Span("equal", "(a) Text."),), revisions(), labels=(4, 0))
    numbering_added(draft, revisions(), by_style=False)
    assert accepted(draft) == "Text." and rejected(draft) == "(a) Text."
    old = draft.find(f"{w('pPr')}/{w('pPrChange')}/{w('pPr')}")
    assert old is not None and old.find(w("numPr")) is None


def test_deleted_copies_keep_no_comment_bookmark_image_or_section_break_of_the_baseline():
    base = para('<w:pPr><w:sectPr/></w:pPr><w:bookmarkStart w:id="1" w:name="x"/>'
                '<w:commentRangeStart w:id="2"/>' + run("Gone.") + '<w:bookmarkEnd w:id="1"/>'
                '<w:r><w:drawing/></w:r><w:r><w:footnoteReference w:id="5"/></w:r>')
    copy = deleted_copy(base, revisions(), notes={("footnote", "5"): 9})
    for tag in ("sectPr", "bookmarkStart", "commentRangeStart", "drawing"):
        assert copy.find(f".//{w(tag)}") is None, tag
    assert copy.find(f".//{w('footnoteReference')}").get(w("id")) == "9"
    assert copy.find(f".//{w('delText')}").text == "Gone."


def test_the_last_paragraph_of_a_container_keeps_a_plain_mark():
    body = etree.fromstring(f"<w:body {NS}>{run('x')}</w:body>")
    kept, gone = para(run("Kept.")), para('<w:pPr><w:rPr><w:del w:id="1" w:author="a" w:date="2026-01-01T00:00:00Z"/>'
                                           '</w:rPr></w:pPr>' + run("Gone."))
    body.extend([kept, gone])
    close_run([kept, gone], revisions())
    assert gone.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is None
    assert kept.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None


def test_notes_are_numbered_and_ordered_as_the_body_refers_to_them():
    body = etree.fromstring(f'<w:body {NS}><w:p><w:r><w:footnoteReference w:id="7"/></w:r>'
                            f'<w:r><w:footnoteReference w:id="2"/></w:r></w:p></w:body>')
    notes = etree.fromstring(f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"/>'
                             f'<w:footnote w:type="continuationSeparator" w:id="0"/>'
                             f'<w:footnote w:id="2"><w:p>{run("second")}</w:p></w:footnote>'
                             f'<w:footnote w:id="7"><w:p>{run("first")}</w:p></w:footnote></w:footnotes>')
    in_reference_order(notes, body, "footnote")
    assert [r.get(w("id")) for r in body.iter(w("footnoteReference"))] == ["1", "2"]
    assert [(n.get(w("id")), paragraph_text(n[0]) if len(n) else "") for n in notes] == [
        ("-1", ""), ("0", ""), ("1", "first"), ("2", "second")]


def test_a_relettered_list_item_is_renumbering_not_a_departure():
    def text(*items: str) -> DocumentText:
        body = tuple(Paragraph(n + 1, item) for n, item in enumerate(items))
        return DocumentText((Section("prohibition", "1.010", "Prohibition", Paragraph(0, "1.010 Prohibition"), body),))

    base = text("(a) The City shall not contract.", "(b) The City shall publish the report.")
    draft = text("(a) A new first item.", "(b) The City shall not contract.", "(c) The City shall publish the report.")
    section = compare(base, draft).sections[0]
    assert (section.words_inserted, section.words_deleted) == (5, 0)   # only the new item; "(b)" -> "(c)" is kept
    assert [p.kind for p in section.paragraphs[1:]] == ["inserted", "modified", "modified"]
    assert section.retained_words == section.model_words
