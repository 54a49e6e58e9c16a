"""The validator files are checked with: one per schema in each thread, cerberus's normalization pass kept
only for a schema with rules that change documents, and a schema cerberus cannot use refused when taken."""
from __future__ import annotations

import cerberus
import pytest

from draftkit.validator import _normalizes, validator_for


def test_a_schema_with_rules_that_change_documents_keeps_cerberus_normalization():
    plain = {"a": {"type": "dict", "schema": {"b": {"type": "integer"}}}}
    defaulted = {"a": {"type": "dict", "schema": {"b": {"type": "integer", "default": 3}}}}
    assert not _normalizes(plain) and _normalizes(defaulted)
    assert validator_for(defaulted)[1] is True and validator_for(plain)[1] is False
    validator, normalize = validator_for(defaulted)
    assert validator.validate({"a": {}}, normalize=normalize) and validator.document == {"a": {"b": 3}}


def test_a_schema_cerberus_cannot_use_is_refused_and_not_kept():
    broken = {"a": {"type": "no such type"}}
    with pytest.raises(cerberus.SchemaError):
        validator_for(broken)
    with pytest.raises(cerberus.SchemaError):  # refused again: nothing half-made was kept
        validator_for(broken)


def test_the_model_loader_makes_the_validator_files_are_checked_with(model, monkeypatch):
    """In a thread of its own (its own validators), loading the model and then checking a file takes the
    schema once: the loader's check of the schema made the validator the file is checked with."""
    import threading

    from conftest import SAMPLES

    from draftkit.jurisdiction import load_jurisdiction
    from draftkit.model import load_model

    made = []
    base = cerberus.validator.BareValidator  # every cerberus validator, ours or not, is made through it
    original = base.__init__
    monkeypatch.setattr(base, "__init__",
                        lambda self, *a, **k: (made.append(not k.get("is_child") and (a[:1] or [k.get("schema")])[0]
                                                           is not None), original(self, *a, **k))[1])
    found = []

    def check():
        fresh = load_model(model.folder)
        load_jurisdiction(SAMPLES[0], fresh)
        found.append(validator_for(fresh.schema)[0])

    worker = threading.Thread(target=check)
    worker.start()
    worker.join()
    # one validator took the schema (cerberus's own schema-checking validators take none; child validators,
    # for nested fields, take their part of the checked schema)
    assert made.count(True) == 1
    assert isinstance(found[0], cerberus.Validator)
