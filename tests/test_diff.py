"""Behaviour of the diff engine: word spans, paragraph and section alignment, renumbering, counts."""
from __future__ import annotations

import random
from itertools import groupby, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.changes import Comparison, ParagraphChange, SectionChange, Span
from draftkit.diff import compare, word_diff
from draftkit.document import PREAMBLE, DocumentText, Paragraph, Section

# --- builders ----------------------------------------------------------------------------------------

SectionSpec = tuple[str | None, str, str, list[str]]   # key, number, title, body texts


def doc(*specs: SectionSpec) -> DocumentText:
    """A document from (key, number, title, body) specs; the preamble (key PREAMBLE) has no heading."""
    index, sections = 0, []
    for key, number, title, body in specs:
        heading = None
        if key != PREAMBLE:
            heading = Paragraph(index, f"{number} {title}".strip(), style="Heading 2")
            index += 1
        paragraphs = tuple(Paragraph(index + n, text) for n, text in enumerate(body))
        index += len(body)
        sections.append(Section(key, number, title, heading, paragraphs))
    return DocumentText(tuple(sections))


def preamble(*body: str) -> SectionSpec:
    return (PREAMBLE, "", "", list(body))


def old_of(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans if s.op != "insert")


def new_of(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans if s.op != "delete")


def reject_all(comparison: Comparison) -> list[str]:
    return [p.old_text for s in comparison.sections for p in s.paragraphs if p.kind != "inserted"]


def accept_all(comparison: Comparison) -> list[str]:
    return [p.new_text for s in comparison.sections for p in s.paragraphs if p.kind != "deleted"]


def texts(document: DocumentText) -> list[str]:
    return [p.text for p in document.paragraphs]


def by_key(comparison: Comparison) -> dict[str, SectionChange]:
    return {s.key: s for s in comparison.sections if not s.moved_from}


def kinds(comparison: Comparison) -> list[tuple[str, str]]:
    return [(s.key, s.kind + ("(from)" if s.moved_from else "")) for s in comparison.sections]


def assert_well_formed(spans: tuple[Span, ...], old: str, new: str) -> None:
    """Spans rebuild both texts, are never empty, never repeat an op, and never cut inside a word (between
    two letters or digits; a word's closing punctuation may stand apart)."""
    assert old_of(spans) == old and new_of(spans) == new
    assert all(s.text for s in spans) or spans == (Span("equal", ""),)
    assert all(a.op != b.op for a, b in pairwise(spans))
    assert all((a.op, b.op) != ("insert", "delete") for a, b in pairwise(spans))
    for side, text in (("insert", old), ("delete", new)):
        pos, previous = 0, None
        for span in (s for s in spans if s.op != side):
            if previous is not None and span.op != previous and 0 < pos < len(text):
                assert not (text[pos - 1].isalnum() and text[pos].isalnum()), (text, pos)
            pos, previous = pos + len(span.text), span.op


# --- word_diff ---------------------------------------------------------------------------------------

