"""How an ordinance is adopted, as the model folder states it: the votes that pass it, the day it takes
effect, the law it cites, the kinds of jurisdiction and states it serves; and the checks a clerk relies on.

Every field is reached through model.yaml's `adoption` roles and every rule is data there (per kind of
jurisdiction), so this module names no field of any model.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from .errors import Problem
from .filters import longdate, number_words
from .model import Model, get, rule_at
from .yamlsource import Source

PLACEHOLDER = re.compile(r"^\[[^\]\n]+\]$")
FRACTION_WORDS = {Fraction(1, 2): "one-half", Fraction(2, 3): "two-thirds", Fraction(3, 4): "three-fourths",
                  Fraction(3, 5): "three-fifths", Fraction(4, 5): "four-fifths"}


def role(model: Model, name: str) -> tuple[str, ...] | None:
    return model.role("adoption", name)


def setting(model: Model, name: str, default: Any = None) -> Any:
    """A plain value of model.yaml's `adoption` block (a number of days, the list of states...)."""
    block = model.roles.get("adoption")
    return block.get(name, default) if isinstance(block, dict) else default


def kind_rules(model: Model, data: dict) -> dict:
    """The adoption rules for the jurisdiction's kind (city, town, county...), or {} if the model has none."""
    kinds = setting(model, "kinds", {}) or {}
    found = kinds.get(get(data, role(model, "kind")))
    return found if isinstance(found, dict) else {}


def law(model: Model, data: dict) -> dict[str, str]:
    """The sections of law the documents cite for this kind of jurisdiction ({} if the model gives none)."""
    return {k: str(v) for k, v in (kind_rules(model, data).get("law") or {}).items()}


def _day(value: Any) -> date | None:
    return value if type(value) is date else None


# --- votes ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteRule:
    """The aye votes an ordinance needs: how many, on how many seats, and the rule in words."""

    needed: int
    seats: int
    words: str        # "a majority of", "at least four-fifths of", "at least six of"
    charter: bool     # the charter's own number rather than the general law's share
    citation: str     # the section of law stating the rule ("" for a charter's rule)


def seats(model: Model, data: dict) -> int:
    """The full membership: the seats given, or else the members listed."""
    given = get(data, role(model, "seats"))
    members = get(data, role(model, "members"))
    if isinstance(given, int) and not isinstance(given, bool):
        return given
    return len(members) if isinstance(members, list) else 0


def _share(rule: Any, total: int) -> tuple[int, str]:
    """Votes needed under a share of the membership ("majority" or "4/5"), and the share in words."""
    if rule == "majority":
        return total // 2 + 1, "a majority of"
    share = Fraction(str(rule))
    return max(1, math.ceil(share * total)), f"at least {FRACTION_WORDS.get(share, str(share))} of"


def vote_rule(model: Model, data: dict, *, urgency: bool | None = None) -> VoteRule | None:
    """The rule that applies to this ordinance (urgency or not), or None if the model states none."""
    urgent = get(data, role(model, "urgency")) is True if urgency is None else urgency
    which = "urgency" if urgent else "ordinary"
    total = seats(model, data)
    count = get(data, role(model, f"votes_required_{which}"))
    if get(data, role(model, "charter")) is True and isinstance(count, int) and not isinstance(count, bool):
        return VoteRule(count, total, f"at least {number_words(count)} of", True, "")
    rule = kind_rules(model, data).get(which)
    if rule is None:
        return None
    needed, words = _share(rule, total)
    citation = law(model, data).get("urgency" if urgent else "passage", "")
    return VoteRule(needed, total, words, False, citation)


# --- dates ----------------------------------------------------------------------------------------------


def effective_after(model: Model) -> int:
    return int(setting(model, "effective_after_days", 30))


def computed_effective(model: Model, data: dict) -> date | None:
    """The day the law gives: N days after adoption, or the day of adoption for an urgency ordinance."""
    adopted = _day(get(data, role(model, "adopted")))
    if adopted is None:
        return None
    if get(data, role(model, "urgency")) is True:
        return adopted
    try:
        return adopted + timedelta(days=effective_after(model))
    except OverflowError:
        return None


def report_phase(model: Model, data: dict) -> str:
    """Which step the staff report goes with: "introduction", "adoption" (second reading) or "report"."""
    status = get(data, role(model, "status"))
    meeting = get(data, role(model, "report_meeting"))
    introduced, adopted = (get(data, role(model, r)) for r in ("introduced", "adopted"))
    if status == "proposed" or (introduced is not None and meeting == introduced):
        return "introduction"
    if status == "introduced" or (adopted is not None and meeting == adopted):
        return "adoption"
    return "report"


def known_by(model: Model, data: dict, day: Any) -> bool:
    """Whether an event on `day` had happened by the staff report's date (so the report may recount it)."""
    report = _day(get(data, role(model, "report_date")))
    return isinstance(day, date) and report is not None and day <= report


def recounted(model: Model, data: dict) -> list[str]:
    """The model's history as the staff report may tell it: only events on or before the report's date."""
    undated = _day(get(data, role(model, "report_date"))) is None  # the model's own bracketed values
    found = [e.text for e in model.history if undated or known_by(model, data, e.day)]
    return found or ([model.history_none] if model.history_none else [])


# --- the checks -----------------------------------------------------------------------------------------


def _state_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    states = setting(model, "states")
    state = get(data, role(model, "state"))
    if not states or not isinstance(state, str) or state in states or PLACEHOLDER.match(state):
        return []
    cited = law(model, data)
    sections = ", ".join(cited[k] for k in ("passage", "effective", "publication") if k in cited)
    return [source.problem(role(model, "state"), f"{state!r}: the model states {' and '.join(states)} law "
                           f"(it cites Government Code sections {sections}) and serves jurisdictions in "
                           f"{' and '.join(states)} only; a jurisdiction in {state} needs a version of the "
                           "model written for its own law")]


