"""changes.json is laid out exactly as json.dumps(indent=2) lays it out, by a writer that does not use the
standard library's pure-Python indenting encoder."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.changelist import pretty_json

leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                   st.text())
keys = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                      st.dictionaries(keys, inner, max_size=4)), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values)
def test_any_value_is_written_as_json_dumps_writes_it(value):
    assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_change_list_reads_back(samples, model, canonical):
    from draftkit.packet import build_packet

    j = samples["oakland"]
    data = build_packet(j, model, canonical).files["changes.json"].decode()
    parsed = json.loads(data)
    assert data == json.dumps(parsed, ensure_ascii=False, indent=2) + "\n"
    assert parsed["changed_sections"] and parsed["changed_sections"][0]["paragraphs"]
