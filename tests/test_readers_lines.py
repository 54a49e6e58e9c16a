"""Lines -> sections: furniture out, paragraphs joined, hyphens mended, history and contents kept apart."""
from __future__ import annotations

from draftkit.readers.lines import Line, recover

SIZE = (612.0, 792.0)


def at(text: str, page: int, top: float, *, x0: float = 72.0, x1: float = 540.0) -> Line:
    return Line(text, page, (x0, top, x1, top + 12), SIZE)


def test_running_heads_footers_page_and_line_numbers_go():
    lines = []
    for page in (1, 2, 3):
        lines += [at("CITY OF BERKELEY — ORDINANCE 7650-N.S.", page, 30), at(str(page), page, 106, x0=40, x1=48),
                  at(f"Page {page} runs to the margin", page, 106), at(str(page + 1), page, 120, x0=40, x1=48),
                  at("and ends here.", page, 120, x1=300), at(f"Page {page} of 3", page, 760)]
    text = recover(lines, kind="PDF")
    assert [p.text for p in text.paragraphs] == [f"Page {n} runs to the margin and ends here." for n in (1, 2, 3)]
    assert any("3 running head" in n for n in text.notes) and any("page number" in n for n in text.notes)
    assert any("line number" in n for n in text.notes)


def test_a_heading_seen_once_is_kept_even_in_the_band():
    lines = [at("13.105.010 Title.", 1, 40, x1=200), at("This chapter is named.", 1, 60, x1=250),
             at("Second page text.", 2, 100, x1=250)]
    text = recover(lines, kind="PDF")
    assert [(s.number, s.title) for s in text.sections][1] == ("13.105.010", "Title")


def test_lines_of_a_paragraph_are_joined_and_hyphens_mended():
    lines = [at("A. The City shall not enter into any con-", 1, 100), at("tract with a Person or Entity that", 1, 114),
             at("provides Covered Services.", 1, 128, x1=250), at("B. Second subsection.", 1, 142, x1=250)]
    text = recover(lines, kind="PDF")
    assert [p.text for p in text.paragraphs] == [
        "A. The City shall not enter into any contract with a Person or Entity that provides Covered Services.",
        "B. Second subsection."]
    assert any("1 word(s) hyphenated" in n for n in text.notes)


def test_a_hyphen_before_a_capital_or_number_stays():
    lines = [Line("Ordinance 7650-"), Line("NS applies.", breaks=True)]
    assert recover(lines, kind="text").paragraphs[0].text == "Ordinance 7650- NS applies."


def test_history_notes_are_kept_apart_and_named():
    lines = [Line("13.105.010 Title.", breaks=True), Line("Body text.", breaks=True),
             Line("(Ord. 7650-NS § 1, 2019)", breaks=True), Line("[Prior code § 3.4]", breaks=True)]
    text = recover(lines, kind="HTML")
    assert [p.text for p in text.paragraphs] == ["13.105.010 Title.", "Body text."]
    assert any("2 history note(s)" in n and "Ord. 7650-NS" in n for n in text.notes)


def test_sections_numbers_titles_and_the_preamble():
    lines = [Line(t, breaks=True) for t in ("Chapter 13.105", "SANCTUARY CITY CONTRACTING", "Sec. 13.105.020. Words.",
                                             "(a) First.", "SECTION 3. SEVERABILITY.", "If any part is invalid...")]
    text = recover(lines, kind="text")
    assert [(s.key, s.number, s.title) for s in text.sections] == [
        ("_preamble", "", ""), (None, "13.105.020", "Words"), (None, "3", "SEVERABILITY")]
    assert [p.text for p in text.sections[0].body] == ["Chapter 13.105", "SANCTUARY CITY CONTRACTING"]
    assert [p.index for p in text.paragraphs] == list(range(6))


def test_a_table_of_contents_is_taken_out():
    lines = [Line(t, breaks=True) for t in ("Sections:", "13.105.010 Title.", "13.105.020 Words.",
                                             "13.105.010 Title.", "Named.", "13.105.020 Words.", "Defined.")]
    lines[1:3] = [Line(x.text, breaks=True) for x in lines[1:3]]
    text = recover(lines, kind="HTML")
    assert [p.text for p in text.paragraphs] == ["13.105.010 Title.", "Named.", "13.105.020 Words.", "Defined."]
    assert any("3 table-of-contents" in n for n in text.notes)


def test_a_marked_heading_without_a_number():
    lines = [Line("Definitions", heading=3, breaks=True), Line("Words mean things.", breaks=True)]
    assert [(s.number, s.title) for s in recover(lines, kind="HTML").sections][1] == ("", "Definitions")


