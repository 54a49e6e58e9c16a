"""Validation of the worst files we can construct under the size limit (issue 13): every shape at ~2 MB.

    python bench/validation.py [--only NAME ...] [--repeat 3] [--json FILE]

Each shape is a synthetic jurisdiction file (bench/synthetic.py) grown to just under the 2,000,000-byte limit
in one way: long lists, many keys, long keys, long strings, texts crafted against each field's regex and
PyYAML's resolvers, aliases repeating one large string, deep nesting, 200 long amendments, a thousand
problems. Prints the time to load and validate each (best of --repeat) against TARGET_SECONDS and what
validation said. tests/test_bounds.py runs the same files under a generous bound.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import synthetic

from draftkit import yamlsource
from draftkit.errors import InvalidInput
from draftkit.jurisdiction import validate_source
from draftkit.model import Model, load_model

TARGET_SECONDS = 2.0
LIMIT = yamlsource.MAX_BYTES
VALUES = yamlsource.MAX_NODES - 200  # a file just under the limit on values does all the work it may


def base_data() -> dict:
    """A valid synthetic jurisdiction with two amendments (in California, whose law the model states)."""
    data = synthetic.jurisdiction_data(0, amendments=2)
    data["jurisdiction"]["state"] = "California"
    return data


def base() -> str:
    return synthetic.to_yaml(base_data())


def _room(*parts: str) -> int:
    """Bytes left under the limit once `parts` are written."""
    return LIMIT - 64 - sum(len(p.encode("utf-8")) for p in parts)


def _set(text: str, field: str, value: str) -> str:
    """`text` with the one line `  field: ...` (two spaces in) replaced by `  field: value`."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"  {field}:"))
    end = index + 1
    while end < len(lines) and lines[end].startswith(("    ", "  - ")):  # the old value's continuation lines
        end += 1
    return "\n".join(lines[:index] + [f"  {field}: {value}"] + lines[end:]) + "\n"


def _repeat(unit: str, room: int, most: int | None = None) -> int:
    count = room // len(unit.encode("utf-8"))
    return min(count, most) if most is not None else count


def long_list() -> str:
    item = "    - " + "Councilmember " + "x" * 200 + "\n"
    count = _repeat(item, _room(base()), VALUES)
    return _set(base(), "sponsors", "\n" + item * count)


def long_flow_list() -> str:
    item = '"' + "Name " * 44 + '", '
    count = _repeat(item, _room(base()), VALUES)
    return _set(base(), "sponsors", "[" + item * count + '"last"]')


def many_unknown_keys() -> str:
    line = "unknown_{:05d}: " + "v" * 200 + "\n"
    count = _repeat(line.format(0), _room(base()), VALUES)
    return base() + "".join(line.format(i) for i in range(count))


def many_nested_unknown_keys() -> str:
    line = "  unknown_{:05d}: " + "v" * 200 + "\n"
    count = _repeat(line.format(0), _room(base()), VALUES)
    return base().replace("\npolicy:\n", "\npolicy:\n" + "".join(line.format(i) for i in range(count)), 1)


def long_keys() -> str:
    line = "k{:05d}" + "k" * 94 + ": " + "v" * 100 + "\n"
    count = _repeat(line.format(0), _room(base()), VALUES)
    return base() + "".join(line.format(i) for i in range(count))


def duplicate_keys() -> str:
    line = "  fee_cap: " + "1" * 200 + "\n"
    count = _repeat(line, _room(base()), VALUES)
    return base().replace("\npolicy:\n", "\npolicy:\n" + line * count, 1)


def long_plain_text() -> str:
    words = "word " * 19 + "\n    "
    return _set(base(), "history", ">-\n    " + words * _repeat(words, _room(base())))


def long_quoted_text() -> str:
    unit = "caf\\u00e9 \\t"
    return _set(base(), "history", '"' + unit * _repeat(unit, _room(base())) + '"')


def long_unicode_text() -> str:
    unit = "🌉 ناحية "
    return _set(base(), "history", '"' + unit * _repeat(unit, _room(base())) + '"')


def regex_email() -> str:
    return _set(base(), "contact_email", '"a@' + "." * _room(base()) + '@"')


def regex_email_under_limit() -> str:
    return _set(base(), "contact_email", '"a@' + "." * 190 + '@"')


