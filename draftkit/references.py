"""References between sections in amendment text: `[[provision id]]` reads as that section's number in the draft.

A clerk writes "as provided in Section [[appeal]]" and the draft reads "as provided in Section 2.70.090",
whatever sections are added or switched off before it. References are resolved once, when the
jurisdiction is validated, so the ordinance, the staff report and the comparison all read the same number.
Section numbers of the chapter typed into amendment text would not follow renumbering and are refused.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any

from .errors import Problem
from .model import Model, get
from .yamlsource import Path_, Source

REFERENCE = re.compile(r"\[\[([^\[\]\n]{0,80})\]\]")  # [[appeal]]; a bounded, unambiguous pattern
OPENING = "[["
EXAMPLE = "[[enforcement]]"


def amendment_items(data: dict, model: Model) -> list[tuple[int, dict]]:
    """The amendments that are groups of fields, with their index."""
    field = model.roles.get("amendments")
    items = data.get(field) if field else None
    return [(i, item) for i, item in enumerate(items if isinstance(items, list) else []) if isinstance(item, dict)]


def well_formed(data: dict, model: Model) -> bool:
    """Whether every amendment names a provision of the model, an action and a text (none for a fold), so a
    plan can be made."""
    field = model.roles.get("amendments")
    items = data.get(field) if field else None
    if items is None:
        return True
    return isinstance(items, list) and all(
        isinstance(a, dict) and isinstance(a.get("action"), str)
        and (a["action"] == "fold" or isinstance(a.get("text"), str))
        and (a["action"] != "add_after" or isinstance(a.get("title"), str))
        and model.provision(a.get("provision") if isinstance(a.get("provision"), str) else "") is not None
        for a in items)


def numbers(data: dict, model: Model) -> dict[str, str]:
    """Each model provision in this draft with its section number (after renumbering)."""
    from .context import plan_sections  # the plan is the one source of section numbers
    from .jurisdiction import Jurisdiction

    plan = plan_sections(Jurisdiction(model.folder, "draft", data), model)
    return {s.key: s.number for s in plan.sections if s.number and not s.added}


def resolve(text: str, found: dict[str, str]) -> str:
    """`text` with each [[id]] replaced by that section's number (an unknown id is left as written)."""
    return REFERENCE.sub(lambda m: found.get(m[1].strip(), m[0]), text)


def resolved(data: dict, model: Model) -> dict:
    """The data with every reference in amendment titles and texts replaced by its section number."""
    if not model.roles.get("amendments") or not well_formed(data, model) or not any(OPENING in str(a.get(k)) for _, a in amendment_items(data, model)
                                               for k in ("title", "text")):
        return data
    found = numbers(data, model)
    field = model.roles["amendments"]
    items = [{k: resolve(v, found) if k in ("title", "text") and isinstance(v, str) else v for k, v in a.items()}
             for a in data[field]]
    return {**data, field: items}


def _reference_problem(key: str, model: Model, data: dict, found: dict[str, str]) -> str | None:
    """What is wrong with a reference to `key`, or None if it names a section of this draft."""
    if key in found:
        return None
    provision = model.provision(key)
    if provision is None:
        ids = [p.id for p in model.provisions if p.numbered]
        close = difflib.get_close_matches(key, ids, n=1, cutoff=0.5)
        hint = f"did you mean [[{close[0]}]]?" if close else f"expected one of: {', '.join(ids)}"
        return f"[[{key}]] names no provision of the model; {hint}"
    if not provision.numbered:
        return f"[[{key}]] names a part of the ordinance that has no section number"
    return f"[[{key}]] names a section this draft leaves out ({provision.when} is not true)"


def _typed_numbers(text: str, chapter: Any, found: dict[str, str]) -> list[str]:
    """Messages for the chapter's section numbers typed out in `text` (they would not follow renumbering)."""
    if not isinstance(chapter, str) or not chapter:
        return []
    by_number: dict[str, str] = {}
    for key, number in found.items():  # a folded provision shares its number with the section holding it
        by_number.setdefault(number, key)
    out = []
    for match in re.finditer(rf"(?<![\w.]){re.escape(chapter)}\.\d{{3,}}\b", text):  # as plan numbers them
        key = by_number.get(match[0])
        hint = (f"write [[{key}]] (now {match[0]}) so that it follows renumbering" if key else
                f"no section of this draft is numbered {match[0]}; refer to a section as [[provision id]]")
        out.append(f"the section number {match[0]} is typed out; {hint}")
    return out


def reference_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """References that name no section of this draft, and section numbers typed out instead of references."""
    if not model.roles.get("amendments") or not well_formed(data, model):
        return []  # no amendments in this model; or the schema and the amendment rules say what is wrong first
    found = numbers(data, model)
    chapter = get(data, model.role("numbering", "chapter"))
    field = model.roles.get("amendments")
    problems = []
    for i, item in amendment_items(data, model):
        for part in ("title", "text"):
            text = item.get(part)
            if not isinstance(text, str):
                continue
            path: Path_ = (field, i, part)
            messages = [_reference_problem(m[1].strip(), model, data, found) for m in REFERENCE.finditer(text)]
            if text.count(OPENING) > len(REFERENCE.findall(text)):
                messages.append(f"write a reference to another section as [[provision id]], e.g. {EXAMPLE}")
            messages += _typed_numbers(text, chapter, found)
            problems += [source.problem(path, m) for m in messages if m]
    return problems


def with_references_resolved(j: Any, model: Model) -> Any:
    """A validated Jurisdiction whose amendment texts read section numbers instead of references."""
    data = resolved(j.data, model)
    return j if data is j.data else replace(j, data=data)
