"""A jurisdiction's data written as YAML in the commented form `draft new` writes: every field in schema order
under its label and help (scaffold's comments), one blank line between the groups, text in double quotes,
dates bare (YYYY-MM-DD), lists of names inline, local amendments as a block list with their text as a
literal block. A form left as `draft new` filled it is written byte for byte as `draft new` writes it.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..jurisdiction import Jurisdiction
from ..model import Model
from ..scaffold import _comment, model_line, scaffold
from .form import RawText

# Characters a YAML stream may not hold as they are, and line breaks YAML would fold inside quotes: escaped.
UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]")


def head_for(name: str, model: Model, canonical: Jurisdiction) -> list[str]:
    """The opening comment `draft new` writes for a jurisdiction of this formal name."""
    return scaffold(name, model, canonical).split("\n\n", 1)[0].split("\n")


def head_of(text: str) -> list[str]:
    """A file's own opening comment: its comment lines before the first blank line (none if a field comes first)."""
    head: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            return head
        if not line.startswith("#"):
            return []
        head.append(line)
    return []


def clean_head(text: str) -> list[str]:
    """An opening comment as the form sent it back: comment lines only, each short of any control character."""
    lines = [UNPRINTABLE.sub("", line).replace("\r", "") for line in text.replace("\r\n", "\n").split("\n")]
    return [line if line.startswith("#") else f"# {line}".rstrip() for line in lines if line.strip()][:200]


def quoted(text: str) -> str:
    """Text as a YAML double-quoted scalar that reads back as exactly this text."""
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                           else f"\\U{ord(m.group()):08x}", json.dumps(text, ensure_ascii=False))


def scalar(value: Any) -> str:
    """One value on the line of its key."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)) or isinstance(value, RawText):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return quoted(str(value))


def _block(text: str, indent: str) -> list[str] | None:
    """Multi-line text as a literal block (`|`, `|-` or `|+` by its final line breaks), when it reads back exact."""
    body = text.rstrip("\n")
    lines = body.split("\n")
    if len(lines) < 2 or not lines[0] or UNPRINTABLE.search(text) or any(c in text for c in "\r\t") \
            or any(line != line.strip() for line in lines):
        return None  # a first line that is blank or indented, or spaces at an end, would not read back as they are
    ends = len(text) - len(body)
    mark = "|-" if ends == 0 else "|" if ends == 1 else "|+"
    return [mark] + [f"{indent}{line}" if line else "" for line in lines] + [""] * (ends - 1)


def _value_lines(key: str, value: Any, rule: dict, indent: str) -> list[str]:
    inner = rule.get("schema") or {}
    if rule.get("type") == "dict" and isinstance(inner, dict) and inner and isinstance(value, dict) and value:
        return [f"{indent}{key}:"] + _lines(inner, value, indent + "  ", comments=True)
    if rule.get("type") == "dict" and inner and value is None:
        return [f"{indent}{key}: null   # fill in once known: " + ", ".join(inner)]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = [f"{indent}{key}:"]
        for item in value:
            lines = _lines(inner.get("schema") or {}, item, indent + "    ", comments=False)
            out += [f"{indent}  - {lines[0].lstrip()}"] + lines[1:] if lines else [f"{indent}  - {{}}"]
        return out
    if isinstance(value, str) and (block := _block(value, indent + "  ")):
        return [f"{indent}{key}: {block[0]}"] + block[1:]
    return [f"{indent}{key}: {scalar(value)}"]


def _lines(schema: dict, data: dict, indent: str, *, comments: bool) -> list[str]:
    out: list[str] = []
    for key, rule in schema.items():
        if key not in data:
            continue
        if comments:
            out += _comment(rule, indent)
        out += _value_lines(key, data[key], rule, indent)
        if not indent:
            out.append("")
    return out


def yaml_text(data: dict, model: Model, *, head: list[str], target: Path | None = None) -> str:
    """The text of a jurisdiction file holding `data` (to be saved at `target`), under the opening comment
    `head`; a file of a model other than the default names its model, as `draft new` writes it."""
    lines = head + [""] + model_line(model, target) + _lines(model.schema, data, "", comments=True)
    return "\n".join(lines).rstrip() + "\n"
