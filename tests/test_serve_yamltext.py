"""serve.yamltext: any text the form can hold is written so that the YAML reads it back exactly."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit import yamlsource
from draftkit.serve.yamltext import _block, quoted


def _read(line: str):
    return yamlsource.load(Path("t.yaml"), line).data["v"]


@settings(max_examples=300, derandomize=True)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_quoted_text_reads_back_exactly(text):
    assert _read(f"v: {quoted(text)}\n") == text


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.text("ab #:-|>\"'", max_size=8), min_size=2, max_size=5), st.integers(0, 3))
def test_a_literal_block_reads_back_exactly_or_is_not_used(lines, ends):
    text = "\n".join(lines) + "\n" * ends
    block = _block(text, "  ")
    if block is not None:
        assert _read("v: " + "\n".join(block) + "\nw: 1\n") == text


def test_paragraphs_become_a_literal_block():
    assert _block("One.\n\nTwo.\n", "  ") == ["|", "  One.", "", "  Two."]
    assert _block("One.\nTwo.", "  ") == ["|-", "  One.", "  Two."]
    assert _block(" indented\nfirst line", "  ") is None and _block("one line", "  ") is None
