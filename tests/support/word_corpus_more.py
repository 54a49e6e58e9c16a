"""Cases (h)-(n) of the Word-file corpus (see word_corpus.py): images, text boxes, symbols and breaks,
headers / footers with a landscape section, content controls, bookmarks, and typed versus automatic labels."""
from __future__ import annotations

from .ooxml_build import bookmark, heading, inline_image, numbering_xml, p, package, paras, sect_pr, t, text_box

Pair = tuple[bytes, bytes]


def image() -> Pair:
    """(h) An inline picture (w:drawing/wp:inline, a 1x1 PNG in word/media) inside an edited paragraph.

    Edit: "in a conspicuous place" (after the picture) becomes "in a conspicuous location", and "shown
    here" (before it) becomes "shown below"."""
    def body(shown: str, where: str) -> str:
        return (heading("Sec. 2.23.100. Posting.")
                + p(t(f"A landlord shall post the notice {shown} "), inline_image(),
                    t(f" in a conspicuous {where} in the building."))
                + paras("The notice shall be at least 8.5 by 11 inches."))
    return package(body("shown here", "place"), image=True), package(body("shown below", "location"), image=True)


def text_boxes() -> Pair:
    """(i) A text box (mc:AlternateContent: wps:txbx / w:txbxContent, with a VML v:textbox fallback)
    anchored in an edited paragraph; its own text is unchanged.

    Edit: "a copy of the notice" becomes "a written copy of the notice"."""
    def body(copy: str) -> str:
        return (heading("Sec. 2.23.110. Notice to tenants.")
                + p(text_box("Tenants' rights notice"),
                    t(f"A landlord shall provide each new tenant with {copy} of the notice of tenants' rights."))
                + paras("The rent board shall prepare the notice in English and Spanish."))
    return package(body("a copy")), package(body("a written copy"))


SYMBOL = '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'
LINE_BREAK = "<w:r><w:br/></w:r>"
PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'


def symbols_breaks() -> Pair:
    """(j) A w:sym symbol, a line break (w:br) and a page break (w:br w:type="page") in one edited paragraph.

    Edit: "is held invalid" becomes "is held invalid or unconstitutional" (between the symbol and the
    line break) and "shall remain" becomes "remains" (after the page break)."""
    def body(held: str, remain: str) -> str:
        return (heading("Sec. 2.23.120. Severability.")
                + p(t("If any provision "), SYMBOL, t(f" of this chapter {held},"), LINE_BREAK,
                    t("the remainder of this chapter "), PAGE_BREAK, t(f"{remain} in effect."))
                + paras("The council declares it would have adopted each provision separately."))
    return (package(body("is held invalid", "shall remain")),
            package(body("is held invalid or unconstitutional", "remains")))


HEADER = p(t("City of Example Municipal Code"), style="Header")
FOOTER = p(t("Chapter 2.23 - Tenant Protections"), style="Footer")


def sections_headers() -> Pair:
    """(k) A header and a footer part, and three sections: portrait, landscape (w:sectPr in the pPr of the
    paragraph ending it, w:pgSz w:orient="landscape"), portrait again (the body's final w:sectPr).

    Edits in the body: "five members" becomes "seven members" (section 1), "second Tuesday" becomes
    "first Tuesday" in the very paragraph that holds the landscape w:sectPr, "thirty days" becomes "sixty
    days" (last section)."""
    def body(members: str, day: str, days: str) -> str:
        first = sect_pr(header=True, footer=True)
        landscape = sect_pr(landscape=True, header=True, footer=True)
        return (heading("Sec. 2.23.130. Rent board.")
                + p(t(f"The rent board consists of {members} members appointed by the council."))
                + p(t("Members serve staggered terms of four years."), extra_ppr=first)
                + heading("Sec. 2.23.140. Schedule of hearings.")
                + p(t(f"Hearings are held on the {day} Tuesday of each month."), extra_ppr=landscape)
                + heading("Sec. 2.23.150. Effective date.")
                + p(t(f"This chapter takes effect {days} days after adoption.")))
    return (package(body("five", "second", "thirty"), header=HEADER, footer=FOOTER),
            package(body("seven", "first", "sixty"), header=HEADER, footer=FOOTER))


