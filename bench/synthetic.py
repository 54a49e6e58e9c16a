"""Synthetic jurisdiction files for the benchmark: varied, valid by our validator, the same for the same seed.

    python bench/synthetic.py 20 --out /tmp/synthetic     # write 20 files
    python bench/synthetic.py 3                            # print 3 to stdout

Each file differs in the things that change a packet: city or county, the roll and the vote, the adoption
status and dates, every policy choice, 0-3 local amendments (replace, append, add a section), the
investment section on or off. `jurisdiction_data(i, amendments=200)` gives the schema's largest case;
`long_pair()` gives two jurisdictions whose added sections make a ~30,000-word ordinance of repetitive
boilerplate, the second with scattered word edits (the redline worst case).
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

SEED = 20260601
PROVISIONS = ("findings", "definitions", "contracts", "investments", "waiver", "solicitations", "identification",
              "appeal", "report", "enforcement", "severability", "effective_date")  # numbered, amendable
STEMS = ("Oak", "River", "Cedar", "Mill", "Bay", "Pine", "Elm", "Fair", "Green", "Lake", "Red", "Sun", "Clear",
         "Stone", "Maple", "Ash", "Willow", "Rock", "Spring", "Silver", "Hazel", "Iron", "North", "West")
ENDINGS = ("dale", "field", "ton", "wood", "view", "port", "ridge", "ford", " Valley", " Springs", " Heights",
           " Park", " Grove", " Point", " Hills", " Bluffs")
STATES = ("California",)  # the model states California law, and serves jurisdictions there only
# The policy values each provision's text carries, at the model's own values: a file that replaces a provision
# keeps these (a departing value that a replacement makes moot is a validation problem).
FILLED_BY = {"definitions": {"agencies": ["ICE"]}, "contracts": {"grandfathering": True},
             "investments": {"pension_request": True}, "waiver": {"waiver_authority": None},
             "appeal": {"appeal_days": 30}, "report": {"report_due": "November 1"},
             "enforcement": {"cure_days": 90, "penalty_cap": 5000, "fee_cap": 15000, "limitations_years": 4,
                             "false_information": True, "debarment_years": 3}}
FIRST = ("Ana", "Ben", "Chloé", "Dev", "Eun-ji", "Farid", "Grace", "Hugo", "Imani", "Jorge", "Kai", "Lena",
         "Malik", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Víctor", "Wen", "Yara", "Zoe")
LAST = ("Alvarez", "Brooks", "Chen", "Diaz", "Eriksen", "Fong", "García", "Huang", "Ibarra", "Jones", "Kim",
        "Lopez", "Moreno", "Nguyen", "O'Neil", "Patel", "Quintero", "Reyes", "Singh", "Tran", "Ueda", "Vega",
        "Walker", "Xu", "Young", "Zamora")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
CLAUSES = (
    "the {exec} shall keep a public list of every Person or Entity found to provide covered services",
    "no contract shall be awarded, renewed or extended to a vendor on that list",
    "the {body} may hold a public hearing on any waiver before it takes effect",
    "each solicitation shall state the requirements of this chapter in plain language",
    "the {exec} shall publish the annual report on the {kind}'s website within ten days of filing",
    "a vendor may ask the {exec} to reconsider a finding within the appeal period",
    "records kept under this section are public records & shall be retained for five years",
    "nothing in this section requires the {kind} to breach an existing contract",
    "the {attorney} shall advise on any question of federal preemption <before> a contract is terminated",
    "community organizations may submit written comments on the report",
)
BOILERPLATE = ("The {kind} shall not enter into, renew or extend any contract with a Person or Entity that "
               "provides data brokering, extreme vetting or detention services to a covered agency, except as "
               "this chapter allows, and every such contract shall say so in its terms.")
FISCAL = (
    "Staff time to add the notice to solicitations and prepare the annual report, absorbed within existing budgets.",
    ("About 0.25 FTE in Finance & Procurement in the first year; any price difference from replacing a covered "
     "vendor will come to the governing body with a waiver request."),
    "No direct cost; contract costs may change at renewal.",
)
EDIT_WORDS = ("agency", "officer", "contract", "vendor", "notice", "report", "council", "record", "service")


class _Dumper(yaml.SafeDumper):
    """Block style; multi-line text as literal blocks, like a clerk would write it; no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _people(rng: random.Random, n: int) -> list[str]:
    found: list[str] = []
    while len(found) < n:
        name = _person(rng)
        if name not in found:
            found.append(name)
    return found


