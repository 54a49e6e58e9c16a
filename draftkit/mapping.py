"""A user's mapping file: which model provision parts of an adopted text carry out, where the automatic
assignment (`assign`) should be fixed or confirmed.

It sits beside the input and is named after it: `berkeley.mapping.yaml` for `berkeley.pdf` (or `.docx`,
`.html`, `.txt`). Each key names a part of the adopted text, each value a provision of the model (its id in
model.yaml) or `added` (it carries out none):

    "13.105.030": contracts        # every paragraph of section 13.105.030 ...
    "13.105.030 C": waiver         # ... except its paragraph lettered C (or "(c)") and those that follow it
    "13.105.080": added            # a section of the city's own

A part is a section number as the text prints it, optionally followed by a subsection label; `preamble`
names what comes before the first section. Problems are reported with their line and column.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import yamlsource
from .document import PREAMBLE, DocumentText, Paragraph, Section
from .errors import InvalidInput, Problem

SUFFIX = ".mapping.yaml"
ADDED = "added"
LABEL = re.compile(r"^\(?([A-Za-z]{1,2}|\d{1,3}|[ivxlcdm]{1,6})[.)]\s")


def mapping_path(document: Path) -> Path:
    """Where the mapping file of an input document is looked for."""
    return document.with_name(document.stem + SUFFIX)


def _label(text: str) -> str | None:
    found = LABEL.match(text.strip())
    return found[1].casefold() if found else None


def _parts(section: Section) -> dict[str, list[Paragraph]]:
    """A section's body by subsection label: each labelled paragraph with the unlabelled ones after it."""
    out: dict[str, list[Paragraph]] = {}
    current: str | None = None
    for p in section.body:
        current = _label(p.text) or current
        if current is not None:
            out.setdefault(current, []).append(p)
    return out


def _locate(part: str, document: DocumentText) -> list[Paragraph] | str:
    """The paragraphs a part names, or what is wrong with it."""
    name = " ".join(part.split())
    if name.casefold() == "preamble":
        return [p for s in document.sections if s.key == PREAMBLE for p in s.body]
    number, _, label = name.partition(" ")
    sections = [s for s in document.sections if s.number and s.number == number]
    if not sections:
        numbers = ", ".join(s.number for s in document.sections if s.number) or "none: the text has no numbered section"
        return f"no section {number} in the text; its sections are {numbers} (or `preamble`)"
    if not label:
        return [p for s in sections for p in s.body]
    wanted = label.strip("().").casefold()
    found = [p for s in sections for p in _parts(s).get(wanted, [])]
    if not found:
        labels = ", ".join(sorted({k for s in sections for k in _parts(s)})) or "none"
        return f"section {number} has no subsection {label}; its subsection labels are {labels}"
    return found


def load_mapping(path: Path, document: DocumentText, provisions: tuple[str, ...]) -> dict[int, str | None]:
    """Paragraph index -> provision key (None for `added`), from a mapping file; every problem reported
    with its line and column."""
    source = yamlsource.load(path)
    problems: list[Problem] = []
    whole: dict[int, str | None] = {}
    parts: dict[int, str | None] = {}
    for part, value in source.data.items():
        if not isinstance(value, str) or (value != ADDED and value not in provisions):
            problems.append(source.problem((part,), f"{yamlsource.clip(value)!s} is not a provision of the model; "
                                           f"expected one of {', '.join(provisions)}, or `{ADDED}`"))
            continue
        found = _locate(str(part), document)
        if isinstance(found, str):
            problems.append(source.problem((part,), found, key=True))
            continue
        target = whole if " " not in " ".join(str(part).split()) else parts
        target.update({p.index: None if value == ADDED else value for p in found})
    if problems:
        raise InvalidInput(problems)
    return {**whole, **parts}


def mapping_for(document_path: Path, document: DocumentText, model_text: DocumentText) -> dict[int, str | None]:
    """The user's assignments for an input document, from its mapping file when there is one."""
    path = mapping_path(document_path)
    if not path.is_file():
        return {}
    keys = tuple(s.key for s in model_text.sections if s.key and s.key != PREAMBLE)
    return load_mapping(path, document, keys)

