"""Hypothesis strategies for jurisdiction files (issue 5, item 7).

`valid_jurisdictions()` draws a jurisdiction that the schema and the adoption rules accept and writes it
as YAML text; `invalid_files()` takes one and breaks it in one way, as bytes on disk. Both know the schema
of the model in templates/ordinance, and the cross-field rules of model.yaml (votes, readings, amendments).
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import yaml
from hypothesis import strategies as st
from sensible import sensible

from draftkit.model import load_model

MODEL = load_model()
SCHEMA = MODEL.schema
VOTE_GROUPS = ("ayes", "noes", "abstain", "absent")
TAKES_EFFECT_AFTER = MODEL.roles["adoption"]["effective_after_days"]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Pieces of text that have tripped up YAML, XML, HTML, Jinja or Word somewhere.
AWKWARD = ["&", "<", ">", '"', "'", "’", "&amp;", "<b>", "<script>alert(1)</script>", "]]>", "{{ 7*7 }}",
           "{% for x in y %}", "{{ ''.__class__.__mro__ }}", "é", "ñ", "Ø", "İ", "ß", "東京都", "Кириллица",
           "العربية", "עברית", "हिन्दी", "🏛️", "👩🏽‍⚖️", "🇺🇸", "\u00a0", "\u200b", "\u2028", "—", "§", "[", "]",
           "\\", "#", ": ", " - ", "- ", "? ", "*x", "&x", "!x", "%", "@", "|", "~", "null", "yes", "no", "true",
           "0x1F", "1e3", "012", "2019-05-21", "---", "...", " ", "  "]
LETTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")
NO_SPACE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
                         exclude_characters="@\ufffe\uffff")
# What no Word document can hold: control characters (but tab, line feed and return), surrogates, U+FFFE/F.
CONTROL = [chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF)]
# A date value on its line; safe_dump anchors a date object it writes twice (`since: &id001 2000-01-01`).
DATE_LINE = re.compile(r"^( *(?:- )?[a-z_]+: (?:&\w+ )?)(\d{4}-\d\d-\d\d)$", re.MULTILINE)
PLACEHOLDER = re.compile(r"^\[[^\]\n]+\]$")  # a value the adoption rules refuse in an adopted ordinance
KIND_WORDS = re.compile(r"(?i)^(?:city|town|county) of\b|\b(?:city|town|county)$")
IMPOSSIBLE_DATES = ["2019-02-29", "2020-02-30", "2018-04-31", "2018-13-01", "2018-00-10", "2018-06-00",
                    "0000-01-01", "2018-99-99"]


@dataclass(frozen=True)
class Case:
    """A valid jurisdiction: its file's slug, the data it holds and the YAML text that holds it."""

    slug: str
    text: str
    data: dict = field(repr=False)


@dataclass(frozen=True)
class Broken:
    """An invalid jurisdiction file: how it was broken and its bytes."""

    mutation: str
    raw: bytes


# ---- valid jurisdictions ------------------------------------------------------------------------------

def text(*, min_size: int = 0, max_size: int = 60, pieces: int = 8) -> st.SearchStrategy[str]:
    """Text of awkward pieces and random characters (no control characters), at most `max_size` long."""
    piece = st.one_of(st.sampled_from(AWKWARD), st.text(LETTERS, min_size=1, max_size=6))
    return st.lists(piece, min_size=min_size, max_size=pieces).map(lambda parts: "".join(parts)[:max_size])


def bracketed() -> st.SearchStrategy[str]:
    return text(min_size=1, max_size=30).map(lambda s: "[" + s.replace("]", ")") + "]")


def emails() -> st.SearchStrategy[str]:
    part = st.text(NO_SPACE, min_size=1, max_size=12)
    return st.one_of(st.builds("{}@{}.{}".format, part, part, part), bracketed())


def chapters() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["2.70", "13.105", "2.90"]), bracketed(),
                     st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,4}){0,3}[A-Z]?", fullmatch=True))


