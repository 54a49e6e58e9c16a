"""A real client: LibreOffice opens every generated DOCX without error and reads the jurisdiction's values."""
from __future__ import annotations

import pytest
from support import libreoffice

from draftkit.packet import build_packet


@pytest.fixture(scope="module")
def packets(model, canonical, samples, tmp_path_factory):
    folder = tmp_path_factory.mktemp("packets")
    written = {}
    for slug, j in samples.items():
        for name, data in build_packet(j, model, canonical).files.items():
            if name.endswith(".docx"):
                path = folder / f"{slug}-{name}"
                path.write_bytes(data)
                written[(slug, name)] = path
    return written


def test_libreoffice_reads_every_document_with_its_values(packets, samples):
    libreoffice.require()
    keys = list(packets)
    results = libreoffice.roundtrip_many([packets[k] for k in keys])
    for (slug, name), seen in zip(keys, results):
        text = "\n".join(seen["accepted"])
        jurisdiction = samples[slug].data["jurisdiction"]
        assert len(seen["accepted"]) > 20, f"{slug}/{name}: LibreOffice read almost nothing"
        assert jurisdiction["full_name"] in text or jurisdiction["full_name"].upper() in text, f"{slug}/{name}"
        if name in ("ordinance.docx", "redline.docx", "baseline.docx"):
            assert f"Sec. {jurisdiction['chapter']}.010. Title." in seen["accepted"], f"{slug}/{name}"
        if name == "staff_report.docx":
            assert samples[slug].data["staff_report"]["author"] in text


def test_ordinance_converts_to_pdf(packets, tmp_path):
    libreoffice.require()
    pages = libreoffice.to_pdf(packets[("oakland", "ordinance.docx")], tmp_path / "oakland.pdf")
    assert 5 <= pages <= 12
    assert (tmp_path / "oakland.pdf").read_bytes().startswith(b"%PDF")
