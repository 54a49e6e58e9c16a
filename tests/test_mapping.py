"""The user's mapping file beside an adopted text: it fixes or confirms assignments, is validated with located
errors, and the comparison shows which cells rest on it."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.adopted_texts import plain_text, source_lines

from draftkit.compare import compare_paths
from draftkit.errors import InvalidInput
from draftkit.mapping import load_mapping, mapping_path
from draftkit.readers import read_text_document

PROVISIONS = ("contracts", "waiver", "solicitations", "appeal")


@pytest.fixture
def adopted(tmp_path):
    path = tmp_path / "berkeley.txt"
    path.write_text(plain_text(source_lines()), encoding="utf-8")
    return path


def text_of(path):
    return read_text_document(path, path.read_bytes())


def test_the_mapping_file_is_named_after_the_input(tmp_path):
    assert mapping_path(tmp_path / "berkeley.pdf") == tmp_path / "berkeley.mapping.yaml"


def test_sections_and_subsections_map_to_provisions(adopted):
    mapping = adopted.with_name("berkeley.mapping.yaml")
    mapping.write_text('"13.105.030": contracts\n"13.105.030 C": waiver\n"13.105.040 (c)": added\n', encoding="utf-8")
    document = text_of(adopted)
    found = load_mapping(mapping, document, PROVISIONS)
    texts = {p.index: p.text for p in document.paragraphs}
    by_start = {texts[i][:12]: key for i, key in found.items()}
    assert by_start == {"A. No depart": "contracts", "B. Agreement": "contracts", "C. The City ": "waiver",
                        "D. Each requ": "contracts", "C. When the ": None}


@pytest.mark.parametrize("content, where, message", [
    ('"13.105.030": waivers\n', ":1:15: 13.105.030: 'waivers' is not a provision of the model; expected one of "
     "contracts, waiver",
     "or `added`"),
    ('"13.105.030": contracts\n"13.105.099": waiver\n', ":2:1: 13.105.099: no section 13.105.099 in the text; its "
     "sections are 13.105.010, 13.105.020", "(or `preamble`)"),
    ('"13.105.030 Z": waiver\n', ":1:1: 13.105.030 Z: section 13.105.030 has no subsection Z; its subsection labels "
     "are a, b, c, d", ""),
    ('"13.105.030": [waiver]\n', ":1:15", "is not a provision of the model"),
])
def test_mistakes_are_located_and_say_what_to_write(adopted, content, where, message):
    mapping = adopted.with_name("berkeley.mapping.yaml")
    mapping.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_mapping(mapping, text_of(adopted), PROVISIONS)
    assert f"{mapping}{where}" in str(caught.value) and message in str(caught.value)


def test_the_comparison_shows_the_cells_a_mapping_set(adopted, tmp_path, model):
    adopted.with_name("berkeley.mapping.yaml").write_text('"13.105.030 C": contracts\n', encoding="utf-8")
    written, failures = compare_paths([adopted], tmp_path / "out", model)
    assert failures == []
    data = json.loads((tmp_path / "out" / "comparison.json").read_text(encoding="utf-8"))
    cells = {p["key"]: p["cells"]["berkeley"] for p in data["provisions"]}
    assert cells["contracts"]["mapped"] is True and cells["waiver"]["kind"] == "dropped"
    assert cells["solicitations"]["mapped"] is False
    page = (tmp_path / "out" / "comparison.html").read_text(encoding="utf-8")
    assert "by your mapping" in page and 'class="k-reworded mapped"' in page


def test_a_bad_mapping_fails_that_input_with_exit_1(adopted, tmp_path):
    adopted.with_name("berkeley.mapping.yaml").write_text('"13.105.030": nothing\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "draftkit", "compare", adopted, "--out", tmp_path / "out"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "berkeley.mapping.yaml:1:15: 13.105.030: 'nothing' is not a provision" in done.stderr


def test_a_folder_scan_does_not_take_the_mapping_for_a_jurisdiction(adopted, tmp_path, model):
    adopted.with_name("berkeley.mapping.yaml").write_text('"13.105.030 C": waiver\n', encoding="utf-8")
    html = adopted.with_name("online.html")
    from support.adopted_texts import code_page

    html.write_text(code_page(source_lines()), encoding="utf-8")
    written, failures = compare_paths([tmp_path], tmp_path / "out", model)
    assert failures == []
