"""The YAML files of an imported model: model.yaml (provisions and the roles the engine needs), schema.yaml (a
field per blank, plus the few facts every model has: the jurisdiction's names, the ordinance's status, the
staff report's date and author, local amendments) and values.yaml (the model's own values: its blanks)."""
from __future__ import annotations

import json
import re
from typing import Any

from .guess import FURNITURE, GROUP, PREAMBLE, Blank, Reading

KIND_WORDS = {"text": ("text", "texts"), "choice": ("choice", "choices"), "date": ("date", "dates"),
              "amount": ("amount", "amounts"), "number": ("number", "numbers")}
MAX_AMOUNT = 1_000_000_000
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"}


def scalar(value: Any) -> str:
    """A YAML scalar: a name as it is, other text quoted (JSON's double quotes are YAML's), so nothing is read
    as a date, a number or true/false."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    if PLAIN.fullmatch(str(value)) and str(value).lower() not in YAML_WORDS:
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def model_yaml(reading: Reading, source_name: str) -> str:
    lines = [f"# {reading.name}: imported by `draft model init` from {source_name}.",
             "# IMPORT.md lists what was guessed. Provision ids name the bookmarks prov_<id> on the headings of",
             "# ordinance.docx: rename one in both places. `numbered: false` marks a part with no section number;",
             "# `part: act` sections are numbered 1, 2, 3..., `part: code` ones (the chapter the ordinance adds, after",
             "# the section with `adds_code: true`) from the chapter: <chapter>.010, .020...",
             "",
             f"name: {scalar(reading.name)}",
             'version: "1"',
             "",
             "templates:",
             "  ordinance: ordinance.docx",
             "  staff_report: staff_report.docx",
             "schema: schema.yaml",
             "values: values.yaml        # the model's own values: its blanks as the model writes them",
             "",
             "provisions:"]
    for found in reading.provisions:
        entry = {"id": found.id, "label": found.label, "part": found.part}
        if found.adds_code:
            entry["adds_code"] = True
        if not found.number:
            entry["numbered"] = False
        lines.append(f"  - {scalar(entry)}")
    if reading.chapter:
        lines += ["", "# The chapter's sections are numbered from this field: <chapter>.<n * step, three digits>.",
                  "numbering:", f"  chapter: {reading.chapter}", f"  step: {reading.numbering.step}"]
    lines += ["",
              "# The fields that play a part in adopting the ordinance (its status and dates, checked together).",
              "adoption:",
              "  status: ordinance.status",
              "  introduced: ordinance.introduced",
              "  adopted: ordinance.adopted",
              "  number: ordinance.number",
              "  report_date: staff_report.date",
              "  requires:",
              "    introduced: [introduced]",
              "    adopted: [introduced, adopted]",
              "",
              "# Free-text local amendments of sections.",
              "amendments: amendments",
              "",
              "# Tracked changes in redlines are attributed to this person on this date.",
              "revision:",
              "  author: staff_report.author",
              "  date: staff_report.date",
              "",
              "# The jurisdiction's names, in comparison tables and document properties.",
              "display:",
              "  name: jurisdiction.name",
              "  full_name: jurisdiction.full_name",
              ""]
    return "\n".join(lines)


def _where(blank: Blank, reading: Reading) -> str:
    return "; ".join(reading.label(w) for w in blank.used_in)


LATER = re.compile(r"\b(effective|operative|due|deadline|expir\w*|sunset|review|report|until|begin\w*|start\w*)\b",
                   re.IGNORECASE)


def blank_rule(blank: Blank, reading: Reading) -> dict:
    """The schema rule of one blank: its type from how it reads, its words as label and example."""
    help_text = f"The model's blank [{blank.text}], in: {_where(blank, reading)}."
    meta: dict[str, Any] = {"label": blank.text, "example": f"[{blank.text}]"}
    if blank.kind == "choice":
        rule: dict[str, Any] = {"type": "string", "required": True, "allowed": list(blank.options)}
        meta["variant"] = True
    elif blank.kind == "date":
        rule = {"type": "date", "required": True}
        help_text += " A date, written YYYY-MM-DD."
        if LATER.search(blank.text):  # a date the ordinance sets for later may come after its adoption
            meta["after_adoption"] = True
    elif blank.kind in ("amount", "number"):
        rule = {"type": "integer", "required": True, "min": 0, "max": MAX_AMOUNT}
        help_text += " A whole number" + (" of dollars." if blank.kind == "amount" else ".")
        meta.update(parameter=True, provisions=[w for w in blank.used_in if w not in (PREAMBLE, FURNITURE)])
        if blank.kind == "amount":
            meta["money"] = True
    else:
        rule = {"type": "string", "required": True, "maxlength": 200}
    meta["help"] = help_text
    return {**rule, "meta": meta}


FIXED_SCHEMA = """\
jurisdiction:
  type: dict
  required: true
  meta: {label: Jurisdiction, identity: true, help: Who is adopting the ordinance.}
  schema:
    name:
      type: string
      required: true
      maxlength: 80
      meta: {label: Short name, help: 'The name used in running text, e.g. "Richmond" or "Alameda County".', example: Richmond}
    full_name:
      type: string
      required: true
      maxlength: 120
      meta: {label: Formal name, help: 'The formal name, e.g. "City of Richmond" or "County of Alameda".', example: City of Richmond}

