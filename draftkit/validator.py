"""The validator jurisdiction files are checked with: cerberus with a strict `date` and `integer`, and one
validator per schema in each thread.

cerberus checks a whole schema (hashing it, then checking its rules) each time a validator takes one, and
its normalization pass copies and re-checks the schema again on every document; so a schema is taken once
per thread (the model loader's check of the schema makes that thread's validator), and documents skip the
normalization pass when the schema has no rule that would change them.
"""
from __future__ import annotations

import re
import threading
from datetime import date, datetime
from typing import Any

import cerberus


class Validator(cerberus.Validator):
    """Cerberus with a strict `date` type and no booleans as integers; `regex` must match the whole text."""

    types_mapping = {**cerberus.Validator.types_mapping,
                     "date": cerberus.TypeDefinition("date", (date,), (datetime,)),
                     "integer": cerberus.TypeDefinition("integer", (int,), (bool,))}  # true is not a number

    def _validate_regex(self, pattern, field, value):
        """{'type': 'string'}"""
        if isinstance(value, str) and not re.fullmatch(pattern, value):  # cerberus's `$` allows a final newline
            self._error(field, cerberus.errors.REGEX_MISMATCH)


# Rules with which cerberus changes a document before checking it (its normalization).
NORMALIZING = frozenset({"default", "default_setter", "coerce", "rename", "rename_handler", "purge_unknown",
                         "purge_readonly", "readonly", "normalize"})
_HELD = threading.local()  # each thread's validators (cerberus's are not safe to share), by schema


def validator_for(schema: dict) -> tuple[Validator, bool]:
    """This thread's validator for a schema (made on first use, which checks the schema and raises
    cerberus.SchemaError, TypeError or ValueError if cerberus cannot use it), and whether documents need
    cerberus's normalization pass."""
    held = getattr(_HELD, "validators", None)
    if held is None:
        held = _HELD.validators = {}
    found = held.get(id(schema))
    if found is None or found[0] is not schema:
        if len(held) >= 8:
            held.clear()
        found = held[id(schema)] = (schema, Validator(schema), _normalizes(schema))
    return found[1], found[2]


def _normalizes(rules: Any) -> bool:
    """Whether any rule in a schema changes documents (a field named like such a rule counts too: it only
    keeps the pass)."""
    if isinstance(rules, dict):
        return any(key in NORMALIZING or _normalizes(value) for key, value in rules.items())
    if isinstance(rules, (list, tuple)):
        return any(_normalizes(value) for value in rules)
    return False
