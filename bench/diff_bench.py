"""Time the diff engine on the sizes it must handle; not a test, just run it:

    python bench/diff_bench.py

Targets: compare() on a 1,500-word pair < 20 ms; compare() on a 30,000-word pair of repetitive
boilerplate with scattered edits < 0.5 s; word_diff() on one 30,000-word paragraph vs an edited copy
< 0.5 s. Inputs are built from a fixed seed, so runs are comparable.
"""
from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from draftkit.diff import compare, word_diff

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

from draftkit.document import PREAMBLE, DocumentText, Paragraph, Section

BOILERPLATE = (
    "The City shall not enter into any contract with a vendor that provides data brokering or "
    "extraction services to federal immigration enforcement, except as this chapter allows."
)
WORDS = ["agency", "officer", "contract", "vendor", "notice", "report", "council", "record", "service", "fund", "city"]


def build(sections: list[tuple[str, str, list[str]]]) -> DocumentText:
    """A DocumentText from (key, number, paragraph texts); each section's first text is its title."""
    index, out = 0, []
    for key, number, texts in sections:
        heading = None
        if key != PREAMBLE:
            heading = Paragraph(index, f"{number} {texts[0]}".strip())
            index += 1
        body = []
        for text in texts[1:]:
            body.append(Paragraph(index, text))
            index += 1
        out.append(Section(key, number, texts[0] if heading else "", heading, tuple(body)))
    return DocumentText(tuple(out))


def edit_words(text: str, rng: random.Random, edits: int) -> str:
    return synthetic.edit_words(text, rng, edits, WORDS)


def ordinance_pair(rng: random.Random) -> tuple[DocumentText, DocumentText]:
    """About 1,500 words in 14 sections; the draft drops one, renumbers, and edits a few paragraphs."""
    def prose(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)) + "."
    model = [(PREAMBLE, "", ["", prose(40), prose(30)])]
    for s in range(1, 14):
        model.append((f"p{s}", f"13.105.{s * 10:03d}", [f"Title {s}", *(prose(rng.randint(18, 36)) for _ in range(4))]))
    draft = [model[0]]
    for s, (key, _, texts) in enumerate(m for m in model[1:] if m[0] != "p5"):
        texts = [edit_words(t, rng, 2) if rng.random() < 0.3 else t for t in texts]
        draft.append((key, f"13.105.{(s + 1) * 10:03d}", texts))
    return build(model), build(draft)


def boilerplate_pair(rng: random.Random, sections: int) -> tuple[DocumentText, DocumentText]:
    """30,000 words: the same sentence in every paragraph, one edit in about one paragraph of 20."""
    per = 30_000 // len(BOILERPLATE.split()) // sections
    model = [(f"s{s}", f"1.{s:03d}", ["Prohibition", *([BOILERPLATE] * per)]) for s in range(sections)]
    draft = []
    for key, number, texts in model:
        texts = list(texts)
        for _ in range(max(1, per // 20)):
            at = rng.randrange(1, len(texts))
            roll = rng.random()
            if roll < 0.8:
                texts[at] = edit_words(texts[at], rng, 1)
            elif roll < 0.9:
                del texts[at]
            else:
                texts.insert(at, edit_words(BOILERPLATE, rng, 3))
        draft.append((key, number, texts))
    return build(model), build(draft)


def timed(run: Callable[[], object], repeat: int) -> float:
    """Best wall time of `repeat` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def words(doc: DocumentText) -> int:
    return sum(len(p.text.split()) for p in doc.paragraphs)


def main() -> int:
    rng = random.Random(20260101)
    small = ordinance_pair(rng)
    rows = [(f"compare, ordinance ({words(small[0])} words)", timed(lambda: compare(*small), 20), 20)]
    for count in (30, 1):
        big = boilerplate_pair(rng, count)
        label = f"compare, boilerplate ({words(big[0])} words, {count} section{'s' * (count > 1)})"
        rows.append((label, timed(lambda pair=big: compare(*pair), 3), 500))
    text = " ".join([BOILERPLATE] * (30_000 // len(BOILERPLATE.split())))
    edited = edit_words(text, rng, 150)
    rows.append((f"word_diff, one paragraph ({len(text.split())} words, 150 edits)",
                 timed(lambda: word_diff(text, edited), 3), 500))
    scrambled = " ".join(rng.sample(text.split(), len(text.split())))
    rows.append(("word_diff, same paragraph vs its words shuffled (worst case)",
                 timed(lambda: word_diff(text, scrambled), 1), None))
    for label, ms, target in rows:
        verdict = "" if target is None else ("  ok" if ms < target else f"  OVER {target} ms")
        print(f"{label:<72} {ms:8.1f} ms{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