def regex_chapter() -> str:
    return _set(base(), "chapter", '"1' + ".1" * (_room(base()) // 2) + '!"')


def regex_month_day() -> str:
    return _set(base(), "report_due", '"November ' + "1" * _room(base()) + '"')


def resolver_numbers() -> str:
    return _set(base(), "history", "1" * _room(base()) + "x")


def resolver_sexagesimal() -> str:
    return _set(base(), "history", "1" + ":1" * (_room(base()) // 2) + "x")


def resolver_timestamp() -> str:
    return _set(base(), "history", "2001-01-01" + " " * _room(base()) + "x")


def aliases_of_a_large_string() -> str:
    big = "x" * (_room(base()) // 2)
    text = base().replace("  history:", f"  history: &big {big}\n  old_history:", 1)
    return text + "extra: [" + ", ".join(["*big"] * 1_000) + "]\n"


def aliases_under_every_limit() -> str:
    item = "y" * 190
    anchor = "anchored: &list [" + ", ".join([item] * 90) + "]\n"
    return base() + anchor + "copies: [" + ", ".join(["*list"] * 100) + "]\n"


def alias_bomb() -> str:
    lines = ["a0: &a0 [" + ", ".join(["x" * 100] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return base() + "\n".join(lines) + "\n"


def deep_nesting() -> str:
    depth = yamlsource.MAX_DEPTH - 2
    nest = "[" * depth + ", ".join(["z" * 40] * 20) + "]" * depth
    count = _repeat(f"n{0:05d}: {nest}\n", _room(base()), VALUES // (20 + depth))
    return base() + "".join(f"n{i:05d}: {nest}\n" for i in range(count))


def amendments(count: int = 200) -> str:
    """The largest valid file: the most amendments the schema allows, each text as long as fits."""
    data = base_data()
    data["amendments"] = []
    size = (_room(synthetic.to_yaml(data)) // count) - 400
    clause = "The City shall keep records under [[report]] for five years; 2.70 does not apply. "
    text = (clause * (size // len(clause)))[:size]
    data["amendments"] = [{"provision": "enforcement", "action": "add_after", "title": f"Local rule {i}",
                           "text": text} for i in range(count)]
    return synthetic.to_yaml(data)


def many_paragraphs(count: int = 200) -> str:
    """The most paragraphs amendment text can hold (each is checked not to read as a section heading)."""
    data = base_data()
    data["amendments"] = []
    size = (_room(synthetic.to_yaml(data)) // count) - 400
    paragraphs = size // 3
    while True:  # each paragraph takes more room in the YAML (its indentation) than in the text
        data["amendments"] = [{"provision": "enforcement", "action": "add_after", "title": f"Local rule {i}",
                               "text": "x\n\n" * paragraphs} for i in range(count)]
        text = synthetic.to_yaml(data)
        if len(text.encode("utf-8")) <= LIMIT:
            return text
        paragraphs = paragraphs * LIMIT // len(text.encode("utf-8")) - 5


def many_problems() -> str:
    item = "  - {provision: enforcment, action: delete, title: '  ', text: '" + "t" * 150 + "', note: x}\n"
    return _set(base(), "sponsors", "[" + ", ".join(["Nobody Atall"] * 100) + "]").replace(
        "\namendments:", "\namendments:\n" + item * 200 + "old_amendments:", 1)


def schema_errors() -> str:
    """The most errors the schema validator can be given (it keeps them sorted, so their number costs
    quadratically): every amendment field, list item and name of the wrong type, at every limit."""
    item = "  - {provision: 1, action: 2, title: [x], text: {a: 1}}\n"
    text = base().replace("\namendments:", "\namendments:\n" + item * 200 + "old_amendments:", 1)
    for field, count in (("sponsors", 100), ("agencies", 100), ("members", 25)):
        text = _set(text, field, "[" + ", ".join(["1"] * count) + "]")
    text = _set(text, "vote", "{" + ", ".join(f"{g}: [" + ", ".join(["1"] * 100) + "]"
                                           for g in ("ayes", "noes", "abstain", "absent")) + "}")
    for field in ("name", "full_name", "clerk", "executive", "attorney", "code_name", "code_title"):
        text = _set(text, field, "[1]")
    return text


def python_reader_worst() -> str:
    """The largest text PyYAML's own (slower) reader takes, all small values in one flow list."""
    room = yamlsource.PYTHON_READER_LIMIT - len(base()) - 20
    return base() + "many: [" + "1," * (room // 2) + "1]\n"


def comments() -> str:
    line = "# " + "comment " * 12 + "\n"
    return line * _repeat(line, _room(base())) + base()


def syntax_error_at_the_end() -> str:
    line = "# " + "comment " * 12 + "\n"
    return base() + line * _repeat(line, _room(base())) + "oops: [unclosed\n"


def character_at_the_end() -> str:
    return _set(base(), "history", '"' + "x" * _room(base()) + '\\u0007"')


SHAPES: dict[str, Callable[[], str]] = {f.__name__: f for f in (
    long_list, long_flow_list, many_unknown_keys, many_nested_unknown_keys, long_keys, duplicate_keys,
    long_plain_text, long_quoted_text, long_unicode_text, regex_email, regex_email_under_limit, regex_chapter,
    regex_month_day, resolver_numbers, resolver_sexagesimal, resolver_timestamp, aliases_of_a_large_string,
    aliases_under_every_limit, alias_bomb, deep_nesting, amendments, many_paragraphs, many_problems,
    schema_errors,
    python_reader_worst,
    comments,
    syntax_error_at_the_end, character_at_the_end)}


def validate(name: str, text: str, model: Model) -> str:
    """Load and validate one text as a file named `name`.yaml; what validation said, in a few words."""
    try:
        validate_source(yamlsource.load(Path(f"{name}.yaml"), text=text), model)
        return "valid"
    except InvalidInput as exc:
        first = str(exc.problems[0]).split(": ", 1)[1]
        return f"{len(exc.problems)} problem(s): {first[:90]}"


def measure(name: str, text: str, model: Model, repeat: int) -> tuple[float, str]:
    best, said = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        said = validate(name, text, model)
        best = min(best, time.perf_counter() - start)
    return best, said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(SHAPES), help="shapes to run (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per shape; the best is kept (default: 3)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the figures as JSON")
    args = parser.parse_args(argv)
    model = load_model()
    figures, worst = {}, ("", 0.0)
    for name in args.only or SHAPES:
        text = SHAPES[name]()
        size = len(text.encode("utf-8"))
        assert size <= LIMIT, f"{name} is {size:,} bytes, over the limit"
        seconds, said = measure(name, text, model, args.repeat)
        figures[name] = {"bytes": size, "seconds": round(seconds, 4), "result": said}
        worst = max(worst, (name, seconds), key=lambda w: w[1])
        print(f"{name:28} {size:>10,} B {seconds:7.3f} s  {said}")
    print(f"slowest: {worst[0]}, {worst[1]:.3f} s; target {TARGET_SECONDS} s: "
          f"{'ok' if worst[1] <= TARGET_SECONDS else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if worst[1] <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
