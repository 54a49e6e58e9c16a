"""`draft compare` after `draft build` reads the change lists the build wrote instead of rendering again, says
the same thing it says without them, and compares anew whatever changed since: the jurisdiction file, the
model folder, or changes.json itself. Renders are counted through draftkit.build, not timed."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import SAMPLES

import draftkit.build
import draftkit.packet
import draftkit.variants
from draftkit.compare import compare_paths
from draftkit.jurisdiction import load_canonical, load_jurisdiction
from draftkit.model import load_model
from draftkit.outputs import owner_of, write_files
from draftkit.packet import build_packet


@pytest.fixture
def renders(monkeypatch) -> Counter:
    """Every ordinance render, by the slug it was rendered for (the model's own renders count under the model's
    slug)."""
    counted: Counter = Counter()
    real = draftkit.build.render_ordinance

    def counting(j, model):
        counted[j.slug] += 1
        return real(j, model)

    for module in (draftkit.build, draftkit.variants, draftkit.packet):  # each module that holds the name
        monkeypatch.setattr(module, "render_ordinance", counting)
    return counted


@pytest.fixture
def copies(tmp_path, model) -> tuple[list[Path], Path]:
    """The samples and the model folder, copied so that a test may change them."""
    folder = tmp_path / "jurisdictions"
    folder.mkdir()
    paths = [Path(shutil.copy(p, folder / p.name)) for p in SAMPLES]
    return paths, Path(shutil.copytree(model.folder, tmp_path / "model"))


def build(paths: list[Path], out: Path, model_folder: Path, *, against: str = "identity") -> None:
    """What `draft build` does for each file: its packet, written with its manifest."""
    model = load_model(model_folder)
    canonical = load_canonical(model)
    for path in paths:
        j = load_jurisdiction(path, model)
        packet = build_packet(j, model, canonical, against=against)
        write_files(out, packet.slug, packet.files, owner=owner_of(j.path))


def comparison(out: Path) -> str:
    return (out / "comparison.json").read_text(encoding="utf-8")


def slugs(paths: list[Path]) -> set[str]:
    return {p.stem for p in paths}


def test_compare_after_build_renders_no_jurisdiction_and_says_the_same(copies, tmp_path, renders):
    paths, folder = copies
    model = load_model(folder)
    compare_paths(paths, tmp_path / "fresh", model, jobs=1)
    assert set(renders) >= slugs(paths)  # without a build, each draft and its baseline is rendered
    build(paths, tmp_path / "out", folder)
    renders.clear()
    written, failures = compare_paths(paths, tmp_path / "out", model, jobs=1)
    assert failures == [] and (tmp_path / "out" / "comparison.json") in written
    assert not slugs(paths) & set(renders), renders
    assert comparison(tmp_path / "out") == comparison(tmp_path / "fresh")
    assert (tmp_path / "out" / "comparison.csv").read_bytes() == (tmp_path / "fresh" / "comparison.csv").read_bytes()


def test_a_changed_jurisdiction_file_is_compared_anew(copies, tmp_path, renders):
    paths, folder = copies
    build(paths, tmp_path / "out", folder)
    oakland = next(p for p in paths if p.stem == "oakland")
    oakland.write_text(oakland.read_text(encoding="utf-8").replace("penalty_cap: 10000", "penalty_cap: 20000"),
                       encoding="utf-8")
    renders.clear()
    compare_paths(paths, tmp_path / "out", load_model(folder), jobs=1)
    assert {s for s in renders if s in slugs(paths)} == {"oakland"} and renders["oakland"] == 2
    data = json.loads(comparison(tmp_path / "out"))
    values = next(p for p in data["parameters"] if p["key"] == "policy.penalty_cap")["values"]
    assert values["oakland"]["change"] == "$5,000 → $20,000"


def test_a_changed_model_folder_is_compared_anew(copies, tmp_path, renders):
    paths, folder = copies
    build(paths, tmp_path / "out", folder)
    history = folder / "history.yaml"
    history.write_text(history.read_text(encoding="utf-8") + "\n# a comment changes the folder's content\n",
                       encoding="utf-8")
    renders.clear()
    compare_paths(paths, tmp_path / "out", load_model(folder), jobs=1)
    assert all(renders[s] == 2 for s in slugs(paths)), renders


def test_an_edited_change_list_or_another_baseline_is_not_trusted(copies, tmp_path, renders):
    paths, folder = copies
    build(paths, tmp_path / "out", folder)
    build([p for p in paths if p.stem == "berkeley"], tmp_path / "out", folder, against="canonical")
    changes = tmp_path / "out" / "richmond" / "changes.json"
    changes.write_text(changes.read_text(encoding="utf-8").replace('"retained_words"', '"retained_words" '),
                       encoding="utf-8")
    renders.clear()
    compare_paths(paths, tmp_path / "out", load_model(folder), jobs=1)
    assert {s for s in renders if s in slugs(paths)} == {"richmond", "berkeley"}


def test_another_model_never_reuses_a_build(copies, tmp_path, renders, model):
    """The model folder is part of the key: the same model's files in another folder hash the same, so a
    second model is told apart by its files' contents, not its folder's name."""
    paths, folder = copies
    build(paths, tmp_path / "out", folder)
    other = Path(shutil.copytree(folder, tmp_path / "other"))
    (other / "values.yaml").write_text((other / "values.yaml").read_text(encoding="utf-8") + "\n# other\n",
                                       encoding="utf-8")
    renders.clear()
    compare_paths(paths, tmp_path / "out", load_model(other), jobs=1)
    assert all(renders[s] == 2 for s in slugs(paths))


def test_workers_give_the_same_files(copies, tmp_path):
    paths, folder = copies
    model = load_model(folder)
    compare_paths(paths, tmp_path / "one", model, jobs=1)
    compare_paths(paths, tmp_path / "two", model, jobs=2)
    for name in ("comparison.json", "comparison.csv", "comparison.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_an_adopted_text_is_read_and_its_model_variants_rendered_once(tmp_path, renders, model, canonical, samples):
    """Its comparison and its redline share one reading: the model is rendered once per variant, not twice."""
    from draftkit.variants import identity_variants

    adopted = tmp_path / "adopted.docx"
    adopted.write_bytes(draftkit.build.render_ordinance(samples["oakland"], model).docx)
    renders.clear()
    written, failures = compare_paths([adopted], tmp_path / "out", model, jobs=1)
    assert failures == [] and (tmp_path / "out" / "adopted" / "redline.docx") in written
    assert dict(renders) == {canonical.slug: len(identity_variants(canonical, model))}
