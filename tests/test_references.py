"""Section references in amendment text: [[provision id]] reads as that section's number after renumbering."""
from __future__ import annotations

import pytest
from conftest import ROOT

from draftkit.build import render_ordinance
from draftkit.docx_text import read_docx
from draftkit.jurisdiction import load_jurisdiction
from draftkit.packet import build_packet
from draftkit.references import numbers, resolve

BASE = (ROOT / "tests/bad_inputs/sanctuary_after_adoption.yaml").read_text(encoding="utf-8").replace(
    "since: 2019-07-10", "since: 1990-07-10")
AMENDMENTS = """amendments:
  - provision: definitions
    action: add_after
    title: Local definitions under [[contracts]]
    text: Terms used in Section [[appeal]] have their meaning there.
  - provision: enforcement
    action: append
    text: "Appeals follow Section [[appeal]]; reports follow Section [[ report ]]."
"""


def _paragraphs(docx: bytes) -> list[str]:
    return [p.text for p in read_docx(docx).paragraphs]


def test_resolve_replaces_known_ids_and_leaves_others():
    assert resolve("See [[appeal]] and [[ nothing ]].", {"appeal": "2.70.090"}) == "See 2.70.090 and [[ nothing ]]."


def test_a_reference_follows_renumbering_in_the_ordinance_and_the_staff_report(tmp_path, model, canonical):
    path = tmp_path / "town.yaml"
    path.write_text(BASE, encoding="utf-8")
    before = numbers(load_jurisdiction(path, model).data, model)
    path.write_text(BASE.replace("amendments: []\n", AMENDMENTS), encoding="utf-8")
    j = load_jurisdiction(path, model)
    after = numbers(j.data, model)
    assert after["appeal"] != before["appeal"]  # the added section comes before "Notice and appeal"
    ordinance = _paragraphs(render_ordinance(j, model).docx)
    assert f"Terms used in Section {after['appeal']} have their meaning there." in ordinance
    appended = f"Appeals follow Section {after['appeal']}; reports follow Section {after['report']}."
    assert appended in ordinance
    assert any(p.endswith(f"Local definitions under {after['contracts']}.") for p in ordinance)
    assert appended in [a["text"] for a in j.data["amendments"]]  # what the staff report may quote, resolved
    report = _paragraphs(build_packet(j, model, canonical).files["staff_report.docx"])
    assert not any("[[" in p for p in ordinance + report)


def test_a_typed_section_number_is_refused_with_the_reference_to_write(tmp_path, model):
    from draftkit.errors import InvalidInput

    valid = BASE.replace("amendments: []\n", AMENDMENTS.split("  - provision: enforcement")[0])
    path = tmp_path / "town.yaml"
    path.write_text(valid, encoding="utf-8")
    number = numbers(load_jurisdiction(path, model).data, model)["appeal"]
    path.write_text(valid.replace("Section [[appeal]]", f"section {number}"), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_jurisdiction(path, model)
    assert [p.message for p in caught.value.problems] == [
        f"the section number {number} is typed out; write [[appeal]] (now {number}) so that it follows renumbering"]
