"""`draft model init`: a bracketed model written in Word (through python-docx and through LibreOffice), or given
as text or PDF, becomes a model folder that passes the model check, reads back as the model itself, and
drafts, builds, redlines and compares."""
from __future__ import annotations

import html
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from support import libreoffice

from draftkit.build import render_ordinance
from draftkit.cli import main
from draftkit.docx_text import read_docx
from draftkit.errors import OutputProblem, UnreadableDocument
from draftkit.jurisdiction import load_canonical
from draftkit.model import load_model
from draftkit.modelinit import init_model

# The model, one (style, text) per paragraph: a title, "Section N." headings, blanks (one used four times, a
# choice written in two cases, a name written in three, dates, an amount after a dollar sign and one inside
# the brackets, a number), cross-references (one to a section that does not exist), an automatically
# numbered list, and text that would read as Jinja.
MODEL = [
    ("Title", "Surveillance Technology Ordinance of [NAME OF JURISDICTION]"),
    ("Normal", ("The [City Council/Board of Supervisors] of the [City/County] of [name of jurisdiction] does "
               "ordain as follows:")),
    ("Heading 2", "Section 1. Findings."),
    ("Normal", ("The [City/County] declared itself a sanctuary on [date of sanctuary resolution]. Sections 3 and 4 "
               "carry out that declaration.")),
    ("Heading 2", "Section 2. Definitions."),
    ("Normal", ("For the purposes of this ordinance, which the [Name of Jurisdiction] Police Department applies "
               "as written ({{ not a field }}, {% nor a tag %}):")),
    ("List Number", "“Agency” means any department of the [City/County]."),
    ("List Number", "“Surveillance Technology” means any device described in Section 3."),
    ("Heading 2", "Section 3. Approval."),
    ("Normal", ("No agency of the [CITY/COUNTY] shall acquire surveillance technology without the approval of the "
               "[City Council/Board of Supervisors].")),
    ("Heading 2", "Section 4. Enforcement."),
    ("Normal", ("A violation is punishable by a fine of up to [$ amount] per day. A person may recover damages of "
               "$[amount of damages] if an action is brought within [number of days] days, except as provided in "
               "Section 2 and Section 9 of the Government Code.")),
    ("Heading 2", "Section 5. Effective Date."),
    ("Normal", "This ordinance takes effect on [effective date]."),
]
LIST_LABELS = ["1.", "2."]
HEADER = "[City/County] of [name of jurisdiction] – Ordinance No. [ordinance number]"
FILLED = {"ordinance_number": '"2026-14"', "city_council_board_supervisors": '"City Council"', "city_county": '"City"',
          "name_jurisdiction": '"Fremont"', "date_sanctuary_resolution": "2017-03-07", "amount": "1000",
          "amount_damages": "2500", "number_days": "30", "effective_date": "2026-07-01", "number": '"2026-14"',
          "date": "2026-05-05", "author": '"Ana Ruiz"'}


def python_docx_model(path: Path) -> Path:
    doc = Document()
    for style, text in MODEL:
        doc.add_paragraph(text, style=style)
    doc.sections[0].header.paragraphs[0].text = HEADER
    doc.save(path)
    return path


def text_model(path: Path) -> Path:
    numbers = iter(LIST_LABELS)
    lines = [f"{next(numbers)} {text}" if style == "List Number" else text for style, text in MODEL]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def html_model(path: Path) -> Path:
    """The model as a web page: LibreOffice makes its <ol> an automatically numbered list."""
    tags = {"Title": "h1", "Heading 2": "h2", "Normal": "p"}
    body, items = [], []
    for style, text in MODEL:
        if style == "List Number":
            items.append(f"<li>{html.escape(text)}</li>")
            continue
        if items:
            body.append("<ol>" + "".join(items) + "</ol>")
            items = []
        body.append(f"<{tags[style]}>{html.escape(text)}</{tags[style]}>")
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Model</title></head><body>"
                    + "\n".join(body) + "</body></html>", encoding="utf-8")
    return path


