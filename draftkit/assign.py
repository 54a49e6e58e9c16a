"""Which model provision each paragraph of an adopted text carries out, found when it is reworded and regrouped.

Pure data in and out: the model's sections (keyed by provision) and an adopted text's sections. Every body
paragraph of the adopted text is scored against every provision by what it shares with it: content words
(weighted by how rare they are in the model, crudely stemmed), defined terms (an adopted definition is
matched to the model's by what it defines, so a term renamed in the adopted text counts as the model's
term), the title of the section it stands in, and its place in the text. It goes to the best provision when
the evidence is enough, with a confidence; else it is an addition. History notes are left out. Paragraphs too thin to tell (a lead-in)
follow their neighbours. `regroup` then gathers the paragraphs into one section per provision, in the
model's order, so the word-level diff measures each provision against what carries it out.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .document import PREAMBLE, DocumentText, Paragraph, Section
from .readers.lines import HISTORY

WORD = re.compile(r"[^\W\d_][\w’'-]*")
DEFINES = re.compile(r"^(?:\(?[A-Za-z0-9]{1,3}[.)]\s+)?[“\"‘']([^”\"’']{1,60})[”\"’']\s+(?:means|refers to|shall mean|"
                     r"is defined as|includes|has the meaning)\b", re.IGNORECASE)
STOP = frozenset("""a an and are as at be been being but by can could do does for from had has have he her his if in
into is it its may might must no nor not of on or other our shall should so such than that the their them then there
these they this those to under upon was were what when where which while who whom whose will with within would any
all each every same own also only thereof therein herein hereby""".split())
SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ities", "ity", "edly", "ed", "ies", "es", "s", "ly")
TEXT, TITLE, PLACE = 0.75, 0.15, 0.10   # weights of the evidence
FLOOR = 0.10        # least score for a paragraph to carry out a provision
THIN = 6            # a paragraph with fewer content words follows its neighbours when it can
TERM_MATCH = 0.15   # least likeness of two definitions' wording to take one term for the other
HEADING_LINE = 0.9  # confidence of a line that reads as a provision's heading in the model (its title alone)


@dataclass(frozen=True)
class Assigned:
    """One paragraph of the adopted text and the provision it carries out (None: none, an addition)."""

    paragraph: int          # Paragraph.index in the adopted text
    key: str | None
    confidence: float       # 0 to 1
    by: str = "text"        # "text" (found) or "mapping" (set by the user's mapping file)


@dataclass(frozen=True)
class Assignment:
    """Every body paragraph's assignment, in the adopted text's order; and the terms matched."""

    paragraphs: tuple[Assigned, ...]
    terms: tuple[tuple[str, str], ...] = ()     # (adopted term, model term)

    def of(self, key: str) -> tuple[Assigned, ...]:
        return tuple(a for a in self.paragraphs if a.key == key)

    def confidence(self, key: str, words: Mapping[int, int]) -> float | None:
        """A provision's confidence: its paragraphs' confidences weighted by their words; None if it has none."""
        found = self.of(key)
        total = sum(words.get(a.paragraph, 1) for a in found)
        return round(sum(a.confidence * words.get(a.paragraph, 1) for a in found) / total, 2) if total else None

    def by_mapping(self, key: str) -> bool:
        return any(a.by == "mapping" for a in self.of(key))


def _carries(p: Paragraph) -> bool:
    """Whether a paragraph can carry out a provision: not blank, not a history note ("(Ord. 7650-NS § 1,
    2019)", which a Word file keeps in its text)."""
    return not p.is_blank and not HISTORY.match(p.text.strip())


