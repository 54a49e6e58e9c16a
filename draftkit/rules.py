"""Cross-field rules a schema cannot express: the adoption process and local amendments.

The fields involved are named by the model (model.yaml's `adoption` and `amendments` entries).
"""
from __future__ import annotations

import difflib
from datetime import date
from typing import Any

from .errors import Problem
from .model import Model, get
from .yamlsource import Source


def _fmt(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _day(value: Any) -> date | None:
    return value if type(value) is date else None


def _date_rules(source: Source, data: dict, model: Model) -> list[Problem]:
    role = lambda name: model.role("adoption", name)
    status = get(data, role("status"))
    problems = []
    for needed in model.roles.get("adoption", {}).get("requires", {}).get(status if isinstance(status, str) else "", []):
        if get(data, role(needed)) is None:
            problems.append(source.problem(role(needed), f"is required when the status is {status!r}", key=True))
    introduced, adopted, effective = (_day(get(data, role(r))) for r in ("introduced", "adopted", "effective"))
    urgency = get(data, role("urgency")) is True
    if introduced and adopted:
        gap = (adopted - introduced).days
        least = model.roles["adoption"].get("min_days_between_readings", 0)
        if gap < 0:
            problems.append(source.problem(role("adopted"), f"adoption ({_fmt(adopted)}) is before introduction "
                                                            f"({_fmt(introduced)})"))
        elif gap < least and not urgency:
            problems.append(source.problem(role("adopted"), f"adoption comes {gap} day(s) after introduction; "
                                           f"at least {least} days must pass between first and second reading "
                                           "unless the ordinance is an urgency measure (urgency: true)"))
    after = model.roles["adoption"].get("effective_after_days", 30) if adopted and not effective else 0
    if adopted and not urgency and (date.max - adopted).days < after:  # no calendar date to take effect on
        problems.append(source.problem(role("adopted"), f"is too late: the ordinance would take effect {after} "
                                                        f"days after adoption, beyond {_fmt(date.max)}"))
    if effective and adopted and effective < adopted:
        problems.append(source.problem(role("effective"), f"the effective date ({_fmt(effective)}) is before "
                                                          f"adoption ({_fmt(adopted)})"))
    return problems


def _name_problems(source: Source, path: tuple, names: Any, members: list[str], what: str) -> list[Problem]:
    problems = []
    for i, name in enumerate(names if isinstance(names, list) else []):
        if isinstance(name, str) and name not in members:
            close = difflib.get_close_matches(name, members, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "add them to the members list or fix the spelling"
            who = f"{name!r} {what}".strip()
            problems.append(source.problem(path + (i,), f"{who} is not a member of the governing body; {hint}"))
    return problems


def _vote_rules(source: Source, data: dict, model: Model) -> list[Problem]:
    members_path, vote_path = model.role("adoption", "members"), model.role("adoption", "vote")
    roll = get(data, members_path)
    if not isinstance(roll, list):
        return []  # the schema says what is wrong with the roll; names cannot be checked against it
    members = [m for m in roll if isinstance(m, str)]
    problems = []
    seen: dict[str, str] = {}
    for i, name in enumerate(members):
        if name in seen:
            problems.append(source.problem(members_path + (i,), f"{name!r} is listed twice among the members"))
        seen[name] = "members"
    sponsors_path = model.role("adoption", "sponsors")
    problems += _name_problems(source, sponsors_path, get(data, sponsors_path), members, "(a sponsor)")
    vote = get(data, vote_path)
    if not isinstance(vote, dict):
        return problems
    voted: dict[str, str] = {}
    groups = model.vote_groups
    for group in groups.values():
        path = vote_path + (group,)
        names = [n for n in vote.get(group) or [] if isinstance(n, str)] if isinstance(vote.get(group), list) else []
        problems += _name_problems(source, path, names, members, "")
        for i, name in enumerate(names):
            if name in voted:
                problems.append(source.problem(path + (i,), f"{name!r} is already recorded under "
                                                            f"{voted[name]}; each member votes once"))
            voted.setdefault(name, group)
    missing = [m for m in members if m not in voted]
    if missing:
        problems.append(source.problem(vote_path, "the roll call leaves out " + ", ".join(map(repr, missing))
                                       + "; list every member under " + _either(list(groups.values())), key=True))
    return problems


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _amendment_rules(source: Source, data: dict, model: Model) -> list[Problem]:
    field = model.roles.get("amendments")
    items = data.get(field) if field else None
    problems = []
    ids = [p.id for p in model.provisions]
    for i, item in enumerate(items if isinstance(items, list) else []):
        path = (field, i)
        key = item.get("provision") if isinstance(item, dict) else None
        if not isinstance(key, str):
            continue
        provision = model.provision(key)
        if provision is None:
            close = difflib.get_close_matches(key, ids, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(ids)}"
            problems.append(source.problem(path + ("provision",), f"{key!r} is not a provision of the model; {hint}"))
            continue
        if item.get("action") == "add_after" and not item.get("title"):
            problems.append(source.problem(path + ("action",), "a new section (add_after) needs a title"))
        if provision.when and get(data, tuple(provision.when.split("."))) is not True:
            problems.append(source.problem(path + ("provision",), f"{key!r} is switched off in this draft "
                                           f"({provision.when} is false), so it cannot be amended"))
        if (not provision.numbered or provision.adds_code) and item.get("action") == "add_after":
            problems.append(source.problem(path + ("provision",), f"no section can be added after {key!r}"))
        if item.get("action") != "fold" and not isinstance(item.get("text"), str):
            problems.append(source.problem(path + ("action",), f"a {item.get('action')} needs its text"))
    return problems + _fold_rules(source, data, model)


PARTS = {"code": "the sections of the chapter", "act": "the sections of the ordinance itself"}


def _fold_rules(source: Source, data: dict, model: Model) -> list[Problem]:
    """A fold joins a provision's text to the section before it in this draft: that section must exist, be
    numbered and be of the same part; the provision must be numbered, not add the chapter, and be folded once;
    it takes no title or text of its own, and no other amendment may retitle it (it has no heading)."""
    from .context import plan_sections
    from .jurisdiction import Jurisdiction
    from .references import amendment_items, well_formed

    field = model.roles.get("amendments")
    items = [(i, a) for i, a in amendment_items(data, model) if isinstance(a.get("provision"), str)
             and model.provision(a["provision"]) is not None]
    folds = {a["provision"]: i for i, a in reversed(items) if a.get("action") == "fold"}
    if not folds:
        return []
    plan = plan_sections(Jurisdiction(model.folder, "draft", data), model).sections if well_formed(data, model) else ()
    order = [s.key for s in plan]
    problems = []
    for i, a in items:
        key, path = a["provision"], (field, i)
        if a.get("action") != "fold":
            if key in folds and isinstance(a.get("title"), str):
                problems.append(source.problem(path + ("title",), f"{key!r} is folded into the section before it "
                                               f"({field}[{folds[key]}]), so it has no heading to retitle"))
            continue
        provision = model.provision(key)
        message = None
        if folds[key] != i:
            message = f"{key!r} is already folded by {field}[{folds[key]}]; fold it once"
        elif not provision.numbered:
            message = f"{key!r} has no section number, so it cannot be folded into another section"
        elif provision.adds_code:
            message = f"{key!r} is the section that adds the chapter; it cannot be folded into another section"
        elif key in order:
            message = _no_holder(key, provision.part, [s for s in plan[:order.index(key)]])
        if message:
            problems.append(source.problem(path + ("action",), message))
        for part in ("title", "text"):
            if part in a and a[part] is not None:
                problems.append(source.problem(path + (part,), f"a fold takes no {part}: the folded text keeps the "
                                               "model's words; to change them too, add a replace or append item "
                                               "for the same provision" if part == "text" else
                                               f"a fold takes no {part}: the folded provision has no heading"))
    return problems


def _no_holder(key: str, part: str, before: list) -> str | None:
    """Why the provision `key` of `part` cannot fold into the section just before it, or None if it can."""
    if not any(s.part == part and s.number for s in before):
        return (f"{key!r} is the first of {PARTS.get(part, part)} in this draft: no section of its part comes "
                "before it to take its text")
    last = before[-1]
    if last.part != part:
        return (f"{key!r} is one of {PARTS.get(part, part)} and the section before it, {last.key!r}, is one of "
                f"{PARTS.get(last.part, last.part)}; a section can be folded only into one of its own part")
    return None if last.number else f"the section before {key!r} has no number, so {key!r} cannot be folded into it"


def rule_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """Every cross-field problem in already schema-valid data."""
    from .adoption import adoption_problems
    from .effects import unused_value_problems

    return (_date_rules(source, data, model) + _vote_rules(source, data, model) + _amendment_rules(source, data, model)
            + adoption_problems(source, data, model) + unused_value_problems(source, data, model))
