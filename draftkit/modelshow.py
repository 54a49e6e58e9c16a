"""`draft model show`: a model ordinance as a clerk reads it, without building anything.

The model's own text (rendered with its own bracketed values, so every blank shows as "[...]", and every
optional provision switched on and marked as optional), its
provisions (which are sections of the code, which of the ordinance itself, which appear only when a
choice is made) and its fields (type, label, the model's value, the allowed values, what they fill).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .jurisdiction import Jurisdiction
from .model import Model

BLANK = re.compile(r"\[[^\[\]\n]{1,200}\]")
TYPE_WORDS = {"string": "text", "integer": "number", "boolean": "yes/no", "date": "date", "list": "list",
              "dict": "group"}
WIDTH = 100


def _fields(schema: dict, values: Any, prefix: tuple[str, ...] = ()):
    """(path, rule, the model's value) of every field, groups before their fields."""
    for key, rule in schema.items():
        path = prefix + (key,)
        value = values.get(key) if isinstance(values, dict) else None
        yield path, rule, value
        if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
            yield from _fields(rule["schema"], value, path)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) if value else "(none)"
    if isinstance(value, dict):
        return ""
    return "" if value is None else str(value)


def _rows(model: Model, canonical: Jurisdiction) -> list[dict[str, str]]:
    uses: dict[str, list[str]] = {}
    for p in model.parameters:
        uses[".".join(p.path)] = list(p.provisions)
    rows = []
    for path, rule, value in _fields(model.schema, canonical.data):
        meta = rule.get("meta") or {}
        dotted = ".".join(path)
        notes = []
        if rule.get("allowed"):
            notes.append("one of: " + ", ".join(map(str, rule["allowed"])))
        if meta.get("parameter"):
            notes.append("a policy choice" + (f" (fills {', '.join(uses.get(dotted) or [])})"
                                              if uses.get(dotted) else ""))
        if meta.get("help"):
            notes.append(str(meta["help"]))
        rows.append({"field": dotted, "depth": str(len(path) - 1), "type": TYPE_WORDS.get(rule.get("type"), ""),
                     "label": str(meta.get("label", "")), "value": _value(value),
                     "required": "required" if rule.get("required") else "", "notes": "; ".join(notes)})
    return rows


def _provisions(model: Model) -> list[dict[str, str]]:
    rows = []
    for p in model.provisions:
        part = "" if not p.numbered else ("the ordinance's own section" if p.part == "act" else "a section of the code")
        if p.adds_code:
            part += ", adding the code sections that follow"
        rows.append({"id": p.id, "label": p.label, "part": part or "unnumbered",
                     "when": f"only when {p.when} is true" if p.when else "always"})
    return rows


def _text(model: Model, canonical: Jurisdiction):
    """The model's own ordinance (its bracketed values), every optional provision switched on, as
    (heading or None, the field that switches it on or None, paragraphs) per section."""
    from dataclasses import replace

    from .build import render_ordinance
    from .context import _set

    data = canonical.data
    for p in model.provisions:
        if p.when:
            data = _set(data, tuple(p.when.split(".")), True)
    document = render_ordinance(replace(canonical, data=data), model).text
    switches = {p.id: p.when for p in model.provisions if p.when}
    return [(s.heading.text if s.heading else None, switches.get(s.key or ""), [p.text for p in s.body])
            for s in document.sections]


@dataclass(frozen=True)
class View:
    """What `draft model show` shows, read once for both the terminal and model.html."""

    model: Model
    text: list          # (heading or None, the switch or None, paragraphs) per section
    provisions: list[dict[str, str]]
    fields: list[dict[str, str]]


def view_of(model: Model) -> View:
    from .jurisdiction import load_canonical

    canonical = load_canonical(model)
    return View(model, _text(model, canonical), _provisions(model), _rows(model, canonical))