def _kind_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """A formal name that says "Town of ..." (or "... County") must have that kind."""
    kinds = setting(model, "kinds", {}) or {}
    kind, full_name = get(data, role(model, "kind")), get(data, model.role("display", "full_name"))
    if not isinstance(full_name, str) or not isinstance(kind, str):
        return []
    for other, rules in kinds.items():
        word = rules.get("word") if isinstance(rules, dict) else None
        if other == kind or not word:
            continue
        if re.match(rf"^{re.escape(word)} of\b", full_name, re.IGNORECASE) or \
                re.search(rf"\b{re.escape(word)}$", full_name, re.IGNORECASE):
            return [source.problem(role(model, "kind"), f"{kind!r} does not match the formal name "
                                   f"{full_name!r}, which names a {word.lower()}; write kind: {other}")]
    return []


def _roll(vote: dict, model: Model) -> dict[str, int]:
    """How many members voted each way, by roll-call part (ayes, noes, abstain, absent)."""
    fields = model.vote_groups
    return {part: len(vote.get(fields[part]) or []) if part in fields and isinstance(vote.get(fields[part]), list)
            else 0 for part in ("ayes", "noes", "abstain", "absent")}


def _tally(counts: dict[str, int], vacant: int) -> str:
    plural = {"ayes": ("aye", "ayes"), "noes": ("no", "noes")}
    parts = [f"{counts[g]} {plural[g][counts[g] != 1]}" for g in ("ayes", "noes")]
    parts += [f"{counts['abstain']} abstaining", f"{counts['absent']} absent"]
    return ", ".join(parts) + (f", {vacant} seat{'s' if vacant != 1 else ''} vacant" if vacant > 0 else "")


def _vote_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    problems = []
    members = get(data, role(model, "members"))
    most = (rule_at(model.schema, role(model, "members") or ()) or {}).get("maxlength")
    if isinstance(members, list) and isinstance(most, int) and len(members) > most:
        return []  # the schema reports the roll itself; a count on it would mislead
    given_seats = get(data, role(model, "seats"))
    listed = len(members) if isinstance(members, list) else 0
    if isinstance(given_seats, int) and not isinstance(given_seats, bool) and given_seats < listed:
        problems.append(source.problem(role(model, "seats"), f"{given_seats} seat(s), but {listed} members are "
                                       "listed; seats counts every seat, filled or vacant"))
        return problems
    own = get(data, role(model, "votes_required"))
    if isinstance(own, dict) and any(v is not None for v in own.values()) and get(data, role(model, "charter")) is not True:
        problems.append(source.problem(role(model, "votes_required"), "only a charter city or county may set its "
                                       "own vote rule; set charter: true if its charter does, or remove "
                                       "votes_required to follow the general law", key=True))
    vote = get(data, role(model, "vote"))
    rule = vote_rule(model, data)
    if not isinstance(vote, dict) or rule is None or get(data, role(model, "status")) != "adopted":
        return problems
    counts = _roll(vote, model)
    if counts["ayes"] >= rule.needed:
        return problems
    body = get(data, model.role("display", "name")) or "the jurisdiction"
    urgent = get(data, role(model, "urgency")) is True
    basis = ("as its charter requires" if rule.charter
             else f"{rule.words} the full membership" + (f" (Government Code section {rule.citation})"
                                                        if rule.citation else ""))
    claim = "; the ordinance's own text says it was adopted by that vote" if urgent else ""
    problems.append(source.problem(role(model, "vote") + (model.vote_groups.get("ayes", "ayes"),),
                                   f"this vote does not adopt {'an urgency ordinance' if urgent else 'an ordinance'}: "
                                   f"{body} has {rule.seats} seats, so it needs {rule.needed} ayes, {basis}{claim}; "
                                   f"the roll call has {_tally(counts, rule.seats - listed)}"))
    return problems


def _effective_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    given = _day(get(data, role(model, "effective")))
    adopted = _day(get(data, role(model, "adopted")))
    computed = computed_effective(model, data)
    if given is None or adopted is None or computed is None or given == computed or given < adopted:
        return []  # an effective date before adoption is reported by the date rules
    how = ("an urgency ordinance takes effect on the day it is adopted"
           if get(data, role(model, "urgency")) is True
           else f"the ordinance's text says it takes effect {effective_after(model)} days after final passage")
    return [source.problem(role(model, "effective"), f"{longdate(given)} disagrees with the ordinance: {how} "
                           f"({longdate(adopted)}), which is {longdate(computed)}; leave effective empty to "
                           "compute it")]


def _placeholders(data: Any, path: tuple = ()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _placeholders(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _placeholders(v, path + (i,))
    elif isinstance(data, str) and PLACEHOLDER.match(data.strip()):
        yield path, data


def _adopted_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """An adopted ordinance has its number and keeps no bracketed placeholder."""
    if get(data, role(model, "status")) != "adopted":
        return []
    number_path = role(model, "number")
    problems = []
    for path, text in _placeholders(data):
        if path == number_path:
            problems.append(source.problem(path, f"an adopted ordinance needs its number; {text!r} is a "
                                                 "placeholder: write the number the clerk assigned"))
        else:
            problems.append(source.problem(path, f"{text!r} is a placeholder; an adopted ordinance cannot "
                                                 "keep one: write the value"))
    return problems


def adoption_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """Every adoption problem a clerk would catch: state, kind, votes, effective date, number."""
    return (_state_problems(source, data, model) + _kind_problems(source, data, model)
            + _vote_problems(source, data, model) + _effective_problems(source, data, model)
            + _adopted_problems(source, data, model))
