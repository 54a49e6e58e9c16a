"""Word files as they really are, redlined one against another (`draft redline --docx EDITED --base ORIGINAL`).

Each case of support/word_corpus.py is a pair (original, edited) of real-shaped DOCX files: automatic
numbering, tables, footnotes and endnotes, comments, fields, hyperlinks, images, text boxes, symbols and
breaks, headers / footers and a landscape section, content controls, bookmarks, typed versus automatic
labels. For each case docx_pair_redline(edited, original) must give a redline.docx whose

  (i)   accepted view, read by the independent OOXML reader, is the edited file (body paragraphs with
        their list labels, table rows and cells, footnotes and endnotes, and where each note reference,
        comment, object, symbol, break, link, field, content control and bookmark sits) and whose
        rejected view is the original;
  (ii)  the same holds in LibreOffice (Accept All / Reject All), all files read in two soffice batches;
  (iii) accepted view keeps every feature the edited file has (ooxml_reader.inventory, count by count);
  (iv)  typed labels "(a) " and automatic "(a)" numbering compare equal: no changed section;
  (v)   changes.json names what it did not compare ("not_compared": images, text boxes);
  (vi)  the Open XML SDK finds no problem in redline.docx that its inputs did not already have (and none
        in the hand-written inputs).

Every test is parametrized by case name. A failure here may be the redline writer's, never a reason to
loosen the assertion.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import libreoffice, ooxml_reader, openxml_sdk
from support.word_corpus import CASES

from draftkit.packet import docx_pair_redline

NAMES = [name for name, _ in CASES]
MAKERS = dict(CASES)
# What each case is about: the edited file must have these features (a check on the corpus itself).
FEATURES = {
    "numbering": ["numbered paragraph"], "numbering_lo": ["numbered paragraph"], "table_edits": ["table"],
    "table_edits_lo": ["table"], "table_added": ["table"], "notes": ["footnote reference", "endnote reference"],
    "comments": ["comment", "comment range", "comment reference"],
    "fields": ["field PAGE", "field REF", "field DATE", "field SEQ", "bookmark SecEnforcement"],
    "hyperlinks": ["hyperlink https://www.example.gov/rent", "hyperlink https://www.example.gov/rent/forms"],
    "image": ["drawing", "image"], "text_boxes": ["text box"],
    "symbols_breaks": ["symbol Symbol F0B7", "break page", "break textWrapping"],
    "sections_headers": ["header part", "footer part", "orientation landscape"],
    "content_control": ["sdt operative_date"], "bookmarks": ["bookmark exemptions", "bookmark hotel_rule"],
    "typed_vs_automatic": ["numbered paragraph"], "automatic_vs_typed": [],
}
NOT_COMPARED = {"image": {"images"}, "text_boxes": {"text boxes"}}
NOT_COMPARED_KEYS = {"images", "text boxes"}
SAME_TEXT = {"typed_vs_automatic", "automatic_vs_typed"}  # the two files of these cases read alike: no change expected
# Where LibreOffice's paragraph strings differ from the OOXML reader's for a reason of its own: note
# anchors read as their numbers, a DATE field shows today, a page break inside a paragraph splits it.
LO_PARAGRAPHS_DIFFER = {"notes", "fields", "symbols_breaks"}


@dataclass
class Built:
    original: Path
    edited: Path
    redline: Path | None = None
    changes: dict | None = None
    problem: BaseException | None = None  # the corpus could not be made (skip) or the redline failed

    def need_redline(self) -> None:
        if isinstance(self.problem, (pytest.skip.Exception, pytest.fail.Exception)):
            raise self.problem
        if self.problem is not None:
            pytest.fail(f"docx_pair_redline failed: {type(self.problem).__name__}: {self.problem}")

    def need_inputs(self) -> None:
        if isinstance(self.problem, (pytest.skip.Exception, pytest.fail.Exception)):
            raise self.problem


@pytest.fixture(scope="module")
def built(tmp_path_factory, model) -> dict[str, Built]:
    out: dict[str, Built] = {}
    for name, make in CASES:
        folder = tmp_path_factory.mktemp(name)
        case = out[name] = Built(folder / "original.docx", folder / f"{name}.docx")
        try:
            original, edited = make()
        except (pytest.skip.Exception, pytest.fail.Exception) as exc:  # LibreOffice-made, no LibreOffice
            case.problem = exc
            continue
        case.original.write_bytes(original)
        case.edited.write_bytes(edited)
        try:
            files = docx_pair_redline(case.edited, case.original, model).files
        except Exception as exc:  # noqa: BLE001  # reported by each test of the case
            case.problem = exc
            continue
        case.redline = folder / "redline.docx"
        case.redline.write_bytes(files["redline.docx"])
        case.changes = json.loads(files["changes.json"])
    return out


def reader_text(path: Path, view: str, *, marks: bool = True) -> dict:
    """What a reader sees in one view: paragraphs with their list labels, tables, footnote and endnote
    texts; with `marks`, where each reference mark, object, symbol, link, field, bookmark... sits."""
    notes = ooxml_reader.notes(path, marks=marks)
    return {"paragraphs": ooxml_reader.views(path, labels=True, marks=marks)[view],
            "tables": ooxml_reader.tables(path, marks=marks)[view],
            "footnotes": [text for _, text in notes["footnotes"][view]],
            "endnotes": [text for _, text in notes["endnotes"][view]]}


def lo_text(state: dict) -> dict:
    return {"paragraphs": state["labeled"], "tables": state["tables"], "footnotes": state["footnotes"],
            "endnotes": state["endnotes"]}


def _batch(call, paths: list[Path]) -> dict[Path, dict | str]:
    """One soffice for all files; if the batch dies (a file crashes LibreOffice), one call per file."""
    if not paths:
        return {}
    try:
        return dict(zip(paths, call(paths)))
    except AssertionError:
        out: dict[Path, dict | str] = {}
        for path in paths:
            try:
                out[path] = call([path])[0]
            except AssertionError as exc:
                out[path] = str(exc)
        return out


@pytest.fixture(scope="module")
def lo(built) -> dict[Path, dict | str]:
    """LibreOffice's reading of every input (read) and every redline (roundtrip), by path."""
    libreoffice.require()
    inputs = [p for case in built.values() if case.original.exists() for p in (case.original, case.edited)]
    redlines = [case.redline for case in built.values() if case.redline is not None]
    return {**_batch(libreoffice.read_many, inputs), **_batch(libreoffice.roundtrip_many, redlines)}