def amendment_text() -> st.SearchStrategy[str]:
    """One to four paragraphs separated by blank lines, some wrapped over several lines."""
    line = text(min_size=1, max_size=300, pieces=30)
    paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
    return st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join)


def dates() -> st.SearchStrategy[date]:
    """Any calendar date, the first and the last often."""
    return st.dates() | st.sampled_from([date.min, date.max, date(2000, 2, 29)])


def _later(day: date, days: int) -> date:
    return day + timedelta(days=min(days, (date.max - day).days))


def needed_ayes(seats: int, urgency: bool) -> int:
    """The general law's rule for every kind of jurisdiction in the model: four-fifths for urgency, else a majority."""
    return -(-4 * seats // 5) if urgency else seats // 2 + 1


@st.composite
def adoption(draw, members: list[str]) -> dict:
    """The ordinance group: a status with the dates and vote it requires, consistent with each other; an
    adopted ordinance has the ayes it needs, its number, and the effective date the law gives."""
    status = draw(st.sampled_from(["proposed", "introduced", "adopted"]))
    urgency = draw(st.booleans())
    introduced = adopted = effective = vote = None
    if status != "proposed":
        introduced = draw(dates())
    if status == "adopted":
        gap = draw(st.integers(0 if urgency else 5, 400))
        given = draw(st.booleans())  # the effective date written out, or left for the toolkit to compute
        introduced = min(introduced, date.max - timedelta(days=gap + (0 if urgency else TAKES_EFFECT_AFTER)))
        adopted = introduced + timedelta(days=gap)
        effective = adopted + timedelta(days=0 if urgency else TAKES_EFFECT_AFTER) if given else None
        ayes = draw(st.integers(needed_ayes(len(members), urgency), len(members)))
        others = draw(st.lists(st.sampled_from(VOTE_GROUPS[1:]), min_size=len(members) - ayes,
                               max_size=len(members) - ayes))
        groups = ["ayes"] * ayes + others
        order = draw(st.permutations(range(len(members))))
        vote = {g: [members[i] for i in order if groups[i] == g] for g in VOTE_GROUPS}
    number = text(min_size=1, max_size=40).filter(lambda s: not PLACEHOLDER.match(s.strip()) and s.strip())
    return {"number": draw(number if status == "adopted" else st.one_of(st.just("[number]"), text(max_size=40))),
            "status": status,
            "introduced": introduced, "adopted": adopted, "effective": effective, "urgency": urgency,
            "sponsors": draw(st.lists(st.sampled_from(members), min_size=1, max_size=4, unique=True)),
            "vote": vote}


@st.composite
def amendment(draw, investments: bool) -> dict:
    """A replace, append or add_after on a provision this draft has."""
    present = [p for p in MODEL.provisions if not p.when or investments]
    provision = draw(st.sampled_from(present))
    after = provision.numbered and not provision.adds_code
    action = draw(st.sampled_from(["replace", "append"] + (["add_after"] if after else [])))
    item = {"provision": provision.id, "action": action}
    if action == "add_after" or draw(st.booleans()):
        item["title"] = draw(text(min_size=1 if action == "add_after" else 0, max_size=200))
    item["text"] = draw(amendment_text())
    return item


@st.composite
def policies(draw) -> dict:
    agencies = draw(st.sampled_from([["ICE"], ["ICE", "CBP", "ORR"]]) | st.permutations(["ICE", "CBP", "ORR"])
                    .flatmap(lambda order: st.integers(1, 3).map(lambda n: order[:n])))
    return {"agencies": agencies, "detention_services": draw(st.booleans()), "investments": draw(st.booleans()),
            "pension_request": draw(st.booleans()), "grandfathering": draw(st.booleans()),
            "waiver_authority": draw(st.none() | text(max_size=80)), "appeal_days": draw(st.integers(1, 365)),
            "cure_days": draw(st.integers(1, 365)), "penalty_cap": draw(st.integers(0, 10_000_000)),
            "fee_cap": draw(st.integers(0, 10_000_000)), "limitations_years": draw(st.integers(1, 10)),
            "false_information": draw(st.booleans()), "debarment_years": draw(st.integers(1, 10)),
            "report_due": draw(st.builds("{} {}".format, st.sampled_from(MONTHS), st.integers(1, 31)))}


@st.composite
def jurisdiction_data(draw) -> dict:
    """A jurisdiction's fields, valid for the schema and the adoption rules."""
    kind = draw(st.sampled_from(["city", "town", "county"]))
    members = draw(st.lists(text(max_size=80), min_size=1, max_size=25, unique=True))
    words = {k: draw(text(max_size=n)) for k, n in (("name", 80), ("full_name", 120), ("state", 40),
             ("governing_body", 80), ("member_title", 40), ("presiding_officer", 40), ("clerk", 60),
             ("executive", 60), ("attorney", 60), ("code_name", 80), ("code_title", 80))}
    policy = draw(policies())
    data = {
        "jurisdiction": {**words, "kind": kind, "chapter": draw(chapters()), "members": members},
        "sanctuary": {"since": draw(dates()), "instrument": draw(text(max_size=120))},
        "ordinance": draw(adoption(members)),
        "staff_report": {"date": draw(dates()), "meeting": draw(dates()), "author": draw(text(max_size=80)),
                         "author_title": draw(text(max_size=80)), "contact_phone": draw(text(max_size=40)),
                         "contact_email": draw(emails()), "fiscal_impact": draw(text(max_size=2000, pieces=20)),
                         "history": draw(st.none() | amendment_text().map(lambda s: s[:4000]))},
        "policy": policy,
        "amendments": draw(st.none() | st.lists(amendment(policy["investments"]), max_size=3)),
    }
    data["jurisdiction"]["state"] = "California"  # the model states California law and serves it only
    sensible(data, MODEL)  # what draftkit.sense refuses (blank names, dates after adoption...) repaired
    if KIND_WORDS.search(data["jurisdiction"]["full_name"]):  # "... County" names its kind; keep it neutral
        data["jurisdiction"]["full_name"] += " X"
    if data["ordinance"]["status"] == "adopted":
        data = _no_placeholders(data)
    _moot_values_reset(data)
    return _drop_some_nulls(draw, data)


FILLED = {"chapter": "2.70", "contact_email": "clerk@example.gov"}  # fields with a form of their own


def _no_placeholders(data: Any) -> Any:
    """An adopted ordinance keeps no bracketed placeholder: "[x]" becomes "(x)", a chapter a number, an
    email an address."""
    if isinstance(data, dict):
        return {k: (FILLED[k] if k in FILLED and isinstance(v, str) and PLACEHOLDER.match(v.strip()) else
                    _no_placeholders(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [_no_placeholders(v) for v in data]
    if isinstance(data, str) and PLACEHOLDER.match(data.strip()):
        return "(" + data.strip()[1:-1] + ")"
    return data


def _moot_values_reset(data: dict) -> None:
    """A policy value whose sections a local amendment replaces takes the model's own value (a departing
    one would have no effect, which validation reports)."""
    from draftkit.effects import model_value

    replaced = {a["provision"] for a in data.get("amendments") or [] if a["action"] == "replace"}
    for p in MODEL.parameters:
        if p.provisions and all(k in replaced for k in p.provisions):
            data[p.path[0]][p.path[1]] = model_value(MODEL, p)


def _drop_some_nulls(draw, data: dict, schema: dict = SCHEMA) -> dict:
    """Leave out some optional fields that are empty (null and absent mean the same)."""
    out = {}
    for key, value in data.items():
        rule = schema[key]
        if value is None and not rule.get("required") and draw(st.booleans()):
            continue
        out[key] = _drop_some_nulls(draw, value, rule["schema"]) if rule.get("type") == "dict" and value else value
    return out


def dump(data: Any, width: int = 80) -> str:
    """YAML text: dates stay dates, text stays text (quoted wherever it would read as something else).
    Keys are sorted, so every file ends with staff_report.meeting, a required date."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=width)


@st.composite
def valid_jurisdictions(draw) -> Case:
    data = draw(jurisdiction_data())
    slug = draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", fullmatch=True))
    return Case(slug, dump(data, draw(st.sampled_from([30, 80, 100_000]))), data)


# ---- one mutation each --------------------------------------------------------------------------------

def fields(data: Any, schema: dict = SCHEMA, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """(path, rule) of every field present in `data`, list items included."""
    for key, rule in schema.items():
        if not isinstance(data, dict) or key not in data:
            continue
        yield path + (key,), rule
        value = data[key]
        if rule.get("type") == "dict" and "schema" in rule:
            yield from fields(value, rule["schema"], path + (key,))
        if rule.get("type") == "list" and isinstance(value, list):
            item = rule.get("schema", {})
            for i, v in enumerate(value):
                yield path + (key, i), item
                if item.get("type") == "dict":
                    yield from fields(v, item["schema"], path + (key, i))


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: dict, path: tuple, value: Any) -> dict:
    data = copy.deepcopy(data)
    _at(data, path[:-1])[path[-1]] = value
    return data


def _pick(draw, data: dict, accept: Callable[[dict], bool]) -> tuple[tuple, dict]:
    return draw(st.sampled_from([(p, r) for p, r in fields(data) if accept(r)]))


def drop_required(draw, data: dict) -> dict:
    path, _ = _pick(draw, data, lambda r: bool(r.get("required")))
    data = copy.deepcopy(data)
    del _at(data, path[:-1])[path[-1]]
    return data


def unknown_key(draw, data: dict) -> dict:
    groups = [((), SCHEMA)] + [(p, r["schema"]) for p, r in fields(data)
                               if r.get("type") == "dict" and isinstance(_at(data, p), dict)]
    path, known = draw(st.sampled_from(groups))
    misspelt = st.sampled_from(sorted(known)).map(lambda k: k[:-1] + ("z" if k[-1] != "z" else "x"))
    key = draw((misspelt | st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True)).filter(lambda k: k not in known))
    return _set(data, path + (key,), draw(text(max_size=20) | st.integers()))


WRONG_VALUES = {"string": [["a list"], {"a": "group"}], "integer": ["12", 1.5, True, [1]],
                "boolean": ["yes", "true", 1, [True]], "list": ["text", {"a": 1}], "dict": ["text", ["a"], 5],
                "date": ["2019-05-21", datetime(2019, 5, 21, 10, 30), 20190521]}


def wrong_type(draw, data: dict) -> dict:
    path, rule = _pick(draw, data, lambda r: r.get("type") in WRONG_VALUES)
    return _set(data, path, draw(st.sampled_from(WRONG_VALUES[rule["type"]])))


def out_of_range(draw, data: dict) -> dict:
    path, rule = _pick(draw, data, lambda r: any(k in r for k in ("min", "max", "minlength", "maxlength")))
    kind = rule["type"]
    choices = []
    if "min" in rule:
        choices.append(rule["min"] - draw(st.integers(1, 10**12)))
    if "max" in rule:
        choices.append(rule["max"] + draw(st.integers(1, 10**12)))
    if rule.get("minlength"):
        choices.append("" if kind == "string" else [])
    if "maxlength" in rule:
        extra = draw(st.integers(1, 50))
        choices.append("x" * (rule["maxlength"] + extra) if kind == "string"
                       else [f"x{i}" for i in range(rule["maxlength"] + extra)])
    return _set(data, path, draw(st.sampled_from(choices)))


def not_allowed(draw, data: dict) -> dict:
    path, rule = _pick(draw, data, lambda r: "allowed" in r or "allowed" in r.get("schema", {}))
    allowed = rule.get("allowed") or rule["schema"]["allowed"]
    wrong = draw(text(max_size=20).filter(lambda s: s not in allowed))
    return _set(data, path, wrong if "allowed" in rule else [*_at(data, path), wrong])


def no_match(draw, data: dict) -> dict:
    path, rule = _pick(draw, data, lambda r: "regex" in r)
    wrong = text(max_size=30) | st.just(_at(data, path) + "\n")  # a block scalar (`|`) ends in a newline
    return _set(data, path, draw(wrong.filter(lambda s: not re.fullmatch(rule["regex"], s))))


def fill_marker(draw, data: dict) -> dict:
    path, _ = _pick(draw, data, lambda r: r.get("type") == "string")
    return _set(data, path, "[FILL IN: " + draw(text(max_size=20)).replace("]", ")") + "]")


def control_character(draw, data: dict) -> dict:
    """A character no Word document can hold, in a string (safe_dump writes it as an escape in quotes)."""
    path, _ = _pick(draw, data, lambda r: r.get("type") == "string")
    old = _at(data, path) or ""  # history and waiver_authority may be null
    at = draw(st.integers(0, len(old)))
    return _set(data, path, old[:at] + draw(st.sampled_from(CONTROL)) + old[at:])


def _roll(draw, members: list[str]) -> dict:
    groups = draw(st.lists(st.sampled_from(VOTE_GROUPS), min_size=len(members), max_size=len(members)))
    return {g: [m for m, mg in zip(members, groups) if mg == g] for g in VOTE_GROUPS}


def non_member(draw, data: dict) -> dict:
    members = data["jurisdiction"]["members"]
    stranger = draw(text(max_size=79))
    while stranger in members:
        stranger += "·"
    if draw(st.booleans()):
        return _set(data, ("ordinance", "sponsors"), [*data["ordinance"]["sponsors"], stranger])
    vote = data["ordinance"].get("vote") or _roll(draw, members)
    group = draw(st.sampled_from(VOTE_GROUPS))
    return _set(data, ("ordinance", "vote"), {**vote, group: [*vote[group], stranger]})


def bad_roll(draw, data: dict) -> dict:
    """A member left out of the vote, voting twice, or listed twice among the members."""
    members = data["jurisdiction"]["members"]
    how = draw(st.sampled_from(["left_out", "twice", "duplicate_member"]))
    if how == "duplicate_member":
        return _set(data, ("jurisdiction", "members"), [*members, draw(st.sampled_from(members))])
    vote = _roll(draw, members)
    name = draw(st.sampled_from(members))
    if how == "left_out":
        vote = {g: [m for m in names if m != name] for g, names in vote.items()}
    else:
        group = draw(st.sampled_from(VOTE_GROUPS))
        vote = {**vote, group: [*vote[group], name]}
    return _set(data, ("ordinance", "vote"), vote)


def bad_dates(draw, data: dict) -> dict:
    """Readings too close without urgency, adoption before introduction, effect before adoption or after the
    last calendar date, or a status without the dates or vote it requires."""
    o = copy.deepcopy(data["ordinance"])
    first = draw(st.dates(min_value=date(1000, 1, 1), max_value=date(9000, 1, 1)))
    o.update(status="adopted", introduced=first, adopted=first + timedelta(days=draw(st.integers(5, 400))),
             vote=o.get("vote") or _roll(draw, data["jurisdiction"]["members"]))
    how = draw(st.sampled_from(["too_close", "before", "effective", "too_late", "missing"]))
    if how == "too_close":
        o.update(urgency=False, adopted=first + timedelta(days=draw(st.integers(0, 4))))
    elif how == "before":
        o["adopted"] = first - timedelta(days=draw(st.integers(1, 400)))
    elif how == "effective":
        o["effective"] = o["adopted"] - timedelta(days=draw(st.integers(1, 400)))
    elif how == "too_late":
        o.update(urgency=False, effective=None, introduced=date.max - timedelta(days=400),
                 adopted=date.max - timedelta(days=draw(st.integers(0, TAKES_EFFECT_AFTER - 1))))
    else:
        o["status"] = draw(st.sampled_from(["introduced", "adopted"]))
        needed = ["introduced"] + (["adopted", "vote"] if o["status"] == "adopted" else [])
        o[draw(st.sampled_from(needed))] = None
    return {**data, "ordinance": o}


def bad_amendment(draw, data: dict) -> dict:
    """An amendment of no provision, of a switched-off one, after the certificate, or add_after untitled."""
    how = draw(st.sampled_from(["unknown", "switched_off", "after_certificate", "untitled"]))
    item = {"provision": "enforcement", "action": "add_after", "title": "New", "text": draw(amendment_text())}
    if how == "unknown":
        item["provision"] = draw(text(max_size=30)) + "_"  # no provision id ends in "_"
    elif how == "switched_off":
        data = _set(data, ("policy", "investments"), False)
        item.update(provision="investments", action=draw(st.sampled_from(["replace", "append", "add_after"])))
    elif how == "after_certificate":
        item["provision"] = "certificate"
    else:
        item.update(title=draw(st.sampled_from(["", None])))
    return {**data, "amendments": [*(data.get("amendments") or []), item]}


def not_a_mapping(draw, data: dict) -> Any:
    return draw(st.sampled_from([[data], "just some text", 42]))


DATA_MUTATIONS = [drop_required, unknown_key, wrong_type, out_of_range, not_allowed, no_match, fill_marker,
                  control_character, non_member, bad_roll, bad_dates, bad_amendment, not_a_mapping]


def _entries(text: str) -> list[tuple[yaml.Node, yaml.Node]]:
    """(key, value) nodes of every mapping entry in the text; their marks locate them as PyYAML counts lines
    (a raw U+2028 in a quoted value starts a new line for it), so cut the text at a mark's index."""
    found, todo = [], [yaml.compose(text, Loader=yaml.SafeLoader)]
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.MappingNode):
            found += node.value
            todo += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return found


def impossible_date(draw, text_: str) -> str:
    spot = draw(st.sampled_from(list(DATE_LINE.finditer(text_))))
    return text_[: spot.start(2)] + draw(st.sampled_from(IMPOSSIBLE_DATES)) + text_[spot.end(2):]


def duplicate_key(draw, text_: str) -> str:
    """Repeat a one-line `key: value` entry on the next line, in the same mapping."""
    key, value = draw(st.sampled_from([(k, v) for k, v in _entries(text_) if isinstance(v, yaml.ScalarNode)
                                       and v.end_mark.line == k.start_mark.line]))
    end = value.end_mark.index
    return text_[:end] + "\n" + " " * key.start_mark.column + text_[key.start_mark.index:end] + text_[end:]


def tab_at_line_start(draw, text_: str) -> str:
    """A tab before a line that holds a key."""
    key, _ = draw(st.sampled_from(_entries(text_)))
    at = key.start_mark.index - key.start_mark.column
    return text_[:at] + "\t" + text_[at:]


TEXT_MUTATIONS = [impossible_date, duplicate_key, tab_at_line_start]


def truncate(draw, raw: bytes) -> bytes:
    """Cut the file before its last character that is not white space (the staff_report.meeting date)."""
    return raw[: draw(st.integers(0, len(raw.rstrip()) - 1))]


def unreadable(chunk: bytes) -> bool:
    """Bytes that are not UTF-8 text, or text holding a character YAML refuses."""
    try:
        decoded = chunk.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return bool(re.search("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", decoded))


def insert_bytes(draw, raw: bytes) -> bytes:
    """Insert bytes that are not readable text between two characters of the file."""
    text_ = raw.decode("utf-8")
    at = len(text_[: draw(st.integers(0, len(text_)))].encode("utf-8"))
    return raw[:at] + draw(st.binary(min_size=1, max_size=16).filter(unreadable)) + raw[at:]


BYTE_MUTATIONS = [truncate, insert_bytes]


@st.composite
def invalid_files(draw) -> Broken:
    """A valid jurisdiction broken by one mutation of its data, its YAML text or its bytes."""
    mutation = draw(st.sampled_from(DATA_MUTATIONS + TEXT_MUTATIONS + BYTE_MUTATIONS))
    case = draw(valid_jurisdictions())
    if mutation in DATA_MUTATIONS:
        raw = dump(mutation(draw, case.data)).encode("utf-8")
    elif mutation in TEXT_MUTATIONS:
        raw = mutation(draw, case.text).encode("utf-8")
    else:
        raw = mutation(draw, case.text.encode("utf-8"))
    return Broken(mutation.__name__, raw)
