"""The change list as data for people and tools: changes.json and the staff report's departures."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .changes import Comparison, SectionChange
from .document import PREAMBLE
from .ooxml.inventory import INCOMPLETE
from .words import count_words

if TYPE_CHECKING:  # a Model, or what stands for one (pair.ModelNames: name, version, provision labels)
    from .model import Model

OPENING = "Opening (title and enacting clause)"


@dataclass(frozen=True)
class Departure:
    """One changed provision as the staff report shows it (template fields: section, title, kind...)."""

    section: str
    title: str
    kind: str
    summary: str
    model: str
    draft: str


def section_title(change: SectionChange, model: Model) -> str:
    if change.key == PREAMBLE:
        return OPENING
    if change.title:
        return change.title
    provision = model.provision(change.key)  # asked only here: a pair's model is loaded only for this
    return provision.label if provision else change.key


def words(n: int) -> str:
    return f"{n:,} word" + ("" if n == 1 else "s")


def holders(comparison: Comparison) -> dict[str, SectionChange]:
    """Each folded provision's key -> the section of the draft that now holds its text."""
    by_key = {s.key: s for s in comparison.sections if not s.moved_from}
    return {s.key: by_key[s.folded_into] for s in comparison.sections if s.folded_into in by_key}


def where(holder: SectionChange) -> str:
    """How a summary names a section of the draft: "Sec. 13.105.030", or its title when it has no number."""
    return f"Sec. {holder.new_number}" if holder.new_number else f"“{holder.title}”"


def summary(change: SectionChange, holder: SectionChange | None = None) -> str:
    if holder is not None:  # its heading (the first paragraph, deleted) is the fold; other changes are said too
        heading = count_words(change.paragraphs[0].old_text) if change.paragraphs else 0
        inserted, deleted = change.words_inserted, max(change.words_deleted - heading, 0)
        also = f"; {words(inserted)} inserted, {deleted:,} deleted" if inserted or deleted else ""
        return f"no longer a section of its own; its text continues {where(holder)}{also}"
    if change.kind == "dropped":
        return f"{words(change.model_words)} of the model left out"
    if change.kind == "added":
        return f"{words(change.words_inserted)} added"
    moved = "moved; " if change.kind == "moved" else ""
    return f"{moved}{words(change.words_inserted)} inserted, {change.words_deleted:,} deleted"


def _changed_text(change: SectionChange, side: str) -> str:
    """The section's changed paragraphs on one side (unchanged paragraphs left out)."""
    texts = [p.old_text if side == "old" else p.new_text for p in change.paragraphs
             if p.kind != "equal" and p.kind != ("inserted" if side == "old" else "deleted")]
    return "\n".join(t for t in texts if t.strip())


def departures(comparison: Comparison, model: Model) -> list[Departure]:
    """The staff report's list: each changed provision, what the model says and what the draft says (a folded
    provision under the number of the section holding it)."""
    held = holders(comparison)
    return [Departure((held[c.key].new_number if c.key in held else c.new_number) or c.old_number or "",
                      section_title(c, model), c.kind, summary(c, held.get(c.key)), _changed_text(c, "old"),
                      _changed_text(c, "new") or (f"(no heading of its own: its text follows in {where(held[c.key])})"
                                                  if c.key in held else "")) for c in comparison.changed]


def to_json(comparison: Comparison, model: Model, *, jurisdiction: str, against: str,
            notes: tuple[str, ...] = (), not_compared: dict[str, int] | None = None,
            inputs: dict[str, str] | None = None) -> str:
    """changes.json: every changed provision with its texts, counts and word-level changes; every section's
    kind and counts (what `draft compare` reads back); the SHA-256 of the inputs it was made from."""
    sections = []
    held = holders(comparison)
    for change in comparison.changed:
        sections.append({
            "provision": change.key,
            "title": section_title(change, model),
            "kind": change.kind,
            "summary": summary(change, held.get(change.key)),
            "folded_into": change.folded_into,
            "old_number": change.old_number,
            "new_number": change.new_number,
            "words_inserted": change.words_inserted,
            "words_deleted": change.words_deleted,
            "model_words": change.model_words,
            "retained_words": change.retained_words,
            "old_text": change.old_text,
            "new_text": change.new_text,
            "paragraphs": [{"kind": p.kind, "spans": [[s.op, s.text] for s in p.spans]}
                           for p in change.paragraphs if p.kind != "equal"],
        })
    model_words = sum(s.model_words for s in comparison.sections if not s.moved_from)
    retained = sum(s.retained_words for s in comparison.sections if not s.moved_from)
    document = {"model": model.name, "model_version": model.version, "jurisdiction": jurisdiction,
                "against": against, "notes": list(notes), "not_compared": dict(not_compared or {}),
                "text_complete": not any(name in INCOMPLETE for name in not_compared or {}),
                "model_words": model_words,
                "retained_words": retained, "changed_sections": sections, "inputs": inputs,
                "sections": [{"provision": s.key, "title": s.title, "kind": s.kind, "model_words": s.model_words,
                              "retained_words": s.retained_words}
                             for s in comparison.sections if not s.moved_from]}
    return pretty_json(document) + "\n"


def pretty_json(value) -> str:
    """`value` exactly as json.dumps(value, ensure_ascii=False, indent=2) writes it, without the pure-Python
    encoder that json uses whenever it indents (a change list holds thousands of small lists)."""
    out: list[str] = []
    _lay_out(value, "\n", out)
    return "".join(out)


def _lay_out(value, newline: str, out: list[str]) -> None:
    """Append `value`'s JSON to `out`; `newline` is a line break followed by the current indent."""
    if isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, dict) and value:
        inner = newline + "  "
        out.append("{")
        for n, (key, item) in enumerate(value.items()):
            out.append((inner if n == 0 else "," + inner) + _key(key) + ": ")
            _lay_out(item, inner, out)
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)) and value:
        inner = newline + "  "
        if all(type(item) is str for item in value):  # a span's [kind, text], a list of notes: no nesting
            out.append("[" + inner + ("," + inner).join(map(_string, value)) + newline + "]")
            return
        out.append("[")
        for n, item in enumerate(value):
            out.append(inner if n == 0 else "," + inner)
            _lay_out(item, inner, out)
        out.append(newline + "]")
    else:  # numbers, true, false, null, {} and []: as the C encoder writes them
        out.append(_plain(value))


_string = json.encoder.encode_basestring
_plain = json.JSONEncoder(ensure_ascii=False).encode


def _key(key) -> str:
    """A key as json writes it: strings quoted, numbers, true, false and null as text, then quoted."""
    return _string(key if isinstance(key, str) else json.dumps(key))
