"""Reading DOCX files into sections: our own (bookmarks), Word files (headings), tracked changes."""
from __future__ import annotations

import io

from docx import Document

from draftkit.build import render_ordinance
from draftkit.document import PREAMBLE
from draftkit.docx_text import read_docx
from draftkit.ooxml.package import open_docx
from draftkit.ooxml.text import characters, paragraph_text


def test_sections_of_our_ordinance_carry_their_provision(samples, model):
    text = render_ordinance(samples["oakland"], model).text
    keys = [s.key for s in text.sections]
    assert keys[0] == PREAMBLE and keys[1:5] == ["findings", "chapter", "title", "definitions"]
    assert keys[-1] == "certificate" and "investments" not in keys
    assert text.sections[1].number == "" and text.sections[1].title == "SECTION 1. Findings"
    assert text.sections[3].number == "2.23.010" and text.sections[3].title == "Title"


def test_paragraph_text_agrees_with_characters(samples, model):
    for j in samples.values():
        loaded = render_ordinance(j, model).loaded()
        for p in loaded.paragraphs():
            assert paragraph_text(p) == "".join(c for c, _ in characters(p))


def _docx(paragraphs) -> bytes:
    document = Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_file_is_split_at_numbered_headings():
    data = _docx([("Title", "ORDINANCE NO. 12"), ("Normal", "Be it ordained:"),
                  ("Heading 2", "Section 9.40.010 Purpose."), ("Normal", "To protect residents."),
                  ("Normal", "13.105.020 Definitions."), ("Normal", "Words mean things."),
                  ("Heading 2", "Certification"), ("Normal", "AYES: all")])
    sections = read_docx(data).sections
    assert [(s.key, s.number, s.title) for s in sections] == [
        (PREAMBLE, "", ""), (None, "9.40.010", "Purpose"), (None, "13.105.020", "Definitions"),
        (None, "", "Certification")]
    assert [p.text for p in sections[0].body] == ["ORDINANCE NO. 12", "Be it ordained:"]


def test_tracked_changes_in_a_file_are_accepted_and_noted():
    document = Document()
    p = document.add_paragraph("Kept ")
    xml = ('<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="1" '
           'w:author="A" w:date="2020-01-01T00:00:00Z"><w:r><w:t>added</w:t></w:r></w:ins>')
    from lxml import etree

    p._p.append(etree.fromstring(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    loaded = open_docx(buffer.getvalue(), name="t.docx")
    assert paragraph_text(loaded.paragraphs()[0]) == "Kept added"
    assert loaded.notes == ["the document held 1 tracked change(s); they were taken as accepted"]


def test_sections_of_the_ordinance_itself_are_read_from_a_text_we_did_not_write(tmp_path):
    """"SECTION 1. Findings." in plain paragraphs starts a section, as it does in a PDF or a web page; a sentence
    that names a section ("Section 3 of this ordinance ...") does not."""
    import io

    from docx import Document

    doc = Document()
    for text in ("ORDINANCE NO. 2026-4", "The Council of the City of Davis ordains as follows:",
                 "SECTION 1. Findings.", "The Council finds that surveillance needs oversight.",
                 "Section 3 of this ordinance applies to every department.",
                 "SECTION 2: Approval required.", "No department shall acquire surveillance technology.",
                 "SECTION 3. Severability. If any part of this ordinance is held invalid, the rest remains in force "
                 "and the Council declares it would have adopted each part regardless."):
        doc.add_paragraph(text)
    data = io.BytesIO()
    doc.save(data)
    text = read_docx(data.getvalue())
    assert [(s.number, s.title) for s in text.sections[1:]] == [("1", "Findings"), ("2", "Approval required")]
    assert [p.text for p in text.sections[1].body] == ["The Council finds that surveillance needs oversight.",
                                                       "Section 3 of this ordinance applies to every department."]
    assert text.sections[2].body[-1].text.startswith("SECTION 3. Severability. If any part")  # a long paragraph
