"""redline.docx round-trips: accept all gives the draft, reject all gives the baseline, paragraph by
paragraph, by the OOXML rules (our independent reader) and in LibreOffice (a real client)."""
from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from support import libreoffice, ooxml_reader

from draftkit.ooxml.package import open_docx
from draftkit.packet import build_packet, redline

SENTENCE = "The City shall keep a record of each Contract and of each declaration it receives."


def heading(number: str, title: str):
    return ("Heading 2", [(f"Sec. {number}. {title}.", False)])


def body(*runs):
    return ("Normal", [(r, False) if isinstance(r, str) else r for r in runs])


def make_docx(paragraphs) -> bytes:
    document = Document()
    for style, runs in paragraphs:
        p = document.add_paragraph(style=style)
        for text, bold in runs:
            p.add_run(text).bold = bold
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def three_sections():
    return [body("AN ORDINANCE ADDING CHAPTER 1"),
            heading("1.010", "Title"), body("This chapter is the Test Ordinance."),
            heading("1.020", "Fees"), body("The fee is ", ("thirty (30) days", True), " long."),
            body("Fees are paid to the Clerk."),
            heading("1.030", "Severability"), body("If any part is invalid, the rest stands.")]


def edited(paragraphs, index, new):
    return paragraphs[:index] + [new] + paragraphs[index + 1:]


CASES = {
    "word_in_bold_run": lambda b: edited(b, 4, body("The fee is ", ("sixty (60) days", True), " long.")),
    "deleted_last_section": lambda b: b[:6],
    "added_section": lambda b: b[:6] + [heading("1.030", "Reports"), body("The Clerk reports each year.")]
                                      + [heading("1.040", "Severability"), b[7]],
    "emptied_paragraph": lambda b: edited(b, 5, body("")),
    "special_characters": lambda b: edited(b, 2, body("This chapter is the Fines & Penalties <Sec. 5> Ordinance — "
                                                     "Peña’s “Test”.")),
    "paragraph_ends_with_insertion_then_new_paragraph":
        lambda b: edited(b, 2, body("This chapter is the Test Ordinance of the City.")) [:3]
                  + [body("A wholly new paragraph follows it.")] + b[3:],
    "moved_and_edited": lambda b: [b[0], b[1], b[2], b[6], body("If any part is held invalid, the rest stands."),
                                   b[3], b[4], b[5]],
    "last_section_replaced": lambda b: b[:6] + [heading("1.030", "Annual reports"),
                                                body("The Clerk shall publish a summary every January.")],
    "appended_section": lambda b: b + [heading("1.040", "Reports"), body("The Clerk reports each year.")],
    "repetitive": None,
}


def repetitive_pair():
    base = [body("AN ORDINANCE")] + [x for n in range(1, 11) for x in
                                     (heading(f"1.{n:02d}0", f"Part {n}"), *[body(SENTENCE)] * 20)]
    draft = list(base)
    for i in (5, 60, 61, 150):
        draft[i] = body(SENTENCE.replace("each declaration", "every signed declaration"))
    del draft[100]
    return base, draft


def pair(case: str) -> tuple[bytes, bytes]:
    if case == "repetitive":
        base, draft = repetitive_pair()
    else:
        base = three_sections()
        draft = CASES[case](base)
    return make_docx(base), make_docx(draft)


def paragraphs_of(data: bytes, tmp_path, name: str) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return ooxml_reader.as_is(path)


@pytest.fixture(scope="module")
def redlines(model, tmp_path_factory):
    """Every edge case and every sample: (draft paragraphs, baseline paragraphs, redline path)."""
    folder = tmp_path_factory.mktemp("redlines")
    found = {}
    for case in CASES:
        base, draft = pair(case)
        made = redline(open_docx(draft, name=f"{case}.docx"), open_docx(base, name="base.docx"), model, j=None,
                       against="canonical", title=case, subtitle="test")
        path = folder / f"{case}.docx"
        path.write_bytes(made.files["redline.docx"])
        found[case] = (paragraphs_of(draft, folder, f"{case}.draft.docx"),
                       paragraphs_of(base, folder, f"{case}.base.docx"), path, made.comparison)
    return found


@pytest.fixture(scope="module")
def sample_redlines(model, canonical, samples, tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    found = {}
    for slug, j in samples.items():
        files = build_packet(j, model, canonical).files
        path = folder / f"{slug}.docx"
        path.write_bytes(files["redline.docx"])
        found[slug] = (paragraphs_of(files["ordinance.docx"], folder, f"{slug}.draft.docx"),
                       paragraphs_of(files["baseline.docx"], folder, f"{slug}.base.docx"), path, None)
    return found


@pytest.mark.parametrize("case", list(CASES))
def test_edge_case_round_trips_by_ooxml_rules(redlines, case):
    draft, base, path, _ = redlines[case]
    assert ooxml_reader.validate_revisions(path) == []
    assert ooxml_reader.accepted(path) == draft
    assert ooxml_reader.rejected(path) == base


@pytest.mark.parametrize("slug", ["richmond", "berkeley", "oakland", "alameda", "marin_county"])
def test_sample_round_trips_by_ooxml_rules(sample_redlines, slug):
    draft, base, path, _ = sample_redlines[slug]
    assert ooxml_reader.validate_revisions(path) == []
    assert ooxml_reader.accepted(path) == draft
    assert ooxml_reader.rejected(path) == base


def test_round_trips_in_libreoffice(redlines, sample_redlines):
    libreoffice.require()
    items = list(redlines.items()) + list(sample_redlines.items())
    results = libreoffice.roundtrip_many([path for _, (_, _, path, _) in items])
    wrong = []
    for (name, (draft, base, _, _)), seen in zip(items, results):
        if seen["accepted"] != draft:
            wrong.append(f"{name}: accept all differs from the draft")
        if seen["rejected"] != base:
            wrong.append(f"{name}: reject all differs from the baseline")
    assert wrong == [], f"LibreOffice {results[0]['version']}: {wrong}"


def test_formatting_of_the_changed_bold_run_is_kept(redlines):
    with zipfile.ZipFile(redlines["word_in_bold_run"][2]) as z:
        xml = z.read("word/document.xml").decode()
    inserted = xml.split("<w:ins ")[1].split("</w:ins>")[0]
    deleted = xml.split("<w:del ")[1].split("</w:del>")[0]
    assert "<w:b/>" in inserted and "sixty (60)" in inserted
    assert "<w:b/>" in deleted and "<w:delText xml:space=\"preserve\">thirty (30)</w:delText>" in deleted


def test_moved_section_is_deleted_there_and_inserted_here(redlines):
    comparison = redlines["moved_and_edited"][3]
    moved = [s for s in comparison.sections if s.kind == "moved"]
    assert [s.moved_from for s in moved] == [True, False]


def test_revisions_carry_author_and_date(model, canonical, samples):
    files = build_packet(samples["berkeley"], model, canonical).files
    with zipfile.ZipFile(io.BytesIO(files["redline.docx"])) as z:
        xml = z.read("word/document.xml").decode()
    author = samples["berkeley"].data["staff_report"]["author"]
    day = samples["berkeley"].data["staff_report"]["date"].isoformat()
    assert xml.count("<w:ins ") > 5 and xml.count(f'w:author="{author}"') == xml.count("w:author=")
    assert f'w:date="{day}T00:00:00Z"' in xml
