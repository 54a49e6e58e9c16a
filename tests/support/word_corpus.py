"""Real-shaped Word files for the DOCX-against-DOCX redline: each case a pair (original, edited) of DOCX bytes.

The files are hand-written OOXML (see ooxml_build.py) or, for numbering and tables, also made and edited
by LibreOffice (word_corpus_lo.py). The texts read like an ordinance: sections "Sec. 2.23.010. ..." with
subsections. Each function's docstring says what the case exercises and which edit was made; `CASES`
lists them all as (name, function). Cases (a)-(g) are here, (h)-(n) in word_corpus_more.py.
"""
from __future__ import annotations

from .ooxml_build import (
    bookmark,
    comment,
    endnote_ref,
    fld_complex,
    fld_simple,
    footnote_ref,
    heading,
    numbering_xml,
    p,
    package,
    paras,
    t,
    tbl,
)

Pair = tuple[bytes, bytes]
INTRO = "For the purposes of this chapter, the following words have the meanings given in this section."


def numbering() -> Pair:
    """(a) Multi-level automatic numbering with a restart.

    Sec. 2.23.010 has a list "(a)", "(b)", "(c)" whose item (a) has sub-items "(1)", "(2)", the latter with
    sub-items "(i)", "(ii)" (three levels of one w:abstractNum, w:num 1); Sec. 2.23.020
    restarts the same list at "(a)" through a second w:num with w:lvlOverride/w:startOverride. Edit: a new
    item "Housing services" is inserted above the others (every later label of Sec. 2.23.010 shifts by one
    letter) and in Sec. 2.23.020 "first-class mail" becomes "certified mail"."""
    def body(new_item: bool, mail: str) -> str:
        items = [p(t('"Housing services" means services provided by the landlord in connection with the use '
                     "of a rental unit."), num=(1, 0))] if new_item else []
        return "".join([
            heading("Sec. 2.23.010. Definitions."), p(t(INTRO)), *items,
            p(t('"Landlord" means an owner, lessor, or sublessor of a rental unit, and includes:'), num=(1, 0)),
            p(t("a person who manages a rental unit for the owner; and"), num=(1, 1)),
            p(t("a successor in interest to the owner, including:"), num=(1, 1)),
            p(t("an heir; or"), num=(1, 2)), p(t("a purchaser at a foreclosure sale."), num=(1, 2)),
            p(t('"Rental unit" means any dwelling unit offered or available for rent.'), num=(1, 0)),
            p(t('"Tenant" means a person entitled to occupy a rental unit under a rental agreement.'), num=(1, 0)),
            heading("Sec. 2.23.020. Notice of rent increase."),
            p(t("A landlord shall give each tenant written notice of any rent increase."), num=(2, 0)),
            p(t("The notice shall state the amount of the increase and the date it takes effect."), num=(2, 0)),
            p(t(f"The notice shall be served in person or by {mail}."), num=(2, 1)),
        ])
    numbers = numbering_xml(restart_num=True)
    return (package(body(False, "first-class mail"), numbering=numbers),
            package(body(True, "certified mail"), numbering=numbers))


FEES = [["Application", "Fee"], ["Rent registration", "$50 per unit"], ["Petition for rent adjustment", "$100"],
        ["Appeal", "$25"]]


def table_edits() -> Pair:
    """(b) A table with edited cells, an added row and a deleted row.

    Sec. 2.23.040's fee table: "$50 per unit" becomes "$75 per unit", "Petition for rent adjustment"
    becomes "Petition for individual rent adjustment", a row "Relocation assistance claim | $40" is added
    after it and the row "Appeal | $25" is deleted. The paragraphs around the table are unchanged."""
    edited = [FEES[0], ["Rent registration", "$75 per unit"], ["Petition for individual rent adjustment", "$100"],
              ["Relocation assistance claim", "$40"]]

    def body(rows: list[list[str]]) -> str:
        return (heading("Sec. 2.23.040. Fees.") + p(t("The following fees apply to applications under this chapter:"))
                + tbl(*rows, widths=(6000, 3000)) + p(t("Fees are due when the application is filed.")))
    return package(body(FEES)), package(body(edited))


def table_added() -> Pair:
    """(c) A table added to a section that had none.

    Sec. 2.23.050 gains an introductory sentence "The amounts are:" and a 4 x 2 table of relocation
    amounts after its first paragraph; the original has neither."""
    amounts = tbl(["Unit size", "Amount"], ["Studio", "$7,000"], ["One bedroom", "$8,500"],
                  ["Two or more bedrooms", "$10,000"], widths=(6000, 3000))

    def body(added: bool) -> str:
        return (heading("Sec. 2.23.050. Relocation assistance.")
                + p(t("A landlord who terminates a tenancy for no fault of the tenant shall pay relocation "
                      "assistance."))
                + (p(t("The amounts are:")) + amounts if added else "")
                + p(t("The amounts are adjusted each July 1 by the change in the consumer price index.")))
    return package(body(False)), package(body(True))


