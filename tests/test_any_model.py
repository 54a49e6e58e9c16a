"""Nothing model-specific in the engine: a model whose every field and provision is renamed builds, redlines and
compares exactly as the original does, and the library names no field or provision of either shipped model."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from draftkit.cli import main
from draftkit.modelcheck import check_model
from draftkit.models import shipped
from draftkit.templatebuild import build_text

ORIGINAL = ROOT / "templates" / "ordinance"
SAMPLES = ("berkeley", "oakland", "marin_county")   # amendments, added sections, a county
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
CHAIN = re.compile(r"(?<![\w.])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)")
PROVISION_KEYED = ("sec", "include", "local")
# Words that are provision ids of a shipped model and also the engine's own vocabulary (an amendment's `title`,
# a heading pattern's `title` group, the `chapter` role of numbering, an HTML <title>): the renamed-model test
# above shows the engine does not depend on them as provision ids.
ENGINE_WORDS = {"title", "chapter", "report", "publication"}


class Renaming:
    """New names for every schema field (by name) and every provision id of a model."""

    def __init__(self, schema: dict, provisions: list[dict]):
        self.fields: dict[str, str] = {}
        self._collect(schema)
        self.ids = {p["id"]: f"part{i}" for i, p in enumerate(provisions)}

    def _collect(self, schema: dict) -> None:
        for key, rule in schema.items():
            self.fields.setdefault(key, f"f{len(self.fields)}")
            if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
                self._collect(rule["schema"])

    def path(self, dotted: str) -> str:
        return ".".join(self.fields.get(p, p) for p in dotted.split("."))

    def schema(self, schema: dict) -> dict:
        out = {}
        for key, rule in schema.items():
            rule = dict(rule)
            if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
                rule["schema"] = self.schema(rule["schema"])
            meta = dict(rule.get("meta") or {})
            if "provisions" in meta:
                meta["provisions"] = [self.ids[p] for p in meta["provisions"]]
            if "needs" in meta:
                meta["needs"] = self.path(meta["needs"])
            if meta:
                rule["meta"] = meta
            out[self.fields[key]] = rule
        return out

    def data(self, schema: dict, data, amendments: str | None = None):
        """Values renamed along the schema (an amendment's own keys are the engine's format and stay)."""
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            rule = schema.get(key) or {}
            if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
                value = self.data(rule["schema"], value)
            elif key == amendments and isinstance(value, list):
                value = [self.amendment(a) for a in value]
            out[self.fields.get(key, key)] = value
        return out

    def amendment(self, item: dict) -> dict:
        item = dict(item)
        item["provision"] = self.ids.get(item["provision"], item["provision"])
        if "text" in item:  # a fold has none
            item["text"] = re.sub(r"\[\[(\w+)\]\]", lambda m: f"[[{self.ids.get(m[1], m[1])}]]", item["text"])
        return item

    def expression(self, code: str) -> str:
        def chain(m: re.Match) -> str:
            root, rest = m[1], m[2].split(".")[1:]
            if root in PROVISION_KEYED and rest:
                return ".".join([root, self.ids.get(rest[0], rest[0]), *rest[1:]])
            if root in self.fields and root in self.top:
                names, rule = [self.fields[root]], self.top[root]
                for part in rest:
                    inner = rule.get("schema") if isinstance(rule, dict) and rule.get("type") == "dict" else None
                    if isinstance(inner, dict) and part in inner:
                        names.append(self.fields[part])
                        rule = inner[part]
                    else:
                        names.append(part)
                        rule = None
                return ".".join(names)
            return m[0]

        return CHAIN.sub(chain, code)

    def source(self, text: str) -> str:
        text = re.sub(r"\[(about:)?(\w+)\]", lambda m: f"[{m[1] or ''}{self.ids.get(m[2], m[2])}]"
                      if m[2] in self.ids else m[0], text)
        return JINJA.sub(lambda m: self.expression(m[0]), text)


def _write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """The Sanctuary model with every field and provision renamed, and three samples renamed to match."""
    root = tmp_path_factory.mktemp("renamed")
    folder = root / "model"
    shutil.copytree(ORIGINAL, folder)
    schema = yaml.safe_load((ORIGINAL / "schema.yaml").read_text(encoding="utf-8"))
    spec = yaml.safe_load((ORIGINAL / "model.yaml").read_text(encoding="utf-8"))
    names = Renaming(schema, spec["provisions"])
    names.top = schema
    _write(folder / "schema.yaml", names.schema(schema))
    amendments = spec["amendments"]
    values = yaml.safe_load((ORIGINAL / "values.yaml").read_text(encoding="utf-8"))
    _write(folder / "values.yaml", names.data(schema, values, amendments))
    spec["provisions"] = [{**p, "id": names.ids[p["id"]], **({"when": names.path(p["when"])} if "when" in p else {})}
                          for p in spec["provisions"]]
    for section in ("numbering", "adoption", "revision", "display"):
        for role, value in list(spec[section].items()):
            if isinstance(value, str) and "." in value and value.split(".")[0] in schema:
                spec[section][role] = names.path(value)
    spec["adoption"]["vote_groups"] = {k: names.fields[v] for k, v in spec["adoption"]["vote_groups"].items()}
    spec["amendments"] = names.fields[amendments]
    _write(folder / "model.yaml", spec)
    for source in (folder / "source").glob("*.txt"):
        text = names.source(source.read_text(encoding="utf-8"))
        source.write_text(text, encoding="utf-8")
        (folder / f"{source.stem}.docx").write_bytes(build_text(text))
    samples = root / "jurisdictions"
    samples.mkdir()
    for name in SAMPLES:
        data = yaml.safe_load((ROOT / "jurisdictions" / f"{name}.yaml").read_text(encoding="utf-8"))
        _write(samples / f"{name}.yaml", names.data(schema, data, amendments))
    return folder, samples, names


def test_the_renamed_model_keeps_no_original_name(renamed):
    folder, samples, names = renamed
    load = lambda path: yaml.safe_load(path.read_text(encoding="utf-8"))  # noqa: E731
    new, old = set(_leaf_paths(load(folder / "schema.yaml"))), set(_leaf_paths(load(ORIGINAL / "schema.yaml")))
    assert len(new) == len(old) and not {p.split(".")[-1] for p in new} & {p.split(".")[-1] for p in old}
    ids = {p["id"] for p in load(folder / "model.yaml")["provisions"]}
    assert not ids & {p["id"] for p in load(ORIGINAL / "model.yaml")["provisions"]}
    assert check_model(folder) == [], "the renamed model passes the model check"


def test_build_redline_and_compare_read_the_same_with_every_name_changed(renamed, tmp_path):
    folder, samples, names = renamed
    originals = [ROOT / "jurisdictions" / f"{n}.yaml" for n in SAMPLES]
    assert main(["build", *map(str, originals), "--out", str(tmp_path / "a")]) == 0
    assert main(["build", "--model", str(folder), str(samples), "--out", str(tmp_path / "b")]) == 0
    from draftkit.docx_text import read_docx

    for name in SAMPLES:
        for document in ("ordinance.docx", "staff_report.docx", "redline.docx"):
            a = [p.text for p in read_docx((tmp_path / "a" / name / document).read_bytes()).paragraphs]
            b = [p.text for p in read_docx((tmp_path / "b" / name / document).read_bytes()).paragraphs]
            assert a == b, f"{name}/{document} reads differently under the renamed model"
        a = json.loads((tmp_path / "a" / name / "changes.json").read_text())
        b = json.loads((tmp_path / "b" / name / "changes.json").read_text())
        assert [names.ids.get(c["provision"], c["provision"]) for c in a["changed_sections"]] == \
            [c["provision"] for c in b["changed_sections"]]
    assert main(["compare", *map(str, originals), "--out", str(tmp_path / "a")]) == 0
    assert main(["compare", "--model", str(folder), str(samples), "--out", str(tmp_path / "b")]) == 0
    a = json.loads((tmp_path / "a" / "comparison.json").read_text())
    b = json.loads((tmp_path / "b" / f"comparison-{folder.name}.json").read_text())
    share = lambda d: {j["slug"]: j["retained_percent"] for j in d["jurisdictions"]}  # noqa: E731
    assert share(a) == share(b)
    cells = lambda d, key=lambda k: k: {key(r["key"]): {s: (c["kind"], c["retained_percent"], c["changes"])  # noqa: E731
                                                        for s, c in r["cells"].items()} for r in d["provisions"]}
    assert cells(a, lambda k: names.ids.get(k, k)) == cells(b), "every cell says the same, parameter changes too"
    assert [p["label"] for p in a["parameters"]] == [p["label"] for p in b["parameters"]]


def test_validation_messages_name_the_renamed_fields(renamed, tmp_path, capsys):
    folder, samples, names = renamed
    text = (samples / "oakland.yaml").read_text(encoding="utf-8")
    cure = names.fields["cure_days"]
    broken = tmp_path / "oakland.yaml"
    broken.write_text(re.sub(rf"(\b{cure}: )\d+", r"\g<1>-5", text), encoding="utf-8")
    assert main(["validate", "--model", str(folder), str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{names.fields['policy']}.{cure}: must be at least" in err and "cure_days" not in err


def _library_text() -> str:
    """The engine's code. The importer (`modelinit`) is left out: it writes new model folders and must name the
    fields it creates; the engine that reads any model names none."""
    files = [p for p in (ROOT / "draftkit").rglob("*.py") if "modelinit" not in p.parts]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def _leaf_paths(schema: dict, prefix: str = ""):
    for key, rule in schema.items():
        yield f"{prefix}{key}"
        if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
            yield from _leaf_paths(rule["schema"], f"{prefix}{key}.")


@pytest.mark.parametrize("name", sorted(shipped()))
def test_the_library_names_no_field_or_provision_of_a_shipped_model(name):
    """No dotted field path, no provision id as a string, no model name appears in the library's code."""
    folder = shipped()[name]
    schema = yaml.safe_load((folder / "schema.yaml").read_text(encoding="utf-8"))
    spec = yaml.safe_load((folder / "model.yaml").read_text(encoding="utf-8"))
    code = re.sub(r'"""[\s\S]*?"""|#[^\n]*', "", _library_text())  # docstrings and comments may give examples
    dotted = [p for p in _leaf_paths(schema) if "." in p]
    assert [p for p in dotted if re.search(rf"(?<![\w.]){re.escape(p)}(?![\w])", code)] == []
    ids = [p["id"] for p in spec["provisions"] if p["id"] not in ENGINE_WORDS]
    quoted = [i for i in ids if re.search(rf"""["']{re.escape(i)}["']""", code)]
    assert quoted == [], f"provision ids written into the library: {quoted}"
    assert spec["name"] not in code
