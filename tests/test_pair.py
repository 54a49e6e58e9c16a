"""`draft redline --input FILE --base FILE` through `pair`: the same outputs as the redline with the whole model
loaded, in a process that imports neither python-docx, the template engine, YAML nor the schema validator,
and the model's name read as its loader reads it."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT
from support.word_corpus import CASES

from draftkit.changelist import section_title
from draftkit.changes import SectionChange
from draftkit.model import load_model
from draftkit.models import default_folder, shipped
from draftkit.packet import docx_pair_redline, redline
from draftkit.pair import ModelNames, _top_level_names, pair_redline, read_document

sys.path.insert(0, str(ROOT / "bench"))
import synthetic

HEAVY = ("docx", "docxtpl", "jinja2", "yaml", "cerberus", "draftkit.model", "draftkit.modelcheck",
         "draftkit.packet", "draftkit.render", "draftkit.build", "draftkit.jurisdiction", "draftkit.readers.pdf",
         "draftkit.readers.html", "draftkit.readers.as_docx")
WORD_CASES = dict(CASES)


def _pair(tmp_path, base: bytes, draft: bytes, suffix: str = ".docx"):
    (tmp_path / f"base{suffix}").write_bytes(base)
    (tmp_path / f"draft{suffix}").write_bytes(draft)
    return tmp_path / f"draft{suffix}", tmp_path / f"base{suffix}"


def _full_path(draft, base, model) -> dict[str, bytes]:
    """The redline as `draft redline --base` made it before `pair`: the checked model, packet.redline."""
    draft_doc, draft_text = read_document(draft)
    base_doc, base_text = read_document(base)
    return redline(draft_doc, base_doc, model, j=None, against="file", title=draft.name,
                   subtitle=f"compared with {base.name}", draft_text=draft_text, base_text=base_text).files


def _cases():
    yield "synthetic", synthetic.docx_pair(), ".docx"
    for name in ("numbering", "table_edits", "notes", "fields", "image"):
        yield name, WORD_CASES[name](), ".docx"
    text = (ROOT / "tests/fixtures/reworded/chapter.txt").read_bytes()
    yield "text", (text, text.replace(b"the", b"a", 5)), ".txt"


@pytest.mark.parametrize("name,pair,suffix", list(_cases()), ids=[c[0] for c in _cases()])
def test_pair_outputs_are_the_full_paths(tmp_path, model, name, pair, suffix):
    draft, base = _pair(tmp_path, pair[0], pair[1], suffix)
    expected = _full_path(draft, base, model)
    slug, files = pair_redline(draft, base, ModelNames(default_folder()))
    assert slug == "draft"
    assert sorted(files) == ["changes.json", "redline.docx", "redline.html"]
    for file_name, data in expected.items():
        assert files[file_name] == data, f"{name}: {file_name} differs from the full path's"
    assert docx_pair_redline(draft, base, model).files == expected


def test_pair_process_writes_the_full_paths_outputs_and_imports_nothing_heavy(tmp_path, model):
    """The command as a user runs it: the same three files, and none of the heavy modules in the process."""
    base, draft = synthetic.docx_pair()[:2]
    draft_path, base_path = _pair(tmp_path, base, draft)
    out = tmp_path / "out"
    args = ["redline", "--input", str(draft_path), "--base", str(base_path), "--out", str(out)]
    script = ("import sys\nfrom draftkit.cli import main\ncode = main(sys.argv[1:])\n"
              "print('LOADED', ' '.join(sorted(m for m in sys.modules)))\nsys.exit(code)")
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split("LOADED ", 1)[1].split())
    assert "draftkit.pair" in loaded and "lxml.etree" in loaded  # the check sees the modules the work used
    assert not {m for m in loaded if m in HEAVY or m.split(".")[0] in HEAVY}
    expected = _full_path(draft_path, base_path, model)
    for file_name, data in expected.items():
        assert (out / "draft" / file_name).read_bytes() == data
    (out / "draft" / "redline.html").write_text("edited", encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "draftkit", *args], capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "redline.html" in again.stderr and "--force" in again.stderr
    assert (out / "draft" / "redline.html").read_text(encoding="utf-8") == "edited"


def test_importing_the_cli_imports_nothing_heavy():
    script = ("import sys, draftkit.cli\nprint(' '.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    loaded = set(result.stdout.split())
    assert "draftkit.cli" in loaded
    heavy = {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY or m == "lxml.etree"}
    assert not heavy, f"`import draftkit.cli` loads {sorted(heavy)}"


def test_a_named_broken_model_is_still_an_error(tmp_path):
    """--model names a model folder that fails its check: the pair is refused, as it always was."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.yaml").write_text("name: Broken\nversion: \"1\"\n", encoding="utf-8")
    draft, base = _pair(tmp_path, *synthetic.docx_pair()[:2])
    result = subprocess.run([sys.executable, "-m", "draftkit", "redline", "--input", str(draft), "--base", str(base),
                             "--model", str(broken), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert str(broken) in result.stderr and not (tmp_path / "out").exists()


def test_a_named_model_names_the_change_list(tmp_path):
    draft, base = _pair(tmp_path, *synthetic.docx_pair()[:2])
    result = subprocess.run([sys.executable, "-m", "draftkit", "redline", "--input", str(draft), "--base", str(base),
                             "--model", "ccops", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    changes = json.loads((tmp_path / "out/draft/changes.json").read_text(encoding="utf-8"))
    ccops = load_model(shipped()["ccops"])
    assert (changes["model"], changes["model_version"]) == (ccops.name, ccops.version)
    assert zipfile.ZipFile(tmp_path / "out/draft/redline.docx").testzip() is None


@pytest.mark.parametrize("name", sorted(shipped()))
def test_model_names_are_the_loaders(name):
    folder = shipped()[name]
    model, names = load_model(folder), ModelNames(folder)
    assert _top_level_names(folder / "model.yaml") is not None  # read from the lines, not by the loader
    assert (names.name, names.version) == (model.name, model.version)
    for provision in model.provisions:  # a section without a heading is titled by its provision's label
        change = SectionChange(provision.id, "", None, None, "changed", (), 0, 0, 0, 0)
        assert section_title(change, names) == section_title(change, model) == provision.label
    assert section_title(SectionChange("elsewhere", "", None, None, "added", (), 0, 0, 0, 0), names) == "elsewhere"


@pytest.mark.parametrize("text,expected", [
    ('name: Plain Name\nversion: "2"\n', ("Plain Name", "2")),
    ("name: 'It''s quoted' # a comment\nversion: '3'\n", ("It's quoted", "3")),
    ('name: "Double"\nversion: ""\n', ("Double", "")),
    ('name: a#b\nversion: "1"\n', ("a#b", "1")),
    ('name: A\nversion: 2026.1\n', None),          # a plain version is a number to YAML: the loader reads it
    ('name: yes\nversion: "1"\n', None),           # a plain `yes` is true to YAML
    ('name: A: b\nversion: "1"\n', None),
    ('name: A\nname: B\nversion: "1"\n', None),
    ('name: >\n  Folded\nversion: "1"\n', None),
    ('name: "esc\\"aped"\nversion: "1"\n', None),
    ('---\nname: A\nversion: "1"\n', None),
    ('name: A\n', None),
])
def test_top_level_names_read_only_what_is_plain(tmp_path, text, expected):
    (tmp_path / "model.yaml").write_text(text, encoding="utf-8")
    assert _top_level_names(tmp_path / "model.yaml") == expected


def test_model_names_fall_back_to_the_loader(tmp_path):
    """A model.yaml the line reading does not follow is read by the loader, whose errors name the folder."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "model.yaml").write_text("name: Mine\nversion: 2026.1\n", encoding="utf-8")
    with pytest.raises(Exception) as raised:
        ModelNames(folder)
    assert str(folder) in str(raised.value)
    with pytest.raises(Exception) as raised:
        ModelNames(tmp_path / "nowhere")
    assert "model.yaml is missing" in str(raised.value)