def model_text(view: View) -> str:
    """The model for the terminal: its text with blanks, its provisions and its fields."""
    import textwrap

    model = view.model
    lines = [f"{model.name}" + (f" (version {model.version})" if model.version else ""), f"folder: {model.folder}", ""]
    blanks = set()
    lines.append("THE MODEL'S TEXT (blanks in [brackets])")
    for heading, switch, body in view.text:
        if heading:
            lines += ["", heading + (f"   [optional: only when {switch} is true]" if switch else "")]
        for paragraph in body:
            blanks.update(BLANK.findall(paragraph))
            lines += textwrap.wrap(paragraph, WIDTH, initial_indent="  ", subsequent_indent="  ") or [""]
    lines += ["", f"PROVISIONS ({len(model.provisions)})"]
    for row in view.provisions:
        lines.append(f"  {row['id']:<24} {row['label']:<36} {row['part']}; {row['when']}")
    rows = view.fields
    lines += ["", f"FIELDS ({sum(1 for r in rows if r['type'] != 'group')}; the model's own value after '=')"]
    for row in rows:
        indent = "  " * (int(row["depth"]) + 1)
        value = f" = {row['value']}" if row["value"] else ""
        kind = f" ({row['type']}{', ' + row['required'] if row['required'] else ''})" if row["type"] != "group" else ""
        lines.append(f"{indent}{row['field'].split('.')[-1]}{kind}: {row['label']}{value}")
    lines += ["", f"{len(blanks)} distinct blank(s) in the text; model.html shows them marked."]
    return "\n".join(lines)


def _marked(text: str) -> str:
    """Paragraph text for HTML, each [blank] marked."""
    out, last = [], 0
    for found in BLANK.finditer(text):
        out += [html.escape(text[last:found.start()]), f'<mark class="blank">{html.escape(found.group())}</mark>']
        last = found.end()
    return "".join(out + [html.escape(text[last:])])


STYLE = """
body { font: 16px/1.5 Georgia, "Times New Roman", serif; margin: 2rem auto; max-width: 52rem; padding: 0 1rem;
       color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
mark.blank { background: #fff2b3; padding: 0 .15em; border-radius: 2px; }
table { border-collapse: collapse; width: 100%; font: 14px/1.4 system-ui, sans-serif; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.field { font-family: ui-monospace, monospace; white-space: nowrap; }
tr.group td { background: #fafafa; font-weight: 600; }
nav a { margin-right: 1rem; }
.optional { font: 13px system-ui, sans-serif; color: #5a4a00; background: #f4eed8; padding: 0 .4em; margin-left: .5em; }
"""


def model_html(view: View) -> str:
    """model.html: the model's text with its blanks marked, its provisions and its fields."""
    model = view.model
    title = html.escape(model.name)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{title}: the model</title><style>{STYLE}</style></head><body>",
             f"<h1>{title}</h1>",
             f"<p>Version {html.escape(model.version or 'not given')}. Blanks a jurisdiction fills in are "
             '<mark class="blank">[marked]</mark>.</p>',
             '<nav><a href="#text">Text</a><a href="#provisions">Provisions</a><a href="#fields">Fields</a></nav>',
             '<h2 id="text">The model\'s text</h2>']
    for heading, switch, body in view.text:
        if heading:
            optional = f' <span class="optional">optional: only when {html.escape(switch)} is true</span>' \
                if switch else ""
            parts.append(f"<h3>{_marked(heading)}{optional}</h3>")
        parts += [f"<p>{_marked(p)}</p>" for p in body if p.strip()]
    parts += ['<h2 id="provisions">Provisions</h2>', "<table><thead><tr><th>id</th><th>Provision</th>"
              "<th>Part</th><th>Appears</th></tr></thead><tbody>"]
    parts += [f'<tr><td class="field">{html.escape(r["id"])}</td><td>{html.escape(r["label"])}</td>'
              f'<td>{html.escape(r["part"])}</td><td>{html.escape(r["when"])}</td></tr>' for r in view.provisions]
    parts += ["</tbody></table>", '<h2 id="fields">Fields</h2>', "<table><thead><tr><th>Field</th><th>Type</th>"
              "<th>Label</th><th>The model's value</th><th>Notes</th></tr></thead><tbody>"]
    for r in view.fields:
        group = ' class="group"' if r["type"] == "group" else ""
        kind = r["type"] + (f", {r['required']}" if r["required"] else "")
        parts.append(f'<tr{group}><td class="field">{html.escape(r["field"])}</td><td>{html.escape(kind)}</td>'
                     f'<td>{html.escape(r["label"])}</td><td>{_marked(r["value"])}</td>'
                     f'<td>{html.escape(r["notes"])}</td></tr>')
    parts += ["</tbody></table>", "</body></html>"]
    return "\n".join(parts) + "\n"