"""

ADOPTION_SCHEMA = """\
ordinance:
  type: dict
  required: true
  meta: {label: Ordinance, identity: true, help: The ordinance's number and its path through the governing body.}
  schema:
    number:
      type: string
      required: true
      maxlength: 40
      meta: {label: Ordinance number, help: 'In the local form. Write "[number]" until the clerk assigns one.', example: 2026-01}
    status:
      type: string
      required: true
      allowed: [proposed, introduced, adopted]
      meta: {label: Status, help: '"proposed" (not yet read), "introduced" (first reading held) or "adopted".', example: proposed}
    introduced:
      type: date
      nullable: true
      meta: {label: First reading, help: The date of introduction and first reading. Required once introduced., example: 2026-05-12}
    adopted:
      type: date
      nullable: true
      meta: {label: Adopted, help: The date of final passage. Required once adopted., example: 2026-05-26}

staff_report:
  type: dict
  required: true
  meta: {label: Staff report, identity: true, help: The memo that accompanies the ordinance to the governing body.}
  schema:
    date:
      type: date
      required: true
      meta: {label: Report date, help: The date on the staff report; also the date of the tracked changes in the redline., example: 2026-05-05}
    author:
      type: string
      required: true
      maxlength: 80
      meta: {label: Author, help: The person who signs the report; also the author of the tracked changes in the redline., example: Jane Doe}

amendments:
  type: list
  nullable: true
  maxlength: 200
  meta: {label: Local amendments, help: 'Free-text changes to sections of the model. Each item names a section by its provision id (see model.yaml) and either replaces its text, appends text to it, or adds a new section after it.'}
  schema:
    type: dict
    schema:
      provision: {type: string, required: true, meta: {label: Provision, help: The provision id from model.yaml.}}
      action: {type: string, required: true, allowed: [replace, append, add_after], meta: {label: Action, help: '"replace" the section''s text, "append" text to it, or "add_after" it a new section.'}}
      title: {type: string, maxlength: 200, meta: {label: Title, help: 'The new section''s title (add_after only), or a new title for the section.'}}
      text: {type: string, required: true, minlength: 1, maxlength: 20000, meta: {label: Text, help: The text; a blank line starts a new paragraph.}}
"""


def schema_yaml(reading: Reading) -> str:
    head = [f"# Fields of a jurisdiction file for {reading.name} (imported by `draft model init`).",
            f"# `{GROUP}` holds one field per bracketed blank of the model: its label is the blank's words, its type",
            "# a guess from them (see IMPORT.md). Rename a field here and in the templates together.",
            "# Types: string, integer, boolean, date (written 2019-05-21), list, dict.", "", FIXED_SCHEMA.rstrip(), ""]
    body = [f"{GROUP}:", "  type: dict", "  required: true",
            f"  meta: {scalar({'label': 'Blanks of the model', 'identity': True, 'help': 'What the model leaves blank for each jurisdiction to fill.'})}",
            "  schema:"]
    for blank in reading.blanks:
        rule = blank_rule(blank, reading)
        body.append(f"    {blank.name}:")
        body += [f"      {k}: {scalar(v)}" for k, v in rule.items()]
    if not reading.blanks:
        body = []
    return "\n".join(head + body + ["", ADOPTION_SCHEMA])


def values_yaml(reading: Reading) -> str:
    lines = [f"# The model's own values: rendering the templates with these gives {reading.name} as written.",
             "jurisdiction:", '  name: "[Jurisdiction]"', '  full_name: "[Jurisdiction]"']
    if reading.blanks:
        lines.append(f"{GROUP}:")
    for blank in reading.blanks:  # each blank's own words stand for it, whatever its type
        lines.append(f"  {blank.name}: {scalar('[' + blank.text + ']')}")
    lines += ["ordinance:", '  number: "[number]"', "  status: proposed", "  introduced: null", "  adopted: null",
              "staff_report:", '  date: "[date]"', '  author: "[Author]"', "amendments: []", ""]
    return "\n".join(lines)
