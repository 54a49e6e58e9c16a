"""What is compared is what a reader sees: hidden text, content controls, text boxes and embedded documents
are read as Word shows them or named as not compared; external links Word would fetch are dropped."""
from __future__ import annotations

import io
import json
import zipfile

from support.ooxml_build import heading, p, package, t, text_box

from draftkit.docx_text import read_docx
from draftkit.ooxml.package import open_docx
from draftkit.packet import docx_pair_redline
from draftkit.pair import reader_notes

HIDE = "<w:vanish/>"
TEMPLATE_REL = ('<Relationship Id="rIdTemplate" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/attachedTemplate" Target="http://example.invalid/template.dotm" TargetMode="External"/>')


def texts(docx: bytes) -> list[str]:
    return [para.text for para in read_docx(docx).paragraphs]


def with_part(docx: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, data)
    return out.getvalue()


def test_hidden_text_is_not_read_and_is_counted():
    docx = package(heading("Sec. 1.010. Repeal.") + p(t("The chapter is repealed."), t(" The City shall not contract.", HIDE)))
    assert texts(docx)[1] == "The chapter is repealed."
    notes, unseen = reader_notes(open_docx(docx))
    assert unseen["hidden words"] == 5
    assert any("covers only the text that could be read" in note for note in notes)


def test_a_file_that_hides_the_model_and_shows_a_repeal_is_a_departure(tmp_path, model):
    text = "The City shall not contract with a Data Broker."
    base = package(heading("Sec. 1.010. Prohibition.") + p(t(text)))
    hiding = package(heading("Sec. 1.010. Prohibition.") + p(t(text, HIDE), t("This chapter is repealed.")))
    (tmp_path / "base.docx").write_bytes(base)
    (tmp_path / "hiding.docx").write_bytes(hiding)
    changes = json.loads(docx_pair_redline(tmp_path / "hiding.docx", tmp_path / "base.docx", model).files[
        "changes.json"])
    assert changes["changed_sections"], "a hidden model text must not count as kept"
    assert changes["not_compared"]["hidden words"] == 9
    assert changes["text_complete"] is False


def test_block_content_controls_and_custom_xml_are_read_in_place():
    sdt = f"<w:sdt><w:sdtPr><w:id w:val=\"7\"/></w:sdtPr><w:sdtContent>{p(t('Inside a control.'))}</w:sdtContent></w:sdt>"
    custom = f'<w:customXml w:element="clause">{p(t("Inside custom XML."))}</w:customXml>'
    docx = package(heading("Sec. 1.010. Terms.") + p(t("Before.")) + sdt + custom + p(t("After.")))
    assert texts(docx) == ["Sec. 1.010. Terms.", "Before.", "Inside a control.", "Inside custom XML.", "After."]


def test_text_box_text_is_not_part_of_the_paragraph():
    docx = package(heading("Sec. 1.010. Notice.") + p(t("Posted notice "), text_box("BOX TEXT"), t("applies.")))
    assert texts(docx)[1] == "Posted notice applies."
    _, unseen = reader_notes(open_docx(docx))
    assert unseen["text boxes"] == 1


def test_an_embedded_document_is_named_and_stops_a_complete_claim():
    docx = package(heading("Sec. 1.010. Terms.") + p(t("Visible.")) + '<w:altChunk r:id="rIdChunk"/>')
    notes, unseen = reader_notes(open_docx(docx))
    assert unseen["embedded documents (altChunk)"] == 1
    assert any("embedded documents (altChunk)" in note for note in notes)


def test_an_attached_template_on_the_web_is_dropped_and_reported(tmp_path, model):
    docx = package(heading("Sec. 1.010. Terms.") + p(t("The City shall not contract.")))
    settings = zipfile.ZipFile(io.BytesIO(docx)).read("word/settings.xml").decode()
    settings = settings.replace("<w:settings ", "<w:settings ", 1)
    head, rest = settings.split(">", 2)[0:2], settings.split(">", 2)[2]
    settings = ">".join(head) + '><w:attachedTemplate r:id="rIdTemplate"/>' + rest
    docx = with_part(docx, "word/settings.xml", settings.encode())
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{TEMPLATE_REL}</Relationships>')
    docx = with_part(docx, "word/_rels/settings.xml.rels", rels.encode())
    loaded = open_docx(docx)
    assert any("attached template http://example.invalid/template.dotm" in note for note in loaded.notes)
    assert b"example.invalid" not in loaded.parts["word/_rels/settings.xml.rels"]
    assert b"attachedTemplate" not in loaded.parts["word/settings.xml"]
    (tmp_path / "a.docx").write_bytes(docx)
    (tmp_path / "b.docx").write_bytes(package(heading("Sec. 1.010. Terms.") + p(t("The City may contract."))))
    redline = docx_pair_redline(tmp_path / "a.docx", tmp_path / "b.docx", model).files["redline.docx"]
    archive = zipfile.ZipFile(io.BytesIO(redline))
    assert not any(b"example.invalid" in archive.read(name) for name in archive.namelist())