def stem(word: str) -> str:
    """A crude English stem: enough to make "contracting", "contracts" and "contract" one word."""
    word = word.casefold().replace("’", "'").split("'")[0]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _normalize(text: str, terms: Mapping[str, str]) -> str:
    """Each defined term (longest first) written as one token, the same on both sides."""
    for term in sorted(terms, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", f" term{terms[term]} ", text, flags=re.IGNORECASE)
    return text


def tokens(text: str, terms: Mapping[str, str] | None = None) -> list[str]:
    """Content words of a text, stemmed; defined terms as one token each."""
    text = _normalize(text, terms) if terms else text
    return [w if w.startswith("term") else stem(w) for w in WORD.findall(text) if w.casefold() not in STOP]


def definitions(paragraphs: Sequence[Paragraph]) -> dict[str, str]:
    """Term -> the words of its definition, for paragraphs that define one."""
    found = {}
    for p in paragraphs:
        match = DEFINES.match(p.text.strip())
        if match:
            found[match[1].strip()] = p.text[match.end():]
    return found


class _Vectors:
    """tf-idf vectors over one vocabulary (the model's paragraphs give the rarity of each word)."""

    def __init__(self, documents: Sequence[list[str]]):
        seen: Counter[str] = Counter()
        for doc in documents:
            seen.update(set(doc))
        self.n = len(documents)
        self.idf = {w: math.log((1 + self.n) / (1 + c)) + 1 for w, c in seen.items()}

    def of(self, words: Sequence[str]) -> dict[str, float]:
        counts = Counter(words)
        vec = {w: (1 + math.log(c)) * self.idf.get(w, math.log(1 + self.n) + 1) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}


def _cos(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def match_terms(model: DocumentText, adopted: DocumentText) -> dict[str, str]:
    """Adopted defined term -> model defined term, matched one to one by the wording of their definitions."""
    ours, theirs = definitions(model.paragraphs), definitions(adopted.paragraphs)
    if not ours or not theirs:
        return {}
    space = _Vectors([tokens(t) for t in ours.values()])
    mine = {t: space.of(tokens(d)) for t, d in ours.items()}
    pairs = sorted(((_cos(space.of(tokens(d)), mine[m]), a, m) for a, d in theirs.items() for m in mine), reverse=True)
    matched: dict[str, str] = {}
    for score, a, m in pairs:
        if score >= TERM_MATCH and a not in matched and m not in matched.values():
            matched[a] = m
    return matched


@dataclass(frozen=True)
class _Provision:
    key: str
    place: float                         # middle of the provision in the model, 0 to 1
    title: dict[str, float]
    whole: dict[str, float]
    parts: tuple[dict[str, float], ...]


def _provisions(model: DocumentText, terms: Mapping[str, str], space: _Vectors) -> list[_Provision]:
    count = max(len(model.paragraphs), 1)
    out, seen = [], 0
    for s in model.sections:
        bodies = [tokens(p.text, terms) for p in s.body]
        middle = (seen + len(s.paragraphs) / 2) / count
        seen += len(s.paragraphs)
        if s.key is None or not bodies:
            continue
        out.append(_Provision(s.key, middle, space.of(tokens(s.title, terms)),
                              space.of([w for b in bodies for w in b]), tuple(space.of(b) for b in bodies if b)))
    return out


def _scores(words: list[str], title: dict[str, float], place: float, provisions: list[_Provision],
            space: _Vectors) -> dict[str, float]:
    vec = space.of(words)
    out = {}
    for p in provisions:
        text = 0.5 * max((_cos(vec, part) for part in p.parts), default=0.0) + 0.5 * _cos(vec, p.whole)
        out[p.key] = TEXT * text + TITLE * _cos(title, p.title) + PLACE * text * (1 - abs(place - p.place))
    return out


def _confidence(ranked: list[tuple[float, str]]) -> float:
    best = ranked[0][0]
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    margin = best / (best + second) if best + second else 0.0
    return round(min(1.0, margin * min(1.0, best / 0.3)), 2)


def assign(model: DocumentText, adopted: DocumentText, *, fixed: Mapping[int, str | None] | None = None) -> Assignment:
    """Assign every body paragraph of `adopted` to the model provision it carries out (or to none).

    `fixed` gives the user's own assignments by paragraph index; they are kept as given (confidence 1). A
    section that already names its provision (our own documents mark each heading with it) keeps it.
    """
    fixed = fixed or {}
    terms = match_terms(model, adopted)
    model_terms = {m: re.sub(r"\W+", "", m.casefold()) for m in set(terms.values()) | set(definitions(model.paragraphs))}
    adopted_terms = {a: model_terms[m] for a, m in terms.items()}
    space = _Vectors([tokens(p.text, model_terms) for p in model.paragraphs])
    provisions = _provisions(model, model_terms, space)
    titles = _titles(model)
    body = [(s, p) for s in _under_model_headings(adopted, titles) for p in s.body if _carries(p)]
    results: list[Assigned] = []
    ranked_all: list[list[tuple[float, str]]] = []
    for n, (section, para) in enumerate(body):
        words = tokens(para.text, adopted_terms)
        scores = _scores(words, space.of(tokens(section.title, adopted_terms)), n / max(len(body), 1), provisions,
                         space)
        ranked = sorted(((v, k) for k, v in scores.items()), reverse=True)
        ranked_all.append(ranked)
        key = ranked[0][1] if ranked and ranked[0][0] >= FLOOR else None
        results.append(Assigned(para.index, key, _confidence(ranked) if key else round(1 - ranked[0][0] / FLOOR, 2)))
    results = _follow_neighbours(results, body, ranked_all, adopted_terms)
    results = [Assigned(a.paragraph, titles[_bare(p.text)], HEADING_LINE) if _bare(p.text) in titles else a
               for a, (_, p) in zip(results, body)]
    known = {p.index: s.key for s, p in body if s.key is not None and s.key in {m.key for m in model.sections}}
    results = [Assigned(a.paragraph, fixed[a.paragraph], 1.0, "mapping") if a.paragraph in fixed else
               Assigned(a.paragraph, known[a.paragraph], 1.0) if a.paragraph in known else a for a in results]
    return Assignment(tuple(results), tuple(sorted(terms.items())))


def _titles(model: DocumentText) -> dict[str, str]:
    """Each way a line may read as a model provision's heading (see _headings) -> the provision."""
    return {t: m.key for m in reversed(model.sections) if m.key and m.key != PREAMBLE for t in _headings(m) if t}


def _under_model_headings(adopted: DocumentText, titles: Mapping[str, str], *, as_heading: bool = False) -> list[Section]:
    """The adopted sections, each one with no provision of its own cut where a paragraph reads as a model
    provision's heading (a heading the reader took for a paragraph, as a PDF's or a text file's unnumbered
    "Signatures and certification." can be): what follows stands under that heading, not the one before.
    The line stays a body paragraph (so it is assigned like the rest), or, `as_heading`, heads its part."""
    out: list[Section] = []
    for s in adopted.sections:
        cuts = [n for n, p in enumerate(s.body) if n and s.key is None and _bare(p.text) in titles]
        for start, end in zip([0, *cuts], [*cuts, len(s.body)]):
            if start == 0:
                out.append(Section(s.key, s.number, s.title, s.heading, s.body[:end]))
            else:
                line = s.body[start]
                title = " ".join(line.text.split()).rstrip(".:").strip()  # as the reader titles a heading
                out.append(Section(None, "", title, line if as_heading else None,
                                   s.body[start + 1:end] if as_heading else s.body[start:end]))
    return out


def _follow_neighbours(results: list[Assigned], body: list[tuple[Section, Paragraph]],
                       ranked: list[list[tuple[float, str]]], terms: Mapping[str, str]) -> list[Assigned]:
    """A thin paragraph (a one-line list item, a signature line) takes the provision of the nearest paragraph
    of substance after it in its section (or else before it) when that provision is among its three best; a
    lead-in (ending in ":"), or a line with no content words at all (a signature rule), takes the next one's
    in any case. A neighbour is followed only when it is at least as sure of its provision as the paragraph
    is of its own (a vote's list of names, which the model leaves blank, does not pull the clerk's
    certificate into the section before it). Thin paragraphs in a row follow the same neighbours, not each
    other."""
    words = [len(tokens(p.text, terms)) for _, p in body]
    thin = [n < THIN for n in words]

    def nearest(n: int, step: int) -> int | None:
        m = n + step
        while 0 <= m < len(body) and body[m][0] is body[n][0]:
            if not thin[m] and results[m].key:
                return m
            m += step
        return None

    out = list(results)
    for n, (_, para) in enumerate(body):
        lead_in = para.text.rstrip().endswith(":")
        if not thin[n] and not lead_in:
            continue
        # only a neighbour at least as sure of its provision as the paragraph is of its own
        near = [m for m in (nearest(n, 1), nearest(n, -1)) if m is not None
                and results[m].confidence >= results[n].confidence]
        follows = near and (lead_in or not words[n])  # a lead-in, or a line with no content words (a rule)
        top = {k for _, k in ranked[n][:3]} | ({results[near[0]].key} if follows else set())
        for m in near:
            if results[m].key in top and results[m].key != out[n].key:
                out[n] = Assigned(para.index, results[m].key, round(min(results[m].confidence, 0.6), 2))
                break
    return out


def regroup(model: DocumentText, adopted: DocumentText, assignment: Assignment) -> DocumentText:
    """The adopted text as one section per provision it carries out (model order, keyed by provision), each
    with its paragraphs in the adopted order and the heading of the adopted section it mostly fills; then the
    paragraphs no provision claims, under their own sections' headings. A line that reads as a provision's
    heading in the model heads what follows it."""
    adopted = DocumentText(tuple(_under_model_headings(adopted, _titles(model), as_heading=True)), adopted.notes)
    keys = {a.paragraph: a.key for a in assignment.paragraphs}
    words = {p.index: len(p.text.split()) for p in adopted.paragraphs}
    owner: dict[int, str | None] = {}   # adopted section (by position) -> the provision with most of its words
    for n, s in enumerate(adopted.sections):
        tally: Counter[str | None] = Counter()
        for p in s.body:
            tally[keys.get(p.index)] += words[p.index]
        owner[n] = tally.most_common(1)[0][0] if tally else None
    built = []
    for m in model.sections:
        mine = [(n, p) for n, s in enumerate(adopted.sections) for p in s.body if keys.get(p.index) == m.key]
        if not mine:
            continue
        first = adopted.sections[mine[0][0]]
        heads = [s.heading for n, s in enumerate(adopted.sections) if owner[n] == m.key and s.heading]
        built.append(Section(m.key, first.number, first.title, heads[0] if heads else None, tuple(p for _, p in mine)))
    for n, s in enumerate(adopted.sections):
        rest = tuple(p for p in s.body if keys.get(p.index) is None and _carries(p))
        if rest and s.key != PREAMBLE:
            built.append(Section(None, s.number, s.title, s.heading if owner[n] is None else None, rest))
    return DocumentText(tuple(built), adopted.notes)


def keyed(model: DocumentText, adopted: DocumentText, assignment: Assignment) -> DocumentText:
    """The adopted text as it is, set out for a section-by-section redline: each section that names no
    provision keyed by a provision its words carry out, each provision once, the surest pairs first (words
    weighted by the confidence of their assignment), so a section of the city's own that borrows from a
    provision does not take it from the section that carries it out.

    A stretch of a section that holds most of what carries out another provision is split off as a section
    of its own, keyed by that provision: a provision the city merged into another section (a section with no
    heading of its own, which the redline reports as folded into the one before it, as it does for a Word
    file). A line that reads as a provision's heading in the model heads what follows it ("Signatures and
    certification." on a line of its own in a PDF or a text file), as in the comparison's regrouping."""
    adopted = DocumentText(tuple(_under_model_headings(adopted, _titles(model), as_heading=True)), adopted.notes)
    found = {a.paragraph: a for a in assignment.paragraphs}
    keys = {a.paragraph: a.key for a in assignment.paragraphs}
    known = {m.key: m for m in model.sections if m.key and m.key != PREAMBLE}
    carried: Counter[str] = Counter()   # provision -> the words of the paragraphs carrying it out
    for p in adopted.paragraphs:
        if keys.get(p.index) in known:
            carried[keys[p.index]] += len(p.text.split())
    cut = [_stretches(s.body, keys, carried) if s.key is None else [] for s in adopted.sections]
    evidence: Counter[tuple[int, str]] = Counter()   # (section, provision) -> words weighted by confidence
    for n, stretches in enumerate(cut):
        for p in stretches[0][1] if stretches else ():
            if keys.get(p.index) in known:
                evidence[n, keys[p.index]] += len(p.text.split()) * found[p.index].confidence
    taken = {s.key for s in adopted.sections if s.key}
    owners: dict[int, str] = {}
    for (n, key), _ in sorted(evidence.items(), key=lambda item: (-item[1], item[0])):
        if n not in owners and key not in taken:
            owners[n] = key
            taken.add(key)
    sections: list[Section] = []
    for n, s in enumerate(adopted.sections):
        if s.key is not None:
            sections.append(s)
            continue
        for m, (key, body) in enumerate(cut[n]):
            if m == 0:
                sections.append(Section(owners.get(n), s.number, s.title, s.heading, body))
            elif key in taken:  # a section of its own carries it already: the stretch stays where it stood
                last = sections[-1]
                sections[-1] = Section(last.key, last.number, last.title, last.heading, last.body + body)
            else:  # no heading of its own: folded into the section before it
                taken.add(key)
                sections.append(Section(key, "", "", None, body))
    return DocumentText(tuple(sections), adopted.notes)


def _stretches(body: Sequence[Paragraph], keys: Mapping[int, str | None],
               carried: Mapping[str, int]) -> list[tuple[str | None, tuple[Paragraph, ...]]]:
    """A section's body cut where a stretch begins that holds at least half the words carrying out some
    provision, with that provision (paragraphs no provision claims stay with the stretch before them). The
    first stretch, the section's own, has None."""
    runs: list[tuple[str | None, list[Paragraph]]] = []   # by the provision of each run's first claimed paragraph
    for p in body:
        key = keys.get(p.index)
        if not runs or (key in carried and runs[-1][0] is not None and key != runs[-1][0]):
            runs.append((key if key in carried else None, []))
        elif runs[-1][0] is None and key in carried:
            runs[-1] = (key, runs[-1][1])
        runs[-1][1].append(p)
    out: list[tuple[str | None, tuple[Paragraph, ...]]] = []
    for key, paragraphs in runs:
        words = sum(len(p.text.split()) for p in paragraphs if keys.get(p.index) == key)
        if out and (key == out[-1][0] or not words or words * 2 < carried[key]):
            out[-1] = (out[-1][0], out[-1][1] + tuple(paragraphs))
        else:
            out.append((key, tuple(paragraphs)))
    return [(None, out[0][1]), *out[1:]] if out else []


def _headings(provision: Section) -> set[str]:
    """How a line reading as the provision's heading may be written: its model heading, or its title alone."""
    return {_bare(provision.title)} | ({_bare(provision.heading.text)} if provision.heading else set())


def _bare(text: str) -> str:
    """A heading's words as compared: case, spacing and closing punctuation aside."""
    return " ".join(text.split()).rstrip(".:").strip().casefold()