def notes() -> Pair:
    """(d) Footnotes and endnotes: one of each edited, one of each added, one of each removed.

    Original: footnotes 1 ("See Civil Code section 1946.2.") and 2 (definition of rent), endnotes 1 and 2.
    Edited: footnote 1's text gains ", subdivision (b)"; footnote 2 is gone with its reference mark; a new
    footnote (on "material term") is referenced in the second paragraph; endnote 1's text is extended;
    endnote 2 is gone with its reference; a new endnote is referenced at the end of the first paragraph.
    As Word does on saving, the edited file numbers its notes 1, 2 again."""
    original = (heading("Sec. 2.23.060. Just cause for eviction.")
                + p(t("A landlord may terminate a tenancy only for just cause"), footnote_ref(1), t("."))
                + p(t("Just cause includes nonpayment of rent"), footnote_ref(2),
                    t(" and breach of a material term of the lease."))
                + p(t("A notice of termination shall state the cause"), endnote_ref(1), t("."))
                + p(t("The city attorney may enforce this section"), endnote_ref(2), t(".")))
    edited = (heading("Sec. 2.23.060. Just cause for eviction.")
              + p(t("A landlord may terminate a tenancy only for just cause"), footnote_ref(1), t("."),
                  endnote_ref(1))
              + p(t("Just cause includes nonpayment of rent and breach of a material term"), footnote_ref(2),
                  t(" of the lease."))
              + p(t("A notice of termination shall state the cause"), endnote_ref(2), t("."))
              + p(t("The city attorney may enforce this section.")))
    return (package(original, footnotes={1: "See Civil Code section 1946.2.",
                                         2: "Rent means all periodic payments under a rental agreement."},
                    endnotes={1: "Added by Ordinance No. 1234 (2019).",
                              2: "Former section 2.23.090 was repealed in 2018."}),
            package(edited, footnotes={1: "See Civil Code section 1946.2, subdivision (b).",
                                       2: "A material term is one stated in writing in the lease."},
                    endnotes={1: "See also section 2.23.070.",
                              2: "Added by Ordinance No. 1234 (2019); amended by Ordinance No. 1301 (2022)."}))


def comments() -> Pair:
    """(e) Comments anchored in an edited paragraph.

    Comment 0 spans "every rental unit" in a paragraph where that text becomes "each rental unit" (an edit
    inside the commented range) and "February 1" becomes "March 1" (outside it); comment 1 sits in an
    unchanged paragraph. comments.xml is the same in both files."""
    def body(which: str, date: str) -> str:
        return (heading("Sec. 2.23.070. Rent registry.")
                + p(t("Each landlord shall register "), comment(0, t(f"{which} rental unit")),
                    t(f" with the rent board by {date} of each year."))
                + p(t("The registry is open to "), comment(1, t("public inspection")), t(" during business hours.")))
    notes = {0: "Does this include accessory dwelling units?", 1: "Confirm with the city attorney."}
    return (package(body("every", "February 1"), comments=notes),
            package(body("each", "March 1"), comments=notes))


def fields() -> Pair:
    """(f) Fields: a PAGE field in the footer, and in one edited paragraph a DATE complex field, a SEQ
    w:fldSimple and a REF cross-reference (complex) to a bookmark in a heading.

    Edit: "set by the council" becomes "set by resolution of the council" and "as stated in section"
    becomes "as provided in section"; the fields' codes and cached results are unchanged."""
    footer = p(t("Page "), fld_complex(" PAGE ", "1"), style="Footer")

    def body(by: str, verb: str) -> str:
        return (p(t("Sec. "), bookmark(1, "SecEnforcement", t("2.23.080")), t(". Enforcement."), style="Heading1")
                + p(t(f"Penalties are set by {by} as of "), fld_complex(' DATE \\@ "MMMM d, yyyy" ', "January 1, 2024"),
                    t(". The schedule is Table "), fld_simple(" SEQ Table \\* ARABIC ", "1"),
                    t(f", {verb} in section "), fld_complex(" REF SecEnforcement \\h ", "2.23.080"), t("."))
                + paras("Each violation is a separate offense."))
    return (package(body("the council", "as stated"), footer=footer),
            package(body("resolution of the council", "as provided"), footer=footer))


def hyperlink(rid: str, text: str) -> str:
    return (f'<w:hyperlink r:id="{rid}" w:history="1">' + t(text, '<w:rStyle w:val="Hyperlink"/>')
            + "</w:hyperlink>")


def hyperlinks() -> Pair:
    """(g) External hyperlinks (w:hyperlink r:id, TargetMode="External") inside edited paragraphs.

    Edit: in the first paragraph "each year" (after the link) becomes "each quarter"; in the second the
    link's own text "the rent board office page" becomes "the rent board forms page", the link kept."""
    links = {"rIdLink1": "https://www.example.gov/rent", "rIdLink2": "https://www.example.gov/rent/forms"}

    def body(period: str, page: str) -> str:
        return (heading("Sec. 2.23.090. Information for tenants.")
                + p(t("The rent board shall publish this chapter on "), hyperlink("rIdLink1", "the city website"),
                    t(f" and update it {period}."))
                + p(t("Forms are available at "), hyperlink("rIdLink2", page), t(".")))
    return (package(body("each year", "the rent board office page"), hyperlinks=links),
            package(body("each quarter", "the rent board forms page"), hyperlinks=links))


def _all_cases() -> list:
    from . import word_corpus_lo, word_corpus_more

    return [("numbering", numbering), ("numbering_lo", word_corpus_lo.numbering_lo),
            ("table_edits", table_edits), ("table_edits_lo", word_corpus_lo.table_edits_lo),
            ("table_added", table_added), ("notes", notes), ("comments", comments), ("fields", fields),
            ("hyperlinks", hyperlinks), *word_corpus_more.CASES]


CASES: list = _all_cases()