@pytest.fixture(scope="module")
def sdk(built) -> dict[Path, list[str]]:
    """The Open XML SDK's errors for every input and redline, by path (one run of the validator)."""
    openxml_sdk.require()
    paths = [p for case in built.values() if case.original.exists() for p in (case.original, case.edited)]
    paths += [case.redline for case in built.values() if case.redline is not None]
    return dict(zip(paths, openxml_sdk.validate_many(paths)))


def _problems(errors: list[str]) -> set[str]:
    return {re.sub(r"\[\d+\]", "", error) for error in errors}  # positions aside: /w:p[3] -> /w:p


def _lo(lo: dict, path: Path) -> dict:
    answer = lo[path]
    if isinstance(answer, str):
        pytest.fail(f"LibreOffice could not read {path.name}: {answer}")
    return answer


# ---- the corpus itself ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_corpus_case_is_documented_and_has_its_features(built, name):
    case = built[name]
    case.need_inputs()
    assert (MAKERS[name].__doc__ or "").strip(), "each case says what it exercises and which edit was made"
    features = ooxml_reader.inventory(case.edited)
    assert [f for f in FEATURES[name] if not features[f]] == []
    same = reader_text(case.original, "accepted") == reader_text(case.edited, "accepted")
    assert same == (name in SAME_TEXT), "the edit is visible in the text (and absent where none is meant)"