def sdt_run(text: str) -> str:
    return ('<w:sdt><w:sdtPr><w:alias w:val="Operative date"/><w:tag w:val="operative_date"/>'
            '<w:id w:val="482910"/><w:text/></w:sdtPr><w:sdtContent>' + t(text) + "</w:sdtContent></w:sdt>")


def content_control() -> Pair:
    """(l) A run-level content control (w:sdt with alias, tag and w:text) in an edited paragraph; the
    control's own text is unchanged.

    Edit: "and to renewals" (after the control) becomes "and to all renewals" and "apply" (before it)
    becomes "applies"."""
    def body(verb: str, renewals: str) -> str:
        return (heading("Sec. 2.23.160. Operative date.")
                + p(t(f"This chapter {verb} to tenancies beginning on or after "), sdt_run("July 1, 2025"),
                    t(f" and to {renewals}."))
                + paras("Earlier tenancies remain subject to the former chapter."))
    return package(body("apply", "renewals")), package(body("applies", "all renewals"))


def bookmarks() -> Pair:
    """(m) Bookmarks spanning an edited region: "exemptions" starts inside the first paragraph and ends in
    the third; "hotel_rule" spans a phrase that is edited; "public_agency" is inside one edited word run.

    Edits: "are exempt:" becomes "are exempt from this chapter:", "public agency" becomes "public entity",
    "fewer than thirty days" becomes "fewer than fourteen days"."""
    def body(exempt: str, entity: str, days: str) -> str:
        return (heading("Sec. 2.23.170. Exemptions.")
                + p(t("The following "), '<w:bookmarkStart w:id="5" w:name="exemptions"/>', t(f"are {exempt}:"))
                + p(t("housing owned by a "), bookmark(6, "public_agency", t(f"public {entity}")), t(";"))
                + p(t("a unit in a hotel rented for "), bookmark(7, "hotel_rule", t(f"fewer than {days} days")),
                    t("."), '<w:bookmarkEnd w:id="5"/>')
                + paras("The rent board may require proof of an exemption."))
    return (package(body("exempt", "agency", "thirty")),
            package(body("exempt from this chapter", "entity", "fourteen")))


PROHIBITED = ("reduce housing services to pressure a tenant to leave;", "refuse to accept rent; or",
              "threaten a tenant with eviction for exercising a right under this chapter.")


def typed_vs_automatic() -> Pair:
    """(n) The same text, labels typed versus automatic: the "original" types "(a) ", "(b) ", "(c) " at
    the start of each item; the "edited" file has the bare item texts with automatic numbering "(%1)"
    lowerLetter followed by a space (w:suff "space"). The two should compare as equal text: no edit."""
    labels = "abc"
    typed = heading("Sec. 2.23.180. Prohibited conduct.") + paras("A landlord shall not:") + "".join(
        p(t(f"({labels[i]}) {item}")) for i, item in enumerate(PROHIBITED))
    automatic = heading("Sec. 2.23.180. Prohibited conduct.") + paras("A landlord shall not:") + "".join(
        p(t(item), num=(1, 0)) for item in PROHIBITED)
    return package(typed), package(automatic, numbering=numbering_xml(suffix="space"))


def automatic_vs_typed() -> Pair:
    """(n) reversed: the automatic "(a)" numbering is the original and the typed "(a) " labels the edited
    file. Again no edit: the two should compare as equal text."""
    typed, automatic = typed_vs_automatic()
    return automatic, typed


CASES = [("image", image), ("text_boxes", text_boxes), ("symbols_breaks", symbols_breaks),
         ("sections_headers", sections_headers), ("content_control", content_control), ("bookmarks", bookmarks),
         ("typed_vs_automatic", typed_vs_automatic),
         ("automatic_vs_typed", automatic_vs_typed)]
