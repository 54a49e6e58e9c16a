"""A YAML column and a document column of the same text give the same percentages: a document is measured
against the model as it would read for its own jurisdiction (its blanks filled as it fills them)."""
from __future__ import annotations

import pytest
from conftest import SAMPLES

from draftkit.compare import build_matrix, docx_entry, entry_for
from draftkit.packet import build_packet


@pytest.fixture(scope="module")
def columns(model, canonical, samples, tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    entries = []
    for path in SAMPLES:
        j = samples[path.stem]
        document = folder / f"{j.slug}-adopted.docx"
        document.write_bytes(build_packet(j, model, canonical).files["ordinance.docx"])
        entries += [entry_for(j, model, canonical), docx_entry(document, model, canonical)]
    return {c.slug: c for c in build_matrix(entries, model, canonical).columns}


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_the_document_and_its_yaml_agree_within_a_tenth_of_a_point(columns, samples, sample):
    slug = samples[sample].slug
    assert abs(columns[slug].retained - columns[f"{slug}-adopted"].retained) <= 0.1


def test_documents_of_the_same_name_are_compared_together_and_linked_to_their_yaml(model, canonical, samples,
                                                                                     tmp_path):
    """Two `ordinance.docx` from their folders, beside the YAML files they came from."""
    from draftkit.compare import compare_paths

    inputs = [samples["berkeley"].path, samples["oakland"].path]
    for name in ("berkeley", "oakland"):
        (tmp_path / name).mkdir()
        document = tmp_path / name / "ordinance.docx"
        document.write_bytes(build_packet(samples[name], model, canonical).files["ordinance.docx"])
        inputs.append(document)
    written, failures = compare_paths(inputs, tmp_path / "out", model)
    assert failures == []
    import json

    columns = {c["slug"]: c for c in json.loads((tmp_path / "out/comparison.json").read_text())["jurisdictions"]}
    assert set(columns) == {"berkeley", "oakland", "ordinance", "oakland-ordinance"}
    assert columns["ordinance"]["name"] == "Berkeley (ordinance.docx)"
    assert columns["oakland-ordinance"]["name"] == "Oakland (ordinance.docx)"
    assert columns["oakland-ordinance"]["source"].endswith("jurisdictions/oakland.yaml")
    assert columns["oakland-ordinance"]["retained_percent"] == columns["oakland"]["retained_percent"]
    assert (tmp_path / "out/oakland-ordinance/redline.html").exists()
