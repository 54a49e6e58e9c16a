"""The ordinance renders as an act: number, long title, enacting clause, SECTION 1 (findings), SECTION 2 adding
the chapter "to read as follows" (its sections numbered from the chapter), the uncodified sections, then the
signatures and the clerk's certificate. Which provision is which comes from the model folder's data; the
numbering and cross-references follow when provisions drop or are added. Also: DOCX settings and properties."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from lxml import etree

from draftkit.build import render_ordinance
from draftkit.context import plan_sections
from draftkit.packet import build_packet

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def texts(rendered) -> list[str]:
    return [p.text for p in rendered.text.paragraphs]


def sections(rendered) -> dict:
    return {s.key: s for s in rendered.text.sections}


def test_the_model_says_which_provisions_are_codified(model):
    act = [p.id for p in model.provisions if p.part == "act"]
    assert act == ["findings", "chapter", "severability", "environmental_review", "effective_date", "publication"]
    assert [p.id for p in model.provisions if p.adds_code] == ["chapter"]


@pytest.mark.parametrize("slug", ["richmond", "berkeley", "oakland", "alameda", "marin_county"])
def test_every_sample_reads_as_an_act(samples, model, slug):
    j = samples[slug]
    rendered = render_ordinance(j, model)
    found = sections(rendered)
    jur = j.data["jurisdiction"]
    lines = texts(rendered)
    assert lines[0] == f"ORDINANCE NO. {j.data['ordinance']['number']}"
    assert lines[1].startswith(f"AN ORDINANCE OF THE {jur['governing_body'].upper()}")
    assert lines[2] == f"The {jur['governing_body']} of the {jur['full_name']} does ordain as follows:"
    act = [s.title.split(".")[0] for s in rendered.text.sections if s.title.startswith("SECTION")]
    assert act == [f"SECTION {n}" for n in range(1, 7)]
    assert found["findings"].title == "SECTION 1. Findings"
    assert found["chapter"].title == f"SECTION 2. Addition of Chapter {jur['chapter']}"
    assert found["chapter"].body[0].text == (f"Chapter {jur['chapter']} is added to {jur['code_title']} of the "
                                             f"{jur['code_name']} to read as follows:")
    code = [s for s in rendered.text.sections if s.number]
    assert code[0].key == "title" and code[0].number == f"{jur['chapter']}.010"
    keys = [s.key for s in rendered.text.sections]
    assert keys.index("chapter") < keys.index("title") and keys.index(code[-1].key) < keys.index("severability")
    assert [s.key for s in rendered.text.sections][-5:] == ["severability", "environmental_review", "effective_date",
                                                            "publication", "certificate"]
    # only code sections speak of "this chapter"; the act speaks of "this ordinance"
    assert "this chapter" not in found["effective_date"].text and "this ordinance" in found["severability"].text


def test_effective_date_and_publication_are_not_codified(samples, model):
    rendered = render_ordinance(samples["berkeley"], model)
    code = " ".join(s.text for s in rendered.text.sections if s.number)
    assert "Government Code section 36937" not in code and "36933" not in code
    assert "thirty (30) days after the date of its final passage" in sections(rendered)["effective_date"].text


def test_an_added_act_section_renumbers_the_act_and_its_references(samples, model):
    j = samples["richmond"]
    amendment = {"provision": "findings", "action": "add_after", "title": "Purpose", "text": "Purpose text."}
    urgent = replace(j, data={**j.data, "amendments": [amendment],
                              "ordinance": {**j.data["ordinance"], "urgency": True, "adopted": j.data["ordinance"]["introduced"]}})
    plan = plan_sections(urgent, model)
    assert [(s.key, s.number) for s in plan.sections[:4]] == [("findings", "1"), ("local_1", "2"), ("chapter", "3"),
                                                              ("title", "2.70.010")]
    rendered = render_ordinance(urgent, model)
    found = sections(rendered)
    assert found["local_1"].title == "SECTION 2. Purpose" and found["chapter"].title.startswith("SECTION 3.")
    assert found["publication"].title == "SECTION 7. Publication"
    assert "the fear described in Section 1 of this ordinance" in found["effective_date"].text


def test_no_section_goes_between_the_chapter_and_its_sections(samples, model, tmp_path):
    from draftkit.errors import InvalidInput
    from draftkit.jurisdiction import load_jurisdiction

    text = (samples["richmond"].path.read_text(encoding="utf-8").replace(
        "amendments: []", "amendments:\n  - {provision: chapter, action: add_after, title: X, text: Y}"))
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"amendments\[0\]\.provision: no section can be added after 'chapter'"):
        load_jurisdiction(tmp_path / "r.yaml", model)


def test_signatures_and_certificate(samples, model):
    certificate = sections(render_ordinance(samples["richmond"], model))["certificate"]
    lines = [p.text for p in certificate.body]
    assert lines[0] == "PASSED AND ADOPTED by the City Council of the City of Richmond on June 5, 2018."
    signers = [line.split("\t")[0] for line in lines if line.endswith("\tDate")]
    assert signers == ["Mayor", "City Clerk", "City Attorney", "City Clerk"]  # the clerk signs the certificate too
    assert lines.index("CERTIFICATE OF THE CITY CLERK") < len(lines) - 2 and lines[-1] == "City Clerk\tDate"
    assert sum(line.startswith("______") for line in lines) == 4


def paragraphs_xml(docx: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return list(etree.fromstring(z.read("word/document.xml")).iter(f"{W}p"))


def test_blocks_keep_together_in_the_word_file(samples, model):
    """From "PASSED AND ADOPTED" to the attorney's line, and from the certificate's title to the clerk's line,
    every paragraph keeps with the next (the last of each block ends it) and none splits."""
    paras = paragraphs_xml(render_ordinance(samples["richmond"], model).docx)
    text = ["".join("\t" if t.tag == f"{W}tab" else t.text or "" for r in p.iter(f"{W}r") for t in r
                    if t.tag in (f"{W}t", f"{W}tab")) for p in paras]
    keep = [p.find(f"{W}pPr/{W}keepNext") is not None for p in paras]
    lines = [p.find(f"{W}pPr/{W}keepLines") is not None for p in paras]
    for first, last in (("PASSED AND ADOPTED", "City Attorney\tDate"), ("CERTIFICATE OF THE", "City Clerk\tDate")):
        start = next(i for i, t in enumerate(text) if t.startswith(first))
        end = next(i for i in range(start, len(text)) if text[i] == last)
        assert all(keep[start:end]) and not keep[end] and all(lines[start:end + 1]), first


def settings_of(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/settings.xml"))


def test_docx_settings_and_properties_are_current_and_truthful(samples, model, canonical):
    files = build_packet(samples["oakland"], model, canonical).files
    for name in ("ordinance.docx", "staff_report.docx", "baseline.docx", "redline.docx"):
        settings = settings_of(files[name])
        mode = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
        assert mode == ["15"], name
        assert settings.find(f"{W}zoom").get(f"{W}percent") == "100", name
        assert (settings.find(f"{W}trackRevisions") is not None) == (name == "redline.docx"), name
        with zipfile.ZipFile(io.BytesIO(files[name])) as z:
            app, core = z.read("docProps/app.xml").decode(), z.read("docProps/core.xml").decode()
        assert "Microsoft" not in app and "python-docx" not in app + core and "Normal.dotm" not in app, name
        assert "<Application>draftkit</Application>" in app, name
        assert re.search(r"<dc:creator>Teodoro Vásquez-Lin</dc:creator>", core), name
    order = [c.tag for c in settings_of(files["redline.docx"])]
    assert order.index(f"{W}trackRevisions") < order.index(f"{W}defaultTabStop")  # schema order


def test_templates_themselves_are_current(model):
    for path in model.templates.values():
        with zipfile.ZipFile(path) as z:
            assert b'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in \
                z.read("word/settings.xml")
            assert b"Macintosh" not in z.read("docProps/app.xml")


def test_a_chapter_numbered_from_a_first_section_number(samples, model):
    """A code whose chapter starts at 2.30.620 (Palo Alto's surveillance chapter does): the sections follow it,
    the step stays, and references read the same numbers."""
    oakland = samples["oakland"]
    data = {**oakland.data, "jurisdiction": {**oakland.data["jurisdiction"], "first_section": 620}}
    plan = plan_sections(replace(oakland, data=data), model)
    code = [s.number for s in plan.sections if s.part == "code" and s.number]
    assert code[:3] == ["2.23.620", "2.23.630", "2.23.640"] and len(set(code)) == len(code)
    text = render_ordinance(replace(oakland, data=data), model).text
    numbers = [s.number for s in text.sections if s.number]
    assert numbers[:2] == ["2.23.620", "2.23.630"]
    every = " ".join(p.text for p in text.paragraphs)
    assert "2.23.010" not in every and "Section 2.23.6" in every  # cross-references follow