def soffice(sources: list[Path], kind: str, outdir: Path) -> list[Path]:
    """Convert files with one LibreOffice run (its own profile); the converted files' paths, in order."""
    libreoffice.require()
    target = "docx:MS Word 2007 XML" if kind == "docx" else kind
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{outdir / 'lo_profile'}", "--convert-to",
                    target, "--outdir", str(outdir), *map(str, sources)], check=True, capture_output=True, timeout=180)
    return [outdir / f"{s.stem}.{kind}" for s in sources]


def source_texts() -> list[str]:
    numbers = iter(LIST_LABELS)
    return [f"{next(numbers)} {text}" if style == "List Number" else text for style, text in MODEL]


def rendered_texts(model, jurisdiction=None) -> list[str]:
    j = jurisdiction or load_canonical(model)
    return [p.text for p in render_ordinance(j, model).text.paragraphs]


def draft(*args: str | Path) -> int:
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init")
    init_model(python_docx_model(folder / "model.docx"), folder / "surveillance")
    return folder / "surveillance"


@pytest.fixture(scope="module")
def imported_through_libreoffice(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init_lo")
    (docx,) = soffice([html_model(folder / "lo_model.html")], "docx", folder)
    init_model(docx, folder / "surveillance")
    return folder / "surveillance"


# --- what is guessed ---------------------------------------------------------------------------------------


def test_provisions_come_from_the_headings(imported):
    spec = yaml.safe_load((imported / "model.yaml").read_text())
    assert spec["name"] == "Surveillance Technology Ordinance"  # the title without its blank
    assert [(p["id"], p["label"], p["part"]) for p in spec["provisions"]] == [
        ("findings", "Findings", "act"), ("definitions", "Definitions", "act"), ("approval", "Approval", "act"),
        ("enforcement", "Enforcement", "act"), ("effective_date", "Effective Date", "act")]


def test_blanks_become_typed_fields(imported):
    fields = yaml.safe_load((imported / "schema.yaml").read_text())["blanks"]["schema"]
    assert list(fields) == ["name_jurisdiction", "city_council_board_supervisors", "city_county",
                            "date_sanctuary_resolution", "amount", "amount_damages", "number_days", "effective_date",
                            "ordinance_number"]
    assert fields["city_county"]["allowed"] == ["City", "County"]
    assert fields["city_county"]["meta"]["variant"] is True
    assert fields["date_sanctuary_resolution"]["type"] == fields["effective_date"]["type"] == "date"
    assert fields["amount"]["type"] == "integer" and fields["amount"]["meta"]["money"] is True
    assert fields["amount"]["meta"]["provisions"] == ["enforcement"]
    assert fields["number_days"]["type"] == "integer" and "money" not in fields["number_days"]["meta"]
    assert fields["name_jurisdiction"]["type"] == "string"
    assert all(f["meta"]["example"] == f"[{f['meta']['label']}]" for f in fields.values())
    values = yaml.safe_load((imported / "values.yaml").read_text())["blanks"]
    assert values["city_county"] == "[City/County]" and values["amount"] == "[$ amount]"


def test_the_report_says_what_was_guessed(imported):
    report = (imported / "IMPORT.md").read_text()
    assert "| blanks.city_county | choice (text) | [City/County] | the opening text, Findings, Definitions, " \
           "Approval, a header or footer (5 times) |" in report
    assert "| blanks.name_jurisdiction | text | [name of jurisdiction] | the opening text, Definitions, a header " \
           "or footer (4 times) |" in report
    assert "| blanks.amount | integer (money) | [$ amount] | Enforcement |" in report
    assert "- “Sections 3 and 4” in Findings: 3 → `sec.approval`" in report
    assert "- “Sections 3 and 4” in Findings: 4 → `sec.enforcement`" in report
    assert "- “Section 9” in Enforcement: no section 9 of the model to point to; left as written" in report


def test_an_imported_model_passes_the_model_check(imported):
    from draftkit.modelcheck import check_model

    assert check_model(imported) == []


# --- the model itself, as imported ----------------------------------------------------------------------------


def test_the_model_values_render_the_model_as_written(imported):
    model = load_model(imported)
    assert rendered_texts(model) == source_texts()


def test_automatic_list_numbering_is_kept(imported):
    document = read_docx(render_ordinance(load_canonical(load_model(imported)), load_model(imported)).docx)
    assert [p.label.strip() for p in document.paragraphs if p.label] == LIST_LABELS


@pytest.mark.parametrize("made_by", ["python-docx", "LibreOffice"])
def test_the_redline_of_the_unfilled_model_against_itself_is_empty(made_by, request, tmp_path):
    imported = request.getfixturevalue("imported" if made_by == "python-docx" else "imported_through_libreoffice")
    model = load_model(imported)
    baseline = tmp_path / "baseline.docx"
    baseline.write_bytes(render_ordinance(load_canonical(model), model).docx)
    assert draft("--model", imported, "redline", "--input", baseline, "--out", tmp_path / "out") == 0
    changes = json.loads((tmp_path / "out" / "baseline" / "changes.json").read_text())
    assert changes["changed_sections"] == []


def test_the_model_file_itself_read_as_an_adopted_text_has_no_departures(imported, tmp_path):
    """The Word file the model was imported from, compared as any adopted text is: its "Section N." headings
    are read as sections, and every provision is found, unchanged."""
    original = imported.parent / "model.docx"
    assert draft("--model", imported, "redline", "--input", original, "--out", tmp_path / "out") == 0
    changes = json.loads((tmp_path / "out" / "model" / "changes.json").read_text())
    assert changes["changed_sections"] == []
    found = [s["provision"] for s in changes["sections"]]
    assert found[1:] == [p.id for p in load_model(imported).provisions]


# --- drafting from it ---------------------------------------------------------------------------------------


def filled_file(imported: Path, folder: Path, name: str = "City of Fremont") -> Path:
    assert draft("--model", imported, "new", name, "--out-dir", folder) == 0
    path = next(folder.glob("*.yaml"))
    text = path.read_text()
    for key, value in FILLED.items():
        text = re.sub(rf"^(\s+{key}): .*$", rf"\g<1>: {value}", text, count=1, flags=re.MULTILINE)
    path.write_text(text)
    return path


@pytest.mark.parametrize("made_by", ["python-docx", "LibreOffice"])
def test_check_new_fill_build_redline_and_compare(made_by, request, tmp_path, capsys):
    imported = request.getfixturevalue("imported" if made_by == "python-docx" else "imported_through_libreoffice")
    try:
        assert draft("model", "check", imported) == 0
    except SystemExit:  # a draft without `model check`: the check itself is run by test_..._passes_the_model_check
        pass
    path = filled_file(imported, tmp_path / "jurisdictions")
    assert draft("--model", imported, "validate", path) == 0
    assert draft("--model", imported, "build", path, "--out", tmp_path / "out") == 0
    ordinance = tmp_path / "out" / "fremont" / "ordinance.docx"
    texts = [p.text for p in read_docx(ordinance.read_bytes()).paragraphs]
    assert texts[:2] == ["Surveillance Technology Ordinance of FREMONT",
                         "The City Council of the City of Fremont does ordain as follows:"]
    assert "the Fremont Police Department applies as written ({{ not a field }}, {% nor a tag %}):" in texts[5]
    if made_by == "python-docx":  # the web page LibreOffice read has no header
        assert Document(ordinance).sections[0].header.paragraphs[0].text == "City of Fremont – Ordinance No. 2026-14"
    assert [p.label for p in read_docx(ordinance.read_bytes()).paragraphs if p.label] == ["1. ", "2. "]
    assert "The City declared itself a sanctuary on March 7, 2017. Sections 3 and 4 carry out that declaration." \
        in texts
    assert "No agency of the CITY shall acquire surveillance technology without the approval of the City Council." \
        in texts
    assert any(t.startswith("A violation is punishable by a fine of up to $1,000 per day. A person may recover "
                            "damages of $2,500 if an action is brought within 30 days") for t in texts)
    changes = json.loads((tmp_path / "out" / "fremont" / "changes.json").read_text())
    assert changes["changed_sections"] == []  # filling the blanks is not departing from the model
    assert draft("--model", imported, "redline", path, "--against", "canonical", "--out", tmp_path / "red") == 0
    against_model = json.loads((tmp_path / "red" / "fremont" / "changes.json").read_text())
    assert against_model["changed_sections"] == []  # the model's blanks stand for the words that fill them
    assert draft("--model", imported, "compare", tmp_path / "jurisdictions", "--out", tmp_path / "cmp") == 0
    compared = json.loads(next((tmp_path / "cmp").glob("comparison*.json")).read_text())
    assert [j["slug"] for j in compared["jurisdictions"]] == ["fremont"]
    assert [p["key"] for p in compared["provisions"]][:5] == ["findings", "definitions", "approval", "enforcement",
                                                              "effective_date"]
    amounts = {p["label"]: p["values"]["fremont"] for p in compared["parameters"]}
    assert amounts["$ amount"] == {"value": "$1,000", "departure": False, "change": None}, \
        "filling a blank the model leaves open is no departure"


def test_sections_and_references_renumber(imported, tmp_path):
    path = filled_file(imported, tmp_path / "jurisdictions")
    path.write_text(path.read_text().replace("amendments: []", "amendments:\n  - provision: findings\n"
                                             "    action: add_after\n    title: Purpose\n"
                                             "    text: This ordinance protects residents' privacy.\n"))
    assert draft("--model", imported, "build", path, "--out", tmp_path / "out") == 0
    texts = [p.text for p in read_docx((tmp_path / "out" / "fremont" / "ordinance.docx").read_bytes()).paragraphs]
    changes = json.loads((tmp_path / "out" / "fremont" / "changes.json").read_text())
    assert [s["title"] for s in changes["changed_sections"] if s["kind"] == "added"] == ["Section 2. Purpose"]
    assert "Section 4. Approval." in texts and "Section 6. Effective Date." in texts
    assert "“Surveillance Technology” means any device described in Section 4." in " ".join(texts)
    assert "Sections 4 and 5 carry out that declaration." in " ".join(texts)
    assert "except as provided in Section 3 and Section 9 of the Government Code." in " ".join(texts)


# --- other inputs -------------------------------------------------------------------------------------------


def test_a_model_as_plain_text(tmp_path):
    report = init_model(text_model(tmp_path / "model.txt"), tmp_path / "from_text")
    assert [p.id for p in report.reading.provisions] == ["findings", "definitions", "approval", "enforcement",
                                                         "effective_date"]
    assert len(report.reading.blanks) == 8
    assert rendered_texts(load_model(tmp_path / "from_text")) == source_texts()


def test_a_model_written_through_libreoffice_and_its_pdf(tmp_path):
    (docx,) = soffice([html_model(tmp_path / "lo_model.html")], "docx", tmp_path)
    report = init_model(docx, tmp_path / "from_lo")
    assert [p.id for p in report.reading.provisions] == ["findings", "definitions", "approval", "enforcement",
                                                         "effective_date"]
    model = load_model(tmp_path / "from_lo")
    assert rendered_texts(model) == [p.text for p in read_docx(docx.read_bytes()).paragraphs]
    labels = [p.label.strip() for p in read_docx(render_ordinance(load_canonical(model), model).docx).paragraphs]
    assert [x for x in labels if x] == LIST_LABELS
    from draftkit.modelcheck import check_model

    assert check_model(tmp_path / "from_lo") == []
    (pdf,) = soffice([python_docx_model(tmp_path / "for_pdf.docx")], "pdf", tmp_path)
    from_pdf = init_model(pdf, tmp_path / "from_pdf")
    assert [p.id for p in from_pdf.reading.provisions] == [p.id for p in report.reading.provisions]
    assert {b.name for b in from_pdf.reading.blanks} >= {b.name for b in report.reading.blanks}
    rendered = rendered_texts(load_model(tmp_path / "from_pdf"))  # the page's header read as a paragraph too
    assert [t for t in rendered if t != HEADER] == source_texts()


# --- refusals -----------------------------------------------------------------------------------------------


def test_an_existing_folder_is_refused(imported, tmp_path):
    before = sorted(p.name for p in imported.iterdir())
    with pytest.raises(OutputProblem, match="already exists and is not empty"):
        init_model(python_docx_model(tmp_path / "model.docx"), imported)
    assert sorted(p.name for p in imported.iterdir()) == before
    (tmp_path / "empty").mkdir()
    init_model(tmp_path / "model.docx", tmp_path / "empty")  # an empty folder is taken
    assert (tmp_path / "empty" / "model.yaml").is_file()


@pytest.mark.parametrize("name, data, message", [
    ("broken.docx", b"not a zip", "it is not a .docx file"),
    ("model.odt", b"PK\x03\x04", "a model is read from a Word file"),
    ("headless.txt", b"Just a paragraph with a [blank] and no sections.\n", "no provisions found"),
])
def test_unreadable_models_are_refused_with_their_name(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(UnreadableDocument, match=message) as caught:
        init_model(tmp_path / name, tmp_path / "out")
    assert str(caught.value).startswith(str(tmp_path / name))
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing half-written


def test_a_model_that_fails_its_check_leaves_nothing(tmp_path, monkeypatch):
    from draftkit import modelinit
    from draftkit.errors import ModelProblem

    def failing(folder):
        raise ModelProblem(folder, "does not build")

    monkeypatch.setattr(modelinit, "_check", failing)
    with pytest.raises(ModelProblem):
        init_model(python_docx_model(tmp_path / "model.docx"), tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.docx"]


def test_the_command_line(tmp_path, capsys):
    model = python_docx_model(tmp_path / "model.docx")
    try:
        code = draft("model", "init", model, "--out", tmp_path / "mine")
    except SystemExit:
        pytest.skip("this draft has no `model init` command yet")
    assert code == 0
    assert f"read {model}: 5 provisions, 9 fields (2 amounts, 2 choices, 2 dates, 1 number, 2 texts), 4 " \
           "cross-reference(s) made computed" in capsys.readouterr().out
    assert draft("model", "init", model, "--out", tmp_path / "mine") == 1
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'mine'}: already exists and is not empty; give a new " \
                                              "folder (draft model init never writes into an existing model)"
    assert draft("model", "init", tmp_path / "missing.docx", "--out", tmp_path / "other") == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'missing.docx'}: cannot read this document: ")
    assert not (tmp_path / "other").exists()


# --- guesses on paragraphs alone ------------------------------------------------------------------------------


def guesses(*paragraphs: tuple[str, str] | str):
    from draftkit.modelinit.guess import read_guesses
    from draftkit.modelinit.source import SourceParagraph

    found = []
    for i, p in enumerate(paragraphs):
        style, text, label = ("", p, "") if isinstance(p, str) else (p[0], p[1], p[2] if len(p) > 2 else "")
        found.append(SourceParagraph(i, text, style, label))
    return read_guesses(tuple(found))


def test_headings_numbered_by_word_lists_and_a_title_in_a_heading_style():
    found = guesses(("Heading 1", "MODEL ORDINANCE"), "The council ordains:",
                    ("Heading 2", "Findings", "Section 1."), "See Section 2.",
                    ("Heading 2", "Definitions", "Section 2."), "Words.", ("Heading 2", "Certification"))
    assert [(p.id, p.number) for p in found.provisions] == [("findings", "1"), ("definitions", "2"),
                                                            ("certification", None)]
    assert found.computed and found.name == "MODEL ORDINANCE"
    assert [e.text for e in found.edits[3]] == ["{{ sec.definitions }}"]


def test_sentences_that_begin_with_a_section_number_are_not_headings():
    found = guesses("SECTION 1. Findings. The council finds that [fact].", "Section 1 of this ordinance applies.",
                    "SECTION 2 – Items", "Text.", "Section 3 Definitions", "Section 3 Definitions")
    assert [(p.id, p.label) for p in found.provisions] == [("findings", "Findings"), ("items_", "Items"),
                                                           ("definitions", "Definitions"),
                                                           ("definitions_2", "Definitions")]
    assert not found.computed  # 1, 2, 3, 3: kept as written, and said so
    assert found.unread == [("section numbers (1, 2, 3, 3) do not run 1, 2, 3... (nor [Chapter].010, .020... after "
                             "them); they are kept as written, and so are references to them (nothing renumbers)")]


def test_blanks_without_words_are_fields_of_their_own_and_note_marks_are_not_blanks():
    found = guesses("Section 1. Fees.", "A fee of $[____] is due within [___] days of [___].[1]",
                    "Section 2. Again.", "Another [____] here [sic], in Chapter [X], within [#] years, [X] again.")
    assert [(b.name, b.kind, b.count) for b in found.blanks] == [
        ("fees_blank", "amount", 1), ("fees_blank_2", "number", 1), ("fees_blank_3", "text", 1),
        ("again_blank", "text", 1), ("x", "text", 2), ("blank", "number", 1)]
    assert found.unread == ["“[1]” in Fees: read as a note mark, not a blank; left as written",
                            "“[sic]” in Again: read as a note mark, not a blank; left as written"]


def test_a_word_file_of_its_own_kind_headings_numbered_blanks_split_across_runs_tables_notes_and_footers(tmp_path):
    from support.ooxml_build import footnote_ref, numbering_xml, p, package, t, tbl

    body = (p(t("Model Ordinance"))
            + p(t("Findings"), style="Heading1", num=(1, 0))
            + p(t("The "), t("[City", "<w:b/>"), t("/County]"), t(" finds that "), t("[fact]"), t("."), footnote_ref(1))
            + tbl(["Official", "[name of official]"])
            + p(t("Penalties"), style="Heading1", num=(1, 0))
            + p(t("As found in Section 1, the [city/county] may fine.")))
    docx = tmp_path / "own.docx"
    docx.write_bytes(package(body, numbering=numbering_xml([("decimal", "Section %1.")]),
                             footnotes={1: "Adapted from [source model]."}, footer=p(t("Ordinance of the [City/County]"))))
    report = init_model(docx, tmp_path / "own")
    reading = report.reading
    assert [(f.id, f.number) for f in reading.provisions] == [("findings", "1"), ("penalties", "2")]
    assert [(b.name, b.used_in) for b in reading.blanks] == [("city_county", ["findings", "penalties", "furniture"]),
                                                             ("fact", ["findings"]), ("name_official", ["findings"])]
    assert reading.unread == ["the blank “[source model]” in a footnote: left as written (not a field)"]
    assert [(r.written, r.target, r.where) for r in reading.references] == [("Section 1", "findings", "penalties")]
    model = load_model(tmp_path / "own")
    assert rendered_texts(model) == [x.text for x in read_docx(docx.read_bytes()).paragraphs]
    data = {**load_canonical(model).data, "blanks": {"city_county": "County", "fact": "facts are facts",
                                                     "name_official": "Jane Roe"}}
    from draftkit.jurisdiction import Jurisdiction

    filled = render_ordinance(Jurisdiction(docx, "own", data), model)
    assert [x.text for x in filled.text.paragraphs][:6] == [
        "Model Ordinance", "Section 1. Findings", "The County finds that facts are facts.", "Official", "Jane Roe",
        "Section 2. Penalties"]
    assert "<w:b/></w:rPr><w:t xml:space=\"preserve\">County</w:t>" in filled.parts["word/document.xml"].decode()
    assert "Ordinance of the County" in filled.parts["word/footer1.xml"].decode()


def test_a_chapter_numbered_from_a_blank(tmp_path):
    source = tmp_path / "chapter.txt"
    source.write_text("ORDINANCE ADDING CHAPTER [Chapter] TO THE [Code]\n\nSECTION 1. Findings.\n\nThe council finds facts.\n\nSECTION 2. Addition of Chapter [Chapter].\n\nChapter [Chapter] is added to the [Code] to read as follows:\n\nSec. [Chapter].010. Title.\n\nThis chapter is the Privacy Ordinance.\n\nSec. [Chapter].020. Rules.\n\nSec. [Chapter].010 names this chapter; Section 1 states the findings.\n\nSECTION 3. Effective date.\n\nThis ordinance takes effect on [effective date]." + "\n")
    report = init_model(source, tmp_path / "chapter")
    spec = yaml.safe_load((tmp_path / "chapter" / "model.yaml").read_text())
    assert [(p["id"], p["part"], p.get("adds_code", False)) for p in spec["provisions"]] == [
        ("findings", "act", False), ("addition_chapter", "act", True), ("title", "code", False),
        ("rules", "code", False), ("effective_date", "act", False)]
    assert spec["numbering"] == {"chapter": "blanks.chapter", "step": 10}
    assert [(r.number, r.target) for r in report.reading.references] == [("[Chapter].010", "title"), ("1", "findings")]
    model = load_model(tmp_path / "chapter")
    assert rendered_texts(model)[5:9] == ["Sec. [Chapter].010. Title.", "This chapter is the Privacy Ordinance.",
                                          "Sec. [Chapter].020. Rules.",
                                          "Sec. [Chapter].010 names this chapter; Section 1 states the findings."]
    from draftkit.jurisdiction import Jurisdiction

    canonical = load_canonical(model)
    data = {**canonical.data, "blanks": {**canonical.data["blanks"], "chapter": "2.70"},
            "amendments": [{"provision": "findings", "action": "add_after", "title": "Purpose", "text": "Privacy."},
                           {"provision": "title", "action": "add_after", "title": "Scope", "text": "All agencies."}]}
    texts = rendered_texts(model, Jurisdiction(source, "local", data))
    assert [t for t in texts if t.startswith(("SECTION", "Sec."))] == [
        "SECTION 1. Findings.", "SECTION 2. Purpose.", "SECTION 3. Addition of Chapter 2.70.",
        "Sec. 2.70.010. Title.", "Sec. 2.70.020. Scope.", "Sec. 2.70.030. Rules.",
        "Sec. 2.70.010 names this chapter; Section 1 states the findings.", "SECTION 4. Effective date."]


def test_the_shipped_model_as_its_own_word_file_imports_back_to_itself(tmp_path):
    """The shipped model rendered with its bracketed values is a real-size bracketed model (act sections, a
    chapter numbered from [Chapter], cross-references, a signature block): imported, it reads the same."""
    shipped = load_model()
    source = tmp_path / "sanctuary.docx"
    source.write_bytes(render_ordinance(load_canonical(shipped), shipped).docx)
    report = init_model(source, tmp_path / "sanctuary")
    assert [(p.id, p.part) for p in report.reading.provisions][:3] == [
        ("findings", "act"), ("addition_chapter", "act"), ("title", "code")]
    assert len(report.reading.provisions) == len(shipped.provisions) and report.reading.unread == []
    model = load_model(tmp_path / "sanctuary")
    assert rendered_texts(model) == [p.text for p in read_docx(source.read_bytes()).paragraphs]
    from draftkit.modelcheck import check_model

    assert check_model(tmp_path / "sanctuary") == []
    with zipfile.ZipFile(tmp_path / "sanctuary" / "ordinance.docx") as package:
        marks = re.findall(r'w:name="(prov_[a-z_0-9]+)"', package.read("word/document.xml").decode())
    assert marks == [f"prov_{p.id}" for p in model.provisions]  # the model's own bookmarks replaced, not doubled


def test_a_blank_with_quotes_and_markup_characters_written_in_two_cases(tmp_path):
    doc = Document()
    for text in ("Section 1. Agencies.", ("The [Name of “Agency” & <Board> 100%}] reports; the [name of “agency” & "
                 "<board> 100%}] also reports.")):
        doc.add_paragraph(text)
    doc.save(tmp_path / "quotes.docx")
    init_model(tmp_path / "quotes.docx", tmp_path / "quotes")
    model = load_model(tmp_path / "quotes")
    assert rendered_texts(model)[1] == "The [Name of “Agency” & <Board> 100%}] reports; the [name of “agency” & " \
                                       "<board> 100%}] also reports."
    from draftkit.jurisdiction import Jurisdiction

    data = {**load_canonical(model).data, "blanks": {"name_agency_board_100": "Police Department"}}
    assert rendered_texts(model, Jurisdiction(tmp_path, "x", data))[1] == \
        "The Police Department reports; the Police Department also reports."


def test_edits_of_a_paragraph_keep_each_run_and_its_formatting():
    from lxml import etree

    from draftkit.modelinit.guess import Edit
    from draftkit.modelinit.templates import apply_edits
    from draftkit.ooxml.text import paragraph_text

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    p = etree.fromstring(f'<w:p xmlns:w="{w}"><w:r><w:t>The [Ci</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>ty]'
                         '</w:t><w:tab/><w:t>of [X]</w:t></w:r><w:r><w:t> and [Y</w:t><w:tab/><w:t>Z].</w:t>'
                         '</w:r></w:p>')
    apply_edits(p, [Edit(4, 10, "{{ a }}"), Edit(14, 17, "{{ b }}"), Edit(22, 27, "{{ c }}")])
    assert paragraph_text(p) == "The {{ a }}\tof {{ b }} and {{ c }}."
    runs = [("".join(t.text or "" for t in r.iter(f"{{{w}}}t")), r.find(f"{{{w}}}rPr") is not None)
            for r in p.iter(f"{{{w}}}r")]
    assert runs == [("The {{ a }}", False), ("of {{ b }}", True), (" and {{ c }}.", False)]



def test_a_date_the_ordinance_sets_for_later_may_follow_adoption(tmp_path):
    """"[operative date]" is set for after adoption; "[date of resolution]" records the past and is checked."""
    from datetime import date

    import yaml

    from draftkit.errors import InvalidInput
    from draftkit.jurisdiction import validate_source
    from draftkit.model import load_model
    from draftkit.yamlsource import load

    source = tmp_path / "model.txt"
    source.write_text("Model Ordinance\n\nSection 1. Findings.\n\nOn [date of resolution], the [City] resolved to "
                      "act.\n\nSection 2. Operative date.\n\nThis ordinance operates from [operative date].\n",
                      encoding="utf-8")
    init_model(source, tmp_path / "m")
    model = load_model(tmp_path / "m")
    blanks = model.schema["blanks"]["schema"]
    assert blanks["operative_date"]["meta"].get("after_adoption") is True
    assert "after_adoption" not in blanks["date_resolution"]["meta"]
    values = yaml.safe_load((tmp_path / "m" / "values.yaml").read_text())
    day = date.fromisoformat
    values["jurisdiction"] = {"name": "Davis", "full_name": "City of Davis"}
    values["blanks"] = {"date_resolution": day("2017-03-07"), "city": "Davis", "operative_date": day("2027-01-01")}
    values["ordinance"] = {"number": "2026-1", "status": "adopted", "introduced": day("2026-05-01"),
                           "adopted": day("2026-05-15")}
    values["staff_report"] = {"date": day("2026-04-20"), "author": "Ada Clerk"}

    def check(data):
        return validate_source(load(tmp_path / "davis.yaml", yaml.safe_dump(data)), model)

    assert check(values).data["blanks"]["operative_date"].year == 2027
    values["blanks"]["date_resolution"] = day("2026-06-01")
    with pytest.raises(InvalidInput, match=r"blanks\.date_resolution: this date \(June 1, 2026\) comes after"):
        check(values)