def test_a_line_that_goes_on_from_a_reference_starts_no_section_or_item():
    """"... the prohibition in Section" / "13.105.030 for a particular Contract": the number is the
    reference's, not a heading; a heading or a list item after a finished line still starts its own."""
    lines = [at("(a) The City Manager may ask the City Council in writing to waive the prohibition in Section", 1, 100),
             at("13.105.030 for a particular Contract, describing the goods or services needed.", 1, 114, x1=400),
             at("(b) A waiver granted under subsection", 1, 128),
             at("(a) applies only to that Contract; and", 1, 142, x1=300),
             at("(c) each waiver is reported.", 1, 156, x1=300),
             at("13.105.040 Annual compliance report.", 1, 184, x1=300),
             at("On or before November 1 of each year, the City Manager reports.", 1, 198, x1=400)]
    text = recover(lines, kind="PDF")
    assert [p.text for p in text.sections[0].body] == [
        ("(a) The City Manager may ask the City Council in writing to waive the prohibition in Section 13.105.030 "
         "for a particular Contract, describing the goods or services needed."),
        "(b) A waiver granted under subsection (a) applies only to that Contract; and", "(c) each waiver is reported."]
    assert [(s.number, s.title) for s in text.sections[1:]] == [("13.105.040", "Annual compliance report")]


def test_a_heading_ending_in_a_reference_word_still_ends_its_line():
    lines = [at("13.105.010 Title.", 1, 100, x1=200), at("13.105.020 Definitions: Code", 1, 114, x1=250),
             at("13.105.030 Next.", 1, 128, x1=200)]
    assert [s.number for s in recover(lines, kind="PDF").sections[1:]] == ["13.105.010", "13.105.020", "13.105.030"]


def test_spelled_numbers_articles_and_compounds_go_on_across_a_line_break():
    """"within twelve" / "(12) months" is one sentence, not a list item (12); "... or by" / "Article I of the
    California Constitution." is not an article's heading; "non-" / "disclosure" keeps its hyphen where the
    text writes "non-disclosure" whole, while "con-" / "tract" is mended."""
    lines = [at("(a) The first report is due within twelve", 1, 100),
             at("(12) months after the approval. It names any non-disclosure agreement and each con-", 1, 114),
             at("tract signed under a non-", 1, 128),
             at("disclosure agreement, as protected by the First Amendment to the Constitution or by", 1, 142),
             at("Article I of the California Constitution.", 1, 156, x1=260),
             at("(12) Twelfth item.", 1, 170, x1=200)]
    text = recover(lines, kind="PDF")
    assert [p.text for p in text.paragraphs] == [
        ("(a) The first report is due within twelve (12) months after the approval. It names any non-disclosure "
         "agreement and each contract signed under a non-disclosure agreement, as protected by the First "
         "Amendment to the Constitution or by Article I of the California Constitution."), "(12) Twelfth item."]


def test_a_bold_line_after_a_page_break_is_a_paragraph_of_its_own():
    """A paragraph whose last line reaches the margin ends a page; the next page opens with a bold unnumbered
    heading. The change of weight parts them (a bold label ending in a colon does not)."""
    lines = [at("Within fifteen days the City Clerk shall publish this ordinance as the law requires, in full.", 1, 700),
             Line("Signatures and certification.", 2, (72.0, 72.0, 217.0, 84.0), SIZE, bold=True),
             at("PASSED AND ADOPTED by the City Council on May 1, 2019.", 2, 86, x1=400),
             at("I certify that it passed by the vote that follows, the names of those voting for it first under", 2, 100),
             Line("AYES:", 2, (72.0, 114.0, 110.0, 126.0), SIZE, bold=True), at("Kaplan and Reid.", 2, 128, x1=200)]
    text = recover(lines, kind="PDF")
    assert [p.text for p in text.paragraphs] == [
        "Within fifteen days the City Clerk shall publish this ordinance as the law requires, in full.",
        "Signatures and certification.", "PASSED AND ADOPTED by the City Council on May 1, 2019.",
        "I certify that it passed by the vote that follows, the names of those voting for it first under AYES:",
        "Kaplan and Reid."]


def test_ligatures_and_soft_hyphens_read_as_typed():
    """A text layer that gives "fi" as one character (U+FB01) and marks every place a word may break with a
    soft hyphen reads as the words typed; a soft hyphen that ends a line joins the word it broke."""
    lines = [at("The City deﬁnes the eﬀect of this ordi\u00adnance on each con\u00ad", 1, 100),
             at("tract it ﬁnds aﬄicted.", 1, 114, x1=300)]
    assert [p.text for p in recover(lines, kind="PDF").paragraphs] == [
        "The City defines the effect of this ordinance on each contract it finds afflicted."]


def test_headings_as_code_publishers_print_them_head_sections():
    lines = [Line(t, breaks=True) for t in ("§ 2.23.010 TITLE.", "This chapter is named.", "SEC. 12I.3. DEFINITIONS.",
                                            "Words mean things.", "Sec. 2.23.030. - Prohibition.", "No contracts.")]
    text = recover(lines, kind="web page")
    assert [(s.number, s.title, s.heading.text) for s in text.sections[1:]] == [
        ("2.23.010", "TITLE", "§ 2.23.010 TITLE."), ("12I.3", "DEFINITIONS", "SEC. 12I.3. DEFINITIONS."),
        ("2.23.030", "Prohibition", "Sec. 2.23.030. Prohibition.")]
