"""Each model folder is consistent: templates, schema, values and model.yaml agree with each other.

The checks run for every model folder under templates/ (each shipped model), not only the default one.
"""
from __future__ import annotations

import io
import re
import sys
import zipfile

import pytest
from conftest import ROOT

from draftkit.context import DERIVED
from draftkit.model import load_model
from draftkit.render import template_variables

sys.path.insert(0, str(ROOT / "tools"))
import make_templates

MODEL_FOLDERS = sorted(p.parent for p in (ROOT / "templates").glob("*/model.yaml"))
META_KEYS = {"label", "help", "example", "parameter", "money", "identity", "unset", "provisions", "needs", "variant",
             "after_adoption", "data_only"}


def leaf_fields(schema: dict, prefix: str = ""):
    for key, rule in schema.items():
        inner = rule.get("schema")
        if rule.get("type") == "dict" and isinstance(inner, dict):
            yield from leaf_fields(inner, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", rule


def template_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))


def roles_text(model) -> str:
    return (model.folder / "model.yaml").read_text()


@pytest.fixture(scope="module", params=MODEL_FOLDERS, ids=lambda p: p.name)
def model(request):
    """Every model folder under templates/, in turn (this module's checks hold for each)."""
    return load_model(request.param)


def test_every_shipped_model_is_checked():
    assert len(MODEL_FOLDERS) >= 2 and ROOT / "templates" / "ordinance" in MODEL_FOLDERS


def test_every_template_variable_is_declared(model):
    declared = set(model.schema) | set(DERIVED)
    for name, path in model.templates.items():
        assert template_variables(path) <= declared, f"{name} uses undeclared {template_variables(path) - declared}"


def test_every_schema_field_is_used(model):
    used = "".join(template_text(p) for p in model.templates.values()) + roles_text(model)
    unused = [f for f, _ in leaf_fields(model.schema)
              if f not in used and not f.startswith(model.roles["amendments"] + ".")]
    assert unused == [], f"schema fields no template or rule uses: {unused}"


def test_every_field_is_documented(model):
    for field, rule in leaf_fields(model.schema):
        meta = rule.get("meta", {})
        assert meta.get("label"), f"{field} has no label"
        assert set(meta) <= META_KEYS, f"{field} has unknown meta keys {set(meta) - META_KEYS}"


def test_parameters_come_from_the_schema():
    model = load_model(ROOT / "templates" / "ordinance")
    labels = {".".join(p.path): p.label for p in model.parameters}
    assert labels["policy.penalty_cap"] == "Civil penalty cap ($ per violation)"
    assert len(labels) == 14


def test_provision_bookmarks_in_model_order(model):
    text = template_text(model.templates["ordinance"])
    found = re.findall(r'w:name="prov_([a-z_]+)"', text)
    assert found == [p.id for p in model.provisions]


def test_committed_templates_match_their_sources(model):
    for source in sorted((model.folder / "source").glob("*.txt")):
        built = make_templates.build(source)
        committed = (model.folder / f"{source.stem}.docx").read_bytes()
        with zipfile.ZipFile(io.BytesIO(built)) as a, zipfile.ZipFile(io.BytesIO(committed)) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml"), \
                f"{source.name} changed: run python tools/make_templates.py"