def _day(rng: random.Random, first: int, last: int) -> date:
    return date(first, 1, 1) + timedelta(days=rng.randrange((date(last, 12, 31) - date(first, 1, 1)).days))


def _identity(index: int, rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(("city", "city", "county"))
    place = f"{rng.choice(STEMS)}{rng.choice(ENDINGS)}"
    if kind == "city":
        town = rng.random() < 0.2
        kind = "town" if town else "city"
        name, full = place, f"{'Town' if town else 'City'} of {place}"
        body, member, presiding = ("Town Council" if town else "City Council"), "Councilmember", rng.choice(
            ("Mayor", "President of the Council"))
        clerk, executive, attorney = "City Clerk", rng.choice(("City Manager", "City Administrator")), "City Attorney"
        code = f"{place} Municipal Code"
    else:
        name, full = f"{place} County", f"County of {place}"
        body, member, presiding = "Board of Supervisors", "Supervisor", "Chair of the Board of Supervisors"
        clerk, executive, attorney = "Clerk of the Board", "County Administrator", "County Counsel"
        code = f"{place} County Code"
    members = _people(rng, rng.choice((5, 7, 9, 11)))
    return {"jurisdiction": {
        "name": name, "full_name": full, "kind": kind, "state": rng.choice(STATES), "governing_body": body,
        "member_title": member, "presiding_officer": presiding, "clerk": clerk, "executive": executive,
        "attorney": attorney, "code_name": code, "code_title": f"Title {rng.randint(1, 20)}, Administration",
        "chapter": f"{rng.randint(1, 20)}.{rng.randint(10, 150)}", "members": members,
    }, "sanctuary": {
        "since": _day(rng, 1971, 2020),
        "instrument": f"Resolution No. {rng.randint(100, 99999)}{rng.choice(('', '-N.S.', ' C.M.S.'))}",
    }}


def _ordinance(rng: random.Random, members: list[str]) -> dict[str, Any]:
    status = rng.choice(("proposed", "introduced", "adopted"))
    urgency = status != "proposed" and rng.random() < 0.15
    introduced = _day(rng, 2018, 2025) if status != "proposed" else None
    adopted = (introduced + timedelta(days=rng.randint(0, 3) if urgency else rng.randint(7, 35))
               if status == "adopted" else None)
    # given or not, the effective date is the one the law gives: 30 days after adoption, or adoption if urgent
    effective = adopted + timedelta(days=0 if urgency else 30) if adopted and rng.random() < 0.3 else None
    vote = None
    if status == "adopted":
        roll = rng.sample(members, len(members))
        least = -(-4 * len(roll) // 5) if urgency else len(roll) // 2 + 1  # four-fifths, or a majority
        ayes = least + rng.randrange(len(roll) - least + 1)
        rest = roll[ayes:]
        groups = [rng.randrange(3) for _ in rest]
        vote = {"ayes": roll[:ayes], **{g: [n for n, k in zip(rest, groups) if k == i]
                                         for i, g in enumerate(("noes", "abstain", "absent"))}}
    numbers = (f"{rng.randint(1000, 9999)}-N.S.", f"{rng.randint(10, 99)}-{rng.randint(1, 40)}")
    number = rng.choice(numbers if status == "adopted" else ("[number]",) + numbers)  # adopted: numbered
    return {"number": number,
            "status": status, "introduced": introduced, "adopted": adopted, "effective": effective,
            "urgency": urgency, "sponsors": rng.sample(members, rng.randint(1, 3)), "vote": vote}


def _staff_report(rng: random.Random, identity: dict[str, Any], ordinance: dict[str, Any]) -> dict[str, Any]:
    meeting = ordinance["introduced"] or _day(rng, 2024, 2026)
    author = _person(rng)
    user = unicodedata.normalize("NFKD", author.split()[-1].lower()).encode("ascii", "ignore").decode()
    user = user.replace("'", "")
    host = identity["jurisdiction"]["name"].lower().replace(" ", "")
    history = None
    if rng.random() < 0.5:
        history = (f"{identity['jurisdiction']['full_name']} declared itself a sanctuary by "
                   f"{identity['sanctuary']['instrument']}. Community groups & staff asked the "
                   f"{identity['jurisdiction']['governing_body']} to take up the model after public comment.")
    return {"date": meeting - timedelta(days=rng.randint(3, 14)), "meeting": meeting, "author": author,
            "author_title": rng.choice(("Policy Analyst", "Deputy City Attorney", "Management Analyst",
                                        "Deputy County Administrator", "Legislative Aide")),
            "contact_phone": f"({rng.randint(200, 989)}) 555-{rng.randint(100, 199):04d}",
            "contact_email": f"{user}@{host}.example",
            "fiscal_impact": rng.choice(FISCAL),
            "history": history}


def _policy(rng: random.Random, executive: str) -> dict[str, Any]:
    investments = rng.random() < 0.6
    agencies = [a for a in ("ICE", "CBP", "ORR") if rng.random() < 0.5] or ["ICE"]
    return {"agencies": agencies, "detention_services": rng.random() < 0.4, "investments": investments,
            "pension_request": investments and rng.random() < 0.6, "grandfathering": rng.random() < 0.6,
            "waiver_authority": rng.choice((None, None, executive, "Procurement Director")),
            "appeal_days": rng.choice((10, 15, 30, 45, 60)), "cure_days": rng.choice((30, 60, 90, 120)),
            "penalty_cap": rng.choice((1000, 2500, 5000, 10000, 25000)),
            "fee_cap": rng.choice((7500, 15000, 25000, 50000)), "limitations_years": rng.randint(1, 6),
            "false_information": rng.random() < 0.7, "debarment_years": rng.randint(1, 5),
            "report_due": f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"}


def _prose(rng: random.Random, words: int, fill: dict[str, str]) -> str:
    """Sentences of ordinance prose, about `words` words long."""
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        clause = rng.choice(CLAUSES).format(**fill)
        sentences.append(clause[0].upper() + clause[1:] + ".")
    return " ".join(sentences)


def _amendments(rng: random.Random, count: int, data: dict[str, Any]) -> list[dict[str, Any]]:
    j = data["jurisdiction"]
    fill = {"exec": j["executive"], "body": j["governing_body"], "kind": j["kind"], "attorney": j["attorney"]}
    allowed = [p for p in PROVISIONS if p != "investments" or data["policy"]["investments"]]
    out = []
    for n in range(count):
        action = rng.choice(("replace", "append", "append", "add_after"))
        paragraphs = [_prose(rng, rng.randint(30, 90), fill) for _ in range(rng.randint(1, 3))]
        item: dict[str, Any] = {"provision": rng.choice(allowed), "action": action}
        if action == "add_after" or (action == "replace" and rng.random() < 0.3):
            item["title"] = rng.choice(("Community oversight", "Public hearing", "Records", "Local notice",
                                        "Implementation")) + f" ({n + 1})"
        item["text"] = "\n\n".join(paragraphs) + "\n"
        out.append(_sensible(item, out))
    return out


def _sensible(item: dict[str, Any], earlier: list[dict[str, Any]]) -> dict[str, Any]:
    """The amendment, made consistent with the earlier ones (no section replaced or retitled twice)."""
    same = [a for a in earlier if a["provision"] == item["provision"] and a["action"] != "add_after"]
    if item["action"] == "replace" and any(a["action"] == "replace" for a in same):
        item["action"] = "append"
    if "title" in item and item["action"] != "add_after" and any("title" in a for a in same):
        del item["title"]
    return item


def jurisdiction_data(index: int, *, seed: int = SEED, amendments: int | None = None) -> dict[str, Any]:
    """The fields of synthetic jurisdiction number `index` (0-3 amendments unless `amendments` says)."""
    rng = random.Random(f"{seed}:{index}")
    data = _identity(index, rng)
    data["ordinance"] = _ordinance(rng, data["jurisdiction"]["members"])
    passed = data["ordinance"]["adopted"]
    if passed and data["sanctuary"]["since"] > passed:  # a declaration the file records comes before final passage
        data["sanctuary"]["since"] = passed - timedelta(days=365)
    data["staff_report"] = _staff_report(rng, data, data["ordinance"])
    data["policy"] = _policy(rng, data["jurisdiction"]["executive"])
    count = rng.choice((0, 0, 1, 1, 2, 3)) if amendments is None else amendments
    data["amendments"] = _amendments(rng, count, data) if count else rng.choice(([], None))
    for item in data["amendments"] or []:
        if item["action"] == "replace":
            data["policy"].update(FILLED_BY.get(item["provision"], {}))
    return data


def slug_of(index: int, data: dict[str, Any]) -> str:
    stem = data["jurisdiction"]["name"].lower().replace(" ", "_")
    return f"{stem}_{index:04d}"


def to_yaml(data: dict[str, Any], *, comment: str = "") -> str:
    """YAML text of jurisdiction fields, as a clerk's file would hold them."""
    head = f"# {comment}\n" if comment else ""
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def generate(n: int, *, seed: int = SEED, amendments: int | None = None) -> list[tuple[str, str]]:
    """`n` synthetic jurisdictions as (slug, YAML text)."""
    out = []
    for index in range(n):
        data = jurisdiction_data(index, seed=seed, amendments=amendments)
        out.append((slug_of(index, data), to_yaml(data, comment=f"synthetic jurisdiction {index} (seed {seed})")))
    return out


def write_folder(folder: Path, n: int, *, seed: int = SEED) -> list[Path]:
    """Write `n` synthetic files into `folder` (created if missing); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for slug, text in generate(n, seed=seed):
        path = folder / f"{slug}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def edit_words(text: str, rng: random.Random, edits: int, vocabulary: Sequence[str] = ()) -> str:
    """Replace, insert or delete `edits` words at random places (new words from `vocabulary`)."""
    vocabulary = vocabulary or EDIT_WORDS
    words = text.split(" ")
    for _ in range(edits):
        at = rng.randrange(len(words))
        roll = rng.random()
        if roll < 0.4:
            words[at] = rng.choice(vocabulary) + "s"
        elif roll < 0.7:
            words.insert(at, rng.choice(vocabulary))
        elif len(words) > 1:
            del words[at]
    return " ".join(words)


def long_pair(*, words: int = 30_000, sections: int = 40, seed: int = SEED) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two jurisdictions whose added sections repeat one boilerplate paragraph to about `words` words in all;
    the second has a word edit in about one paragraph in ten, and a few paragraphs dropped or added."""
    rng = random.Random(f"{seed}:long")
    base = jurisdiction_data(0, seed=seed, amendments=0)
    base["policy"]["investments"] = True
    sentence = BOILERPLATE.format(kind=base["jurisdiction"]["kind"])
    per = max(1, (words - 1_600) // len(sentence.split()) // sections)  # the model's own text is ~1,600 words
    amendments_base, amendments_draft = [], []
    for s in range(sections):
        paragraphs = [sentence] * per
        edited = list(paragraphs)
        for _ in range(max(1, per // 10)):
            at = rng.randrange(len(edited))
            roll = rng.random()
            if roll < 0.8:
                edited[at] = edit_words(edited[at], rng, rng.randint(1, 3))
            elif roll < 0.9 and len(edited) > 1:
                del edited[at]
            else:
                edited.insert(at, edit_words(sentence, rng, 3))
        item = {"provision": PROVISIONS[s % len(PROVISIONS)], "action": "add_after", "title": f"Boilerplate {s + 1}"}
        amendments_base.append({**item, "text": "\n\n".join(paragraphs) + "\n"})
        amendments_draft.append({**item, "text": "\n\n".join(edited) + "\n"})
    draft = {**base, "amendments": amendments_draft}
    return {**base, "amendments": amendments_base}, draft


def docx_pair(*, seed: int = SEED) -> tuple[bytes, bytes]:
    """A ~1,500-word ordinance-like pair as DOCX files made with python-docx (bench/diff_bench.py's text pair:
    14 numbered sections; the draft drops one, renumbers the rest and edits a few paragraphs)."""
    import docx
    from diff_bench import ordinance_pair

    out = []
    for text in ordinance_pair(random.Random(seed)):
        document = docx.Document()
        for section in text.sections:
            if section.heading is not None:
                document.add_paragraph(section.heading.text, style="Heading 2")
            for paragraph in section.body:
                document.add_paragraph(paragraph.text)
        stream = io.BytesIO()
        document.save(stream)
        out.append(stream.getvalue())
    return out[0], out[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or print synthetic jurisdiction files.")
    parser.add_argument("n", type=int, help="how many")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="folder to write them into (default: print them)")
    args = parser.parse_args(argv)
    if args.out:
        paths = write_folder(args.out, args.n, seed=args.seed)
        print(f"wrote {len(paths)} files into {args.out}")
    else:
        for _, text in generate(args.n, seed=args.seed):
            sys.stdout.write(text + "---\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