PAIRS = [
    ("", ""),
    ("", "Inserted whole."),
    ("Deleted whole.", ""),
    ("same text", "same text"),
    ("  leading and trailing  ", "leading and trailing"),
    ("tabs\tand  double  spaces", "tabs and double spaces"),
    ("line one\nline two", "line one\nline 2"),
    ("Fines & Penalties <Sec. 5>", "Fines &amp; Penalties <Sec. 6>"),
    ("Café, naïve façade — “quoted” §13.105", "Cafe, naive façade – “quoted” § 13.105"),
    ("a a a a a b a a a a", "a a a b a a a a a a"),
    ("The City shall not contract.", "The City and County shall not knowingly contract."),
    ("   ", " "),
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_word_diff_rebuilds_both_texts(old: str, new: str) -> None:
    assert_well_formed(word_diff(old, new), old, new)


def test_word_diff_reads_a_number_in_words_and_figures_as_one_change() -> None:
    assert word_diff("within thirty (30) days", "within sixty (60) days") == (
        Span("equal", "within "),
        Span("delete", "thirty (30)"),
        Span("insert", "sixty (60)"),
        Span("equal", " days"),
    )


def test_word_diff_keeps_ampersand_angle_brackets_and_accents_as_text() -> None:
    spans = word_diff("Fines & Penalties <Sec. 5> for the café", "Fines & Penalties <Sec. 6> for the cafés")
    assert spans == (
        Span("equal", "Fines & Penalties <Sec. "),
        Span("delete", "5>"),
        Span("insert", "6>"),
        Span("equal", " for the "),
        Span("delete", "café"),
        Span("insert", "cafés"),
    )


def test_word_diff_changes_whole_words_only() -> None:
    assert word_diff("the contractor's bid.", "the vendor's bid;") == (
        Span("equal", "the "),
        Span("delete", "contractor's bid."),
        Span("insert", "vendor's bid;"),
    )


def test_word_diff_keeps_a_shared_word_between_two_edits() -> None:
    spans = word_diff("the Mayor and the Clerk", "the Manager and the Auditor")
    assert [s for s in spans if s.op == "equal"] == [Span("equal", "the "), Span("equal", " and the ")]


def test_word_diff_of_an_insertion_leaves_the_neighbours_equal() -> None:
    assert word_diff("shall not contract", "shall not knowingly contract") == (
        Span("equal", "shall not "),
        Span("insert", "knowingly "),
        Span("equal", "contract"),
    )


TEXT = st.text(alphabet=st.sampled_from(list("ab Zé&<>()., \t\n—") + ["ß", "§"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(old=TEXT, new=TEXT)
def test_word_diff_rebuilds_any_pair(old: str, new: str) -> None:
    assert_well_formed(word_diff(old, new), old, new)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(["the", "City", "shall", "(30)", "&", "<b>", "naïve", "  ", "\t"]), max_size=40),
    edits=st.lists(st.tuples(st.sampled_from("rid"), st.integers(0, 39), st.sampled_from(["x", "County", "é", ""])), max_size=6),
)
def test_word_diff_rebuilds_randomly_edited_text(words: list[str], edits: list[tuple[str, int, str]]) -> None:
    edited = list(words)
    for op, at, word in edits:
        at = min(at, len(edited))
        if op == "i":
            edited.insert(at, word)
        elif edited and at < len(edited):
            if op == "r":
                edited[at] = word
            else:
                del edited[at]
    old, new = " ".join(words), " ".join(edited)
    assert_well_formed(word_diff(old, new), old, new)


# --- readable rewrites: short unchanged islands inside a rewrite go into the change ------------------


def redline(spans: tuple[Span, ...]) -> str:
    """Spans as a reader sees them: [-deleted-]{+inserted+}."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[s.op].format(s.text) for s in spans)


def test_a_rewritten_sentence_reads_as_one_replacement_not_word_salad() -> None:
    old = "This chapter does not apply to a Contract entered into before its effective date."
    new = "This chapter applies to every Contract entered into while it is in force on or after that date."
    spans = word_diff(old, new)
    assert_well_formed(spans, old, new)
    assert len(spans) <= 4
    assert redline(spans) == (
        "This chapter [-does not apply to a Contract entered into before its effective-]"
        "{+applies to every Contract entered into while it is in force on or after that+} date."
    )


def test_a_chain_of_small_islands_in_a_rewrite_collapses_but_a_longer_kept_phrase_stays() -> None:
    old = "A vendor may appeal a finding to the City Manager within ten days after notice is mailed."
    new = "Any person may ask the Council to review a finding within thirty days after notice is posted."
    assert redline(word_diff(old, new)) == (
        "[-A vendor may appeal a finding to the City Manager within ten-]"
        "{+Any person may ask the Council to review a finding within thirty+} days after notice is [-mailed-]{+posted+}."
    )


def test_a_number_in_words_and_figures_stays_a_small_change() -> None:
    old = "The vendor shall give notice within thirty (30) business days of the award."
    assert word_diff(old, old.replace("thirty (30)", "sixty (60)")) == (
        Span("equal", "The vendor shall give notice within "),
        Span("delete", "thirty (30)"),
        Span("insert", "sixty (60)"),
        Span("equal", " business days of the award."),
    )


def test_one_word_changed_in_a_long_sentence_stays_one_word() -> None:
    old = ("The Manager shall report to the Council each year on every contract awarded, renewed or extended under "
           "this chapter, and the Clerk shall publish the report.")
    new = old.replace("publish", "post")
    assert [s for s in word_diff(old, new) if s.op != "equal"] == [Span("delete", "publish"), Span("insert", "post")]


def test_two_distant_edits_stay_two_changes() -> None:
    old = "The Mayor shall report to the Council each year on the contracts awarded, and the Clerk shall publish it."
    new = "The Manager shall report to the Council each year on the contracts awarded, and the Clerk shall post it."
    assert redline(word_diff(old, new)) == (
        "The [-Mayor-]{+Manager+} shall report to the Council each year on the contracts awarded, and the Clerk shall "
        "[-publish-]{+post+} it."
    )


def test_insertions_around_a_kept_word_are_not_turned_into_a_replacement() -> None:
    assert redline(word_diff("The City shall not contract.", "The City and County shall not knowingly contract.")) == (
        "The City {+and County +}shall not{+ knowingly+} contract."
    )


@pytest.mark.parametrize("text", [
    "This chapter does not apply to a Contract entered into before its effective date.",
    "a a a a b a",
    "(a) The Clerk shall  publish\tthe report.",
    "The [City] adopts this chapter on [date].",
])
def test_an_equal_paragraph_is_one_equal_span(text: str) -> None:
    assert word_diff(text, text) == (Span("equal", text),)


LEGAL_WORDS = ["The", "City", "shall", "not", "may", "contract", "with", "a", "vendor", "that", "provides", "data",
               "services", "to", "the", "agency", "within", "thirty", "(30)", "days", "of", "notice", "&", "naïve"]


def islands_left(spans: tuple[Span, ...]) -> list[str]:
    """Equal spans the rule would still absorb: short, between changes no smaller, that both delete and insert."""
    runs = [(equal, list(run)) for equal, run in groupby(spans, key=lambda s: s.op == "equal")]

    def size(run: list[Span]) -> tuple[int, int]:
        return tuple(sum(len(s.text.split()) for s in run if s.op == op) for op in ("delete", "insert"))

    left = []
    for (_, before), (equal, island), (_, after) in zip(runs, runs[1:], runs[2:]):
        (d1, i1), (d2, i2) = size(before), size(after)
        words = len(island[0].text.split())
        if equal and words <= min(3, max(d1, i1), max(d2, i2)) and d1 + d2 > 0 and i1 + i2 > 0:
            left.append(island[0].text)
    return left


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(LEGAL_WORDS), min_size=1, max_size=60),
    edits=st.lists(st.tuples(st.sampled_from("rid"), st.integers(0, 59), st.integers(1, 6),
                             st.lists(st.sampled_from(LEGAL_WORDS + ["County", "every", "applies"]), max_size=6)),
                   max_size=8),
)
def test_rewrites_rebuild_both_texts_and_leave_no_island_to_absorb(
        words: list[str], edits: list[tuple[str, int, int, list[str]]]) -> None:
    edited = list(words)
    for op, at, length, replacement in edits:
        at = min(at, len(edited))
        if op == "i":
            edited[at:at] = replacement
        elif op == "r":
            edited[at:at + length] = replacement
        else:
            del edited[at:at + length]
    old, new = "Whereas " + " ".join(words), "Whereas " + " ".join(edited)
    spans = word_diff(old, new)
    assert_well_formed(spans, old, new)
    assert islands_left(spans) == []


def test_word_diff_on_a_long_repetitive_paragraph_finds_each_edit() -> None:
    sentence = "The City shall not contract with any vendor that provides data services to the agency. "
    old = sentence * 2000
    new = old.replace("vendor", "contractor", 1).replace("agency. The", "agency; the", 1)
    cut = new.index("The City", len(new) // 2)
    new = new[:cut] + "Nothing here applies. " + new[cut:]
    spans = word_diff(old, new)
    assert_well_formed(spans, old, new)
    assert [s.text for s in spans if s.op == "delete"] == ["vendor", "agency. The"]
    assert [s.text.strip() for s in spans if s.op == "insert"] == ["contractor", "agency; the", "Nothing here applies."]


# --- paragraphs within a section ---------------------------------------------------------------------


def test_paragraphs_are_equal_modified_deleted_and_inserted_in_reading_order() -> None:
    base = doc(preamble("Be it ordained."), ("waiver", "1.010", "Waiver", [
        "The Council may waive this chapter.",
        "A waiver lasts one year.",
        "The Clerk shall publish each waiver.",
    ]))
    draft = doc(preamble("Be it ordained."), ("waiver", "1.010", "Waiver", [
        "The Council may waive this chapter.",
        "The Clerk shall publish each waiver online.",
        "Waivers are public records.",
    ]))
    section = by_key(compare(base, draft))["waiver"]
    assert section.kind == "modified"
    assert [(p.kind, p.old, p.new) for p in section.paragraphs] == [
        ("equal", 1, 1), ("equal", 2, 2), ("deleted", 3, None), ("modified", 4, 3), ("inserted", None, 4),
    ]
    assert section.paragraphs[3].spans == (
        Span("equal", "The Clerk shall publish each "), Span("delete", "waiver"), Span("insert", "waiver online"),
        Span("equal", "."),
    )
    assert (section.words_deleted, section.words_inserted) == (5 + 1, 2 + 4)
    assert section.model_words == section.retained_words + section.words_deleted


def test_an_emptied_paragraph_is_modified_with_all_its_text_deleted() -> None:
    base = doc(preamble(), ("report", "1.010", "Report", ["Annual report.", "The Clerk files it.", "Done."]))
    draft = doc(preamble(), ("report", "1.010", "Report", ["Annual report.", "", "Done."]))
    section = by_key(compare(base, draft))["report"]
    emptied = section.paragraphs[2]
    assert (emptied.kind, emptied.old, emptied.new) == ("modified", 2, 2)
    assert emptied.spans == (Span("delete", "The Clerk files it."),)
    assert (emptied.old_text, emptied.new_text) == ("The Clerk files it.", "")
    assert (section.words_deleted, section.words_inserted) == (4, 0)


def test_equal_paragraphs_carry_one_equal_span_with_both_indexes() -> None:
    base = doc(preamble("Whereas."), ("title", "1.010", "Title", ["This is the Act."]))
    draft = doc(preamble("Whereas.", "Now therefore."), ("title", "1.010", "Title", ["This is the Act."]))
    comparison = compare(base, draft)
    title = by_key(comparison)["title"]
    assert title.kind == "unchanged"
    assert [p.spans for p in title.paragraphs] == [(Span("equal", "1.010 Title"),), (Span("equal", "This is the Act."),)]
    assert [(p.old, p.new) for p in title.paragraphs] == [(1, 2), (2, 3)]
    assert by_key(comparison)[PREAMBLE].paragraphs[1] == ParagraphChange("inserted", None, 1, (Span("insert", "Now therefore."),))


# --- sections ----------------------------------------------------------------------------------------


def model() -> DocumentText:
    return doc(
        preamble("The Council of the City ordains as follows."),
        ("findings", "13.105.010", "Findings", ["The City is a sanctuary city."]),
        ("contracts", "13.105.020", "Contract prohibition", ["The City shall not contract with a listed vendor."]),
        ("investments", "13.105.030", "Investment prohibition", ["The City shall not invest in a listed vendor."]),
        ("waiver", "13.105.040", "Waiver", ["The Council may waive Section 13.105.020 by resolution."]),
        ("appeal", "13.105.050", "Notice and appeal", ["A vendor may appeal under Section 13.105.040 within thirty (30) days."]),
        ("severability", "13.105.060", "Severability", ["If any part is invalid, the rest stands."]),
    )


def test_renumbering_is_no_change_and_a_dropped_section_stays_at_its_model_place() -> None:
    draft = doc(
        preamble("The Council of the City ordains as follows."),
        ("findings", "13.105.010", "Findings", ["The City is a sanctuary city."]),
        ("contracts", "13.105.020", "Contract prohibition", ["The City shall not contract with a listed vendor."]),
        ("waiver", "13.105.030", "Waiver", ["The Council may waive Section 13.105.020 by resolution."]),
        ("appeal", "13.105.040", "Notice and appeal", ["A vendor may appeal under Section 13.105.030 within thirty (30) days."]),
        ("severability", "13.105.050", "Severability", ["If any part is invalid, the rest stands."]),
    )
    comparison = compare(model(), draft)
    assert kinds(comparison) == [
        (PREAMBLE, "unchanged"), ("findings", "unchanged"), ("contracts", "unchanged"), ("investments", "dropped"),
        ("waiver", "unchanged"), ("appeal", "unchanged"), ("severability", "unchanged"),
    ]
    appeal = by_key(comparison)["appeal"]
    assert (appeal.old_number, appeal.new_number) == ("13.105.050", "13.105.040")
    # the spans still carry both numbers, so that rejecting every change gives the model's numbering
    assert appeal.paragraphs[0].spans == (
        Span("delete", "13.105.050"), Span("insert", "13.105.040"), Span("equal", " Notice and appeal"),
    )
    assert appeal.paragraphs[1].spans == (
        Span("equal", "A vendor may appeal under Section "), Span("delete", "13.105.040"), Span("insert", "13.105.030"),
        Span("equal", " within thirty (30) days."),
    )
    assert (appeal.words_inserted, appeal.words_deleted, appeal.retained_words) == (0, 0, appeal.model_words)
    assert reject_all(comparison) == texts(model())
    investments = by_key(comparison)["investments"]
    assert [p.kind for p in investments.paragraphs] == ["deleted", "deleted"]
    assert (investments.words_deleted, investments.model_words, investments.retained_words) == (12, 12, 0)
    assert comparison.changed == (investments,)
    assert accept_all(comparison) == texts(draft)


def test_a_renumbered_reference_next_to_an_edit_reads_as_one_change() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    specs[4] = ("waiver", "13.105.040", "Waiver", ["Appeals go under Section 13.105.050 as usual."])
    base = doc(*specs)
    del specs[3]
    specs[3] = ("waiver", "13.105.030", "Waiver", ["Appeals go under 13.105.040 as usual."])
    specs[4] = ("appeal", "13.105.040", *specs[4][2:])
    waiver = by_key(compare(base, doc(*specs)))["waiver"]
    assert waiver.paragraphs[1].spans == (
        Span("equal", "Appeals go under "), Span("delete", "Section 13.105.050"), Span("insert", "13.105.040"),
        Span("equal", " as usual."),
    )
    assert (waiver.kind, waiver.words_deleted, waiver.words_inserted) == ("modified", 1, 0)


def test_a_renumbered_reference_inside_a_rewrite_is_shown_in_the_change_and_still_counted_as_kept() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    specs[5] = ("appeal", "13.105.050", "Notice and appeal",
                ["A vendor may appeal under 13.105.040 to the Clerk within thirty (30) days."])
    base = doc(*specs)
    del specs[3]
    specs[3] = ("waiver", "13.105.030", *specs[3][2:])
    specs[4] = ("appeal", "13.105.040", "Notice and appeal",
                ["Any person may seek review under 13.105.030 by the Council within thirty (30) days."])
    comparison = compare(base, doc(*specs))
    appeal = by_key(comparison)["appeal"]
    assert redline(appeal.paragraphs[1].spans) == (
        "[-A vendor may appeal under 13.105.040 to the Clerk-]"
        "{+Any person may seek review under 13.105.030 by the Council+} within thirty (30) days."
    )
    # "A vendor may appeal under to the Clerk" out, "Any person may seek review under by the Council" in; the
    # reference is the same provision: kept, with the renumbered heading and "within thirty (30) days."
    assert (appeal.words_deleted, appeal.words_inserted, appeal.retained_words) == (8, 9, 4 + 1 + 4)
    assert appeal.model_words == appeal.retained_words + appeal.words_deleted
    assert reject_all(comparison) == texts(base)


def test_a_reference_to_a_different_provision_is_still_a_change() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    specs[4] = ("waiver", "13.105.040", "Waiver", ["The Council may waive Section 13.105.030 by resolution."])
    waiver = by_key(compare(model(), doc(*specs)))["waiver"]
    assert waiver.kind == "modified"
    assert [s for s in waiver.paragraphs[1].spans if s.op != "equal"] == [
        Span("delete", "13.105.020"), Span("insert", "13.105.030"),
    ]


def test_an_added_section_takes_its_draft_place() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    specs.insert(5, ("reporting", "13.105.045", "Annual report", ["The Manager shall report each year."]))
    comparison = compare(model(), doc(*specs))
    assert [k for k, _ in kinds(comparison)][4:7] == ["waiver", "reporting", "appeal"]
    added = by_key(comparison)["reporting"]
    assert added.kind == "added" and (added.old_number, added.new_number) == (None, "13.105.045")
    assert [p.kind for p in added.paragraphs] == ["inserted", "inserted"]
    assert (added.words_inserted, added.model_words, added.retained_words) == (9, 0, 0)


def test_a_moved_and_edited_section_appears_twice() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    findings = specs.pop(1)
    specs.insert(5, (findings[0], findings[1], findings[2], ["The City is a proud sanctuary city."]))
    comparison = compare(model(), doc(*specs))
    assert kinds(comparison) == [
        (PREAMBLE, "unchanged"), ("findings", "moved(from)"), ("contracts", "unchanged"), ("investments", "unchanged"),
        ("waiver", "unchanged"), ("appeal", "unchanged"), ("findings", "moved"), ("severability", "unchanged"),
    ]
    departure, arrival = (s for s in comparison.sections if s.key == "findings")
    assert departure.moved_from and not arrival.moved_from
    assert [p.kind for p in departure.paragraphs] == ["deleted", "deleted"]
    assert [p.kind for p in arrival.paragraphs] == ["inserted", "inserted"]
    assert (departure.words_inserted, departure.words_deleted, departure.retained_words, departure.model_words) == (0, 0, 0, 8)
    assert (arrival.words_inserted, arrival.words_deleted, arrival.retained_words, arrival.model_words) == (1, 0, 8, 8)
    assert reject_all(comparison) == texts(model())
    assert accept_all(comparison) == [p.text for p in doc(*specs).paragraphs]
    assert comparison.changed == (arrival,)


def test_of_two_swapped_sections_the_later_in_the_draft_is_the_one_moved() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    specs[1], specs[2] = specs[2], specs[1]
    comparison = compare(model(), doc(*specs))
    assert kinds(comparison)[:4] == [
        (PREAMBLE, "unchanged"), ("findings", "moved(from)"), ("contracts", "unchanged"), ("findings", "moved"),
    ]


def test_a_move_without_edits_counts_no_words_changed() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    specs.append(specs.pop(2))
    arrival = by_key(compare(model(), doc(*specs)))["contracts"]
    assert arrival.kind == "moved"
    assert (arrival.words_inserted, arrival.words_deleted, arrival.retained_words) == (0, 0, arrival.model_words)


def test_a_section_without_key_is_aligned_by_similarity_and_takes_the_model_key() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    specs[4] = (None, "4", "Waivers", ["The Council may waive Section 13.105.020 by resolution. A hearing comes first."])
    specs.insert(5, (None, "4A", "Unrelated", ["Parking meters run until nine at night."]))
    comparison = compare(model(), doc(*specs))
    assert [k for k, _ in kinds(comparison)][4:7] == ["waiver", "added-1", "appeal"]
    waiver = by_key(comparison)["waiver"]
    assert (waiver.kind, waiver.old_number, waiver.new_number) == ("modified", "13.105.040", "4")
    assert by_key(comparison)["added-1"].kind == "added"


def test_a_deleted_last_section_comes_last() -> None:
    specs = [(s.key, s.number, s.title, [p.text for p in s.body]) for s in model().sections]
    comparison = compare(model(), doc(*specs[:-1]))
    assert kinds(comparison)[-2:] == [("appeal", "unchanged"), ("severability", "dropped")]
    assert reject_all(comparison) == texts(model())


def test_a_plain_number_is_not_taken_for_a_section_number() -> None:
    base = doc(preamble(), ("a", "5", "Notice", ["Give notice within 5 days."]), ("b", "6", "Appeal", ["Appeal."]))
    draft = doc(preamble(), ("b", "5", "Appeal", ["Appeal."]))
    comparison = compare(base, draft)
    assert by_key(comparison)["b"].kind == "modified"   # "6 Appeal" -> "5 Appeal": plain numbers are literal


# --- whole documents ---------------------------------------------------------------------------------

KEYS = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"]
SENTENCES = ["The City shall act.", "No vendor may bid.", "Notice is due in thirty (30) days.", "", "Fees & costs <apply>."]


def numbered(specs: list[SectionSpec]) -> list[SectionSpec]:
    """Number the sections 9.010, 9.020, ... in order."""
    return [(key, f"9.{n * 10:03d}", title, body) for n, (key, _, title, body) in enumerate(specs, 1)]


def random_pair(rng: random.Random) -> tuple[DocumentText, DocumentText]:
    """A model and a draft that drops, adds, moves, un-keys, renumbers and edits sections and paragraphs."""
    chosen = rng.sample(KEYS, rng.randint(0, len(KEYS)))
    base = numbered([(k, "", f"Title {k}", [f"{rng.choice(SENTENCES)} See 9.{rng.randint(1, 8) * 10:03d}. {k}-{n}"
                                            for n in range(rng.randint(0, 4))]) for k in chosen])
    draft = []
    for key, number, title, body in base:
        if rng.random() < 0.15:
            continue
        body = [p.replace("shall", "may") if rng.random() < 0.3 else p for p in body if rng.random() > 0.15]
        if rng.random() < 0.3:
            body.insert(rng.randint(0, len(body)), rng.choice(SENTENCES))
        draft.append((None if rng.random() < 0.2 else key, number, title, body))
    if rng.random() < 0.3:
        draft.insert(rng.randint(0, len(draft)), ("new", "", "New", ["Brand new text."]))
    if len(draft) > 1 and rng.random() < 0.4:
        draft.insert(rng.randint(0, len(draft) - 1), draft.pop(rng.randrange(len(draft))))
    return doc(preamble("Be it ordained."), *base), doc(preamble("Be it ordained!"), *numbered(draft))


@pytest.mark.parametrize("seed", range(200))
def test_reject_all_gives_the_model_and_accept_all_the_draft(seed: int) -> None:
    base, draft = random_pair(random.Random(seed))
    comparison = compare(base, draft)
    assert reject_all(comparison) == texts(base)
    assert accept_all(comparison) == texts(draft)
    assert [p.old for s in comparison.sections for p in s.paragraphs if p.old is not None] == [p.index for p in base.paragraphs]
    assert [p.new for s in comparison.sections for p in s.paragraphs if p.new is not None] == [p.index for p in draft.paragraphs]
    for section in comparison.sections:
        for p in section.paragraphs:
            assert_well_formed(p.spans, p.old_text, p.new_text)
        if not section.moved_from:
            assert section.model_words == section.retained_words + section.words_deleted
            assert len(section.new_text.split()) == section.retained_words + section.words_inserted


def test_a_long_repetitive_pair_finishes_and_rebuilds_exactly() -> None:
    rng = random.Random(7)
    sentence = "The City shall not enter into any contract with a vendor that provides data services to the agency."
    sections = [(f"s{n}", f"2.{n:03d}", "Prohibition", [sentence] * 60) for n in range(28)]
    edited = []
    for key, number, title, body in sections:
        body = list(body)
        for _ in range(3):
            at = rng.randrange(len(body))
            body[at] = body[at].replace(rng.choice(sentence.split()), "CHANGED", 1)
        del body[rng.randrange(len(body))]
        body.insert(rng.randrange(len(body)), "A new paragraph.")
        edited.append((key, number, title, body))
    base, draft = doc(*sections), doc(*edited)
    assert sum(len(p.text.split()) for p in base.paragraphs) > 30_000
    comparison = compare(base, draft)
    assert reject_all(comparison) == texts(base)
    assert accept_all(comparison) == texts(draft)
    assert all(s.kind == "modified" for s in comparison.sections)
    # per section at most 3 changed words and one 18-word paragraph out, 3 words and 3 new words in
    assert sum(s.words_deleted for s in comparison.sections) <= 28 * (3 + 18)
    assert sum(s.words_inserted for s in comparison.sections) <= 28 * (3 + 3)


def test_a_filled_in_placeholder_is_boilerplate_not_a_departure() -> None:
    model = doc(("title", "1.010", "Title", ["The [City] adopts this chapter on [date].", "Fees are $5,000."]))
    local = doc(("title", "1.010", "Title", ["The City of Oakland adopts this chapter on May 21, 2019.",
                                             "Fees are $5,000."]))
    section = by_key(compare(model, local))["title"]
    assert section.kind == "unchanged" and section.words_inserted == section.words_deleted == 0
    assert section.retained_words == section.model_words
    assert reject_all(compare(model, local)) == texts(model) and accept_all(compare(model, local)) == texts(local)


def test_a_filled_placeholder_inside_a_rewrite_is_still_counted_as_kept() -> None:
    model = doc(("title", "1.010", "Title", ["The Planning Manager for [City] staff shall report to the Council."]))
    local = doc(("title", "1.010", "Title",
                 ["The Chief Building Official for Oakland staff will submit a report to the Council."]))
    comparison = compare(model, local)
    section = by_key(comparison)["title"]
    assert redline(section.paragraphs[1].spans) == (
        "The [-Planning Manager for [City] staff shall-]"
        "{+Chief Building Official for Oakland staff will submit a+} report to the Council."
    )
    assert section.kind == "modified"
    # "Planning Manager for staff shall" out, 8 words in; "[City]" filled in is kept, not a departure
    assert (section.words_deleted, section.words_inserted, section.retained_words) == (5, 8, 2 + 6)
    assert reject_all(comparison) == texts(model) and accept_all(comparison) == texts(local)


def test_a_placeholder_replaced_by_a_long_passage_is_a_departure() -> None:
    model = doc(("title", "1.010", "Title", ["The [City] acts."]))
    local = doc(("title", "1.010", "Title", ["The City Council, after hearing from every department and the public "
                                             "at three meetings held over several months, acts."]))
    assert by_key(compare(model, local))["title"].kind == "modified"


def test_a_placeholder_filled_unlike_the_rest_of_the_draft_is_a_departure() -> None:
    """"[City Council]" read as "City Council" everywhere but once, as "City Manager": that once departs."""
    base = doc(preamble("The [City Council] of the [City] does ordain."), ("waiver", "1.040", "Waiver", [
        "The [City Council] may grant a waiver.", "The [City Council] shall report each waiver."]),
               ("report", "1.050", "Report", ["The [City Council] shall hear the report."]))
    draft = doc(preamble("The City Council of the City of Alameda does ordain."), ("waiver", "1.040", "Waiver", [
        "The City Manager may grant a waiver.", "The City Council shall report each waiver."]),
                ("report", "1.050", "Report", ["The City Council shall hear the report."]))
    sections = by_key(compare(base, draft))
    assert sections["waiver"].kind == "modified"
    assert (sections["waiver"].words_deleted, sections["waiver"].words_inserted) == (2, 2)
    assert sections["report"].kind == "unchanged" and sections[PREAMBLE].kind == "unchanged"


def test_a_tab_given_as_a_space_is_shown_but_no_departure() -> None:
    """A PDF or a text file gives the signature block's tabs as spaces: the spans still rebuild both texts,
    the words count as kept, and the paragraph carries no departure (as a renumbered number does not)."""
    from draftkit.fills import Fills
    from draftkit.words import Renumber, Text, diff_text

    old, new = "______________________________\t______________", "______________________________ ______________"
    spans, tally, boilerplate = diff_text(Text.of(old, Renumber()), Text.of(new, Renumber()), Fills(), where=0)
    assert_well_formed(spans, old, new)
    assert (tally.inserted, tally.deleted, tally.retained, boilerplate) == (0, 0, 2, True)
    spans, tally, boilerplate = diff_text(Text.of("Mayor\tDate", Renumber()), Text.of("Mayor Data", Renumber()),
                                          Fills(), where=0)
    assert (tally.inserted, tally.deleted, boilerplate) == (1, 1, False)


def test_a_heading_as_a_code_publisher_prints_it_is_no_departure() -> None:
    """"§ 2.23.010 TITLE." against "Sec. 2.23.010. Title.": the section mark, the case and the closing stops
    are shown but are no departure; a changed title still is one. A body paragraph keeps its case."""
    from draftkit.fills import Fills
    from draftkit.words import Renumber, Text, diff_text

    def differs(old: str, new: str, *, heading: bool = True) -> tuple[int, int, bool]:
        spans, tally, same = diff_text(Text.of(old, Renumber(), heading=heading),
                                       Text.of(new, Renumber(), heading=heading), Fills(), where=0)
        assert_well_formed(spans, old, new)
        return tally.inserted, tally.deleted, same

    assert differs("Sec. 2.23.010. Title.", "§ 2.23.010 TITLE.")[2]
    assert differs("SECTION 5. Severability.", "Section 5 SEVERABILITY")[2]
    assert differs("Sec. 2.23.090. Enforcement.", "§ 2.23.090 ENFORCEMENT; RIGHT TO CURE.") == (4, 1, False)
    assert not differs("The City shall act.", "THE CITY SHALL ACT.", heading=False)[2]
