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