@pytest.mark.parametrize("name", NAMES)
def test_corpus_reads_alike_in_the_reader_and_libreoffice(built, lo, name):
    """The hand-written files are valid enough for a real client, and the reader agrees with it."""
    case = built[name]
    case.need_inputs()
    for path in (case.original, case.edited):
        mine, theirs = reader_text(path, "accepted", marks=False), lo_text(_lo(lo, path))
        if name in LO_PARAGRAPHS_DIFFER:
            del mine["paragraphs"], theirs["paragraphs"]
        assert mine == theirs, path.name


# ---- (i) the OOXML reader's views of redline.docx --------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_reader_accepted_view_is_the_edited_file(built, name):
    case = built[name]
    case.need_redline()
    assert reader_text(case.redline, "accepted") == reader_text(case.edited, "accepted")


@pytest.mark.parametrize("name", NAMES)
def test_reader_rejected_view_is_the_original(built, name):
    case = built[name]
    case.need_redline()
    assert reader_text(case.redline, "rejected") == reader_text(case.original, "accepted")


@pytest.mark.parametrize("name", NAMES)
def test_revision_markup_is_valid_in_every_part(built, name):
    case = built[name]
    case.need_redline()
    package = ooxml_reader.load_package(case.redline)
    parts = [(package.main_name, package.main)] + [item for kind in ("footnotes", "endnotes", "header", "footer")
                                                   for item in package.related.get(kind, [])]
    assert {part: problems for part, root in parts if (problems := ooxml_reader.validate_root(root))} == {}


# ---- (ii) the same through LibreOffice -------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_accept_all_gives_the_edited_file(built, lo, name):
    case = built[name]
    case.need_redline()
    seen = _lo(lo, case.redline)
    assert seen["as_is_redline_count"] > 0 or name in SAME_TEXT, "the redline tracks changes LibreOffice sees"
    assert lo_text(seen["details"]["accepted"]) == lo_text(_lo(lo, case.edited))


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_reject_all_gives_the_original(built, lo, name):
    case = built[name]
    case.need_redline()
    assert lo_text(_lo(lo, case.redline)["details"]["rejected"]) == lo_text(_lo(lo, case.original))


# ---- (iii) nothing the edited file has is missing from the redline -----------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_redline_keeps_every_feature_of_the_edited_file(built, name):
    case = built[name]
    case.need_redline()
    have: Counter = ooxml_reader.inventory(case.redline, "accepted")
    wanted: Counter = ooxml_reader.inventory(case.edited, "accepted")
    missing = {feature: f"{have[feature]} of {count}" for feature, count in wanted.items() if have[feature] < count}
    assert missing == {}


# ---- (iv) typed labels and automatic numbering are the same text -------------------------------------------

@pytest.mark.parametrize("name", sorted(SAME_TEXT))
def test_same_text_gives_no_changed_section(built, name):
    case = built[name]
    case.need_redline()
    assert case.changes["changed_sections"] == []


# ---- (v) what was not compared is said -------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_changes_json_names_what_was_not_compared(built, name):
    case = built[name]
    case.need_redline()
    expected = NOT_COMPARED.get(name, set())
    if expected:
        assert "not_compared" in case.changes, "changes.json lists what it did not compare"
    listed = case.changes.get("not_compared", {})
    assert {key for key in expected if listed.get(key, 0) < 1} == set(), listed
    assert {key for key in NOT_COMPARED_KEYS - expected if listed.get(key, 0)} == set(), listed


# ---- (vi) valid Open XML ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in NAMES if not n.endswith("_lo")])
def test_hand_written_corpus_is_valid_open_xml(built, sdk, name):
    case = built[name]
    case.need_inputs()
    assert {path.name: sdk[path] for path in (case.original, case.edited) if sdk[path]} == {}


@pytest.mark.parametrize("name", NAMES)
def test_open_xml_sdk_finds_no_new_problem_in_the_redline(built, sdk, name):
    case = built[name]
    case.need_redline()
    new = _problems(sdk[case.redline]) - _problems(sdk[case.original]) - _problems(sdk[case.edited])
    assert sorted(new) == []
