"""`draft new`: a jurisdiction file with every field present and explained, ready for a clerk to fill."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .jurisdiction import FILL_MARKER as FILL
from .jurisdiction import Jurisdiction
from .model import Model

WIDTH = 100


def _identity_guess(name: str, words: dict[str, str] | None = None) -> dict[str, str]:
    """Guesses from a formal name: "City of Oakland" -> Oakland, city; "Town of Windsor" -> Windsor, town;
    "County of Marin" -> Marin County, county. `words` maps each kind the model knows to the word a
    jurisdiction of that kind calls itself by (model.yaml's adoption kinds)."""
    words = words or {"city": "City", "town": "Town", "county": "County"}
    county = words.get("county")
    found = re.match(rf"^(?:{county} of\s+(?P<a>.+)|(?P<b>.+?)\s+{county})$", name.strip(), re.IGNORECASE) \
        if county else None
    if found:
        short = found["a"] or found["b"]
        return {"name": f"{short} {county}", "full_name": f"{county} of {short}", "kind": "county"}
    for kind, word in words.items():
        local = re.match(rf"^{re.escape(word)} of\s+(?P<a>.+)$", name.strip(), re.IGNORECASE)
        if local and kind != "county":
            return {"name": local["a"], "full_name": name.strip(), "kind": kind}
    return {"name": name.strip(), "full_name": name.strip(), "kind": "city"}


def _kind_words(model: Model) -> dict[str, str]:
    kinds = (model.roles.get("adoption") or {}).get("kinds") or {}
    return {k: v["word"] for k, v in kinds.items() if isinstance(v, dict) and v.get("word")}


def _put(guesses: dict, path: tuple[str, ...] | None, value: Any) -> None:
    """Set a guess at a field path the model names (nothing when the model names no such field)."""
    if not path:
        return
    for part in path[:-1]:
        guesses = guesses.setdefault(part, {})
    guesses[path[-1]] = value


def _guesses(name: str, model: Model) -> dict:
    """What `draft new` fills in for the clerk, at the fields model.yaml names for these roles: the names and
    kind from the formal name, and the state when the model serves only one."""
    identity = _identity_guess(name, _kind_words(model) or None)
    guesses: dict = {}
    _put(guesses, model.role("display", "name"), identity["name"])
    _put(guesses, model.role("display", "full_name"), identity["full_name"])
    if identity["kind"] in (_kind_words(model) or {identity["kind"]: ""}):
        _put(guesses, model.role("adoption", "kind") or model.role("display", "kind"), identity["kind"])
    states = (model.roles.get("adoption") or {}).get("states") or []
    if len(states) == 1:
        _put(guesses, model.role("adoption", "state"), states[0])
    return guesses


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _comment(rule: dict, indent: str) -> list[str]:
    meta = rule.get("meta", {})
    text = meta.get("label", "")
    if meta.get("help"):
        text += f": {meta['help']}" if text else meta["help"]
    if rule.get("allowed"):
        text += f" One of: {', '.join(map(str, rule['allowed']))}."
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(indent) + len(line) + len(word) + 3 > WIDTH and line:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [f"{indent}# {line}" for line in lines + ([line] if line else [])]


def _value_for(rule: dict, default: Any, guess: Any) -> Any:
    if guess is not None:
        return guess
    if rule.get("type") == "date":
        return f"{FILL}: a date, YYYY-MM-DD]" if rule.get("required") else None
    if isinstance(default, str) and default.startswith("["):
        return f"{FILL}: {rule.get('meta', {}).get('label', 'value')}]"
    if isinstance(default, list) and any(isinstance(d, str) and d.startswith("[") for d in default):
        return [f"{FILL}: name]"]
    return default


def _lines(schema: dict, defaults: dict, guesses: dict, indent: str = "") -> list[str]:
    out: list[str] = []
    for key, rule in schema.items():
        out += _comment(rule, indent)
        default = defaults.get(key) if isinstance(defaults, dict) else None
        if rule.get("type") == "dict" and "schema" in rule and (default or rule.get("required")):
            out.append(f"{indent}{key}:")
            out += _lines(rule["schema"], default or {}, guesses.get(key, {}), indent + "  ")
        elif rule.get("type") == "dict" and "schema" in rule:
            out.append(f"{indent}{key}: null   # fill in once known: " + ", ".join(rule["schema"]))
        else:
            out.append(f"{indent}{key}: {_scalar(_value_for(rule, default, guesses.get(key)))}")
        if not indent:
            out.append("")
    return out


def model_line(model: Model, target: Path | None) -> list[str]:
    """The `model:` line of a file drafted from a model other than the default: the shipped model's name,
    or its folder relative to where the file is written."""
    from .models import default_folder, same, shipped

    if same(model.folder, default_folder()):
        return []
    name = next((n for n, folder in shipped().items() if same(folder, model.folder)), None)
    if name is None:
        base = Path(os.path.abspath(target.parent if target is not None else "."))
        try:
            name = Path(os.path.relpath(os.path.abspath(model.folder), base)).as_posix()
        except ValueError:  # another drive on Windows
            name = Path(os.path.abspath(model.folder)).as_posix()
    return ["# The model this file is drafted from (a model draftkit ships, or a folder relative to this file).",
            f"model: {_scalar(name)}", ""]


def scaffold(name: str, model: Model, canonical: Jurisdiction, target: Path | None = None) -> str:
    """The text of a new jurisdiction file for `name` (to be written at `target`), every field present and
    commented."""
    guesses = _guesses(name, model)
    values = Path(os.path.relpath(model.values_path, model.folder.parent)).as_posix()
    head = [f"# {name}: {model.name}.",
            "# Fill in every value marked [FILL IN ...], then run `draft validate` on this file.",
            f"# Policy choices start at the model's own values ({values}); change any",
            "# of them to depart from the model. Dates are written YYYY-MM-DD; text with a colon goes in quotes.",
            ""]
    return "\n".join(head + model_line(model, target) + _lines(model.schema, canonical.data, guesses)).rstrip() + "\n"


def slug_for(name: str) -> str:
    """A file name for a jurisdiction: "City of San José" -> "san_jose"; "County of Marin" -> "marin_county"."""
    import unicodedata

    guess = _identity_guess(name)["name"]
    ascii_name = unicodedata.normalize("NFKD", guess).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:64]
    return slug or "jurisdiction"
