"""HTML redline: summary, anchors, marked-up text that reads back as both versions, escaping, no network."""
from __future__ import annotations

import copy
import re
from html.parser import HTMLParser

import lxml.html
import pytest

from draftkit.changes import Comparison, ParagraphChange, SectionChange, Span
from draftkit.document import PREAMBLE
from draftkit.redline_html import redline_html

VOID = {"br", "meta", "img", "hr", "input", "link", "wbr", "col", "area", "base", "source", "track", "embed"}
TRICKY = 'Local & <Special> "quoted" \'single\' café — § 5\tthen a tab\nand a new line'


# --- hand-made change lists ------------------------------------------------------------------------------


def para(kind: str, *spans: tuple[str, str], old: int | None = 0, new: int | None = 0) -> ParagraphChange:
    old = None if kind == "inserted" else old
    new = None if kind == "deleted" else new
    return ParagraphChange(kind, old, new, tuple(Span(op, text) for op, text in spans))  # type: ignore[arg-type]


def equal(text: str) -> ParagraphChange:
    return para("equal", ("equal", text))


def inserted(text: str) -> ParagraphChange:
    return para("inserted", ("insert", text))


def deleted(text: str) -> ParagraphChange:
    return para("deleted", ("delete", text))


def section(key: str, kind: str, *paragraphs: ParagraphChange, title: str = "", old: str | None = "",
            new: str | None = "", moved_from: bool = False, **counts: int) -> SectionChange:
    """A section whose word counts follow from its spans (as diff.compare counts them) unless given."""
    spans = [s for p in paragraphs for s in p.spans]
    words = {op: sum(len(s.text.split()) for s in spans if s.op == op) for op in ("equal", "insert", "delete")}
    defaults = dict(words_inserted=words["insert"], words_deleted=words["delete"],
                    model_words=words["equal"] + words["delete"], retained_words=words["equal"])
    return SectionChange(key, title, old, new, kind, tuple(paragraphs),  # type: ignore[arg-type]
                         **{**defaults, **counts}, moved_from=moved_from)


MODIFIED = section(
    "title", "modified",
    equal("Sec. 1.010. Title."),
    para("modified", ("equal", "This chapter is the "), ("delete", "Model"), ("insert", TRICKY),
         ("equal", " Ordinance, in force.")),
    inserted("A wholly new paragraph."),
    deleted("An old paragraph, now gone."),
    equal("A kept paragraph."),
    title="Title", old="1.010", new="1.010",
)
ADDED = section("local_waiver", "added", inserted("Sec. 1.015. Waiver."), inserted("The council may waive it."),
                title="Waiver", old=None, new="1.015")
DROPPED = section("investments", "dropped", deleted("Sec. 1.020. Investments."),
                  deleted("No investment in listed companies."), title="Investments", old="1.020", new=None)
MOVED_FROM = section("appeal", "moved", deleted("Sec. 1.030. Appeal."), deleted("A vendor may appeal."),
                     title="Appeal", old="1.030", new="1.050", moved_from=True,
                     words_inserted=0, words_deleted=0, retained_words=0)
MOVED_TO = section("appeal", "moved", inserted("Sec. 1.050. Appeal."), inserted("A vendor may appeal."),
                   title="Appeal", old="1.030", new="1.050",
                   words_inserted=0, words_deleted=0, model_words=7, retained_words=7)
UNCHANGED = section("severability", "unchanged", equal("Sec. 1.040. Severability."), equal("Parts stand alone."),
                    title="Severability", old="1.040", new="1.040")
PREAMBLE_SECTION = section(PREAMBLE, "unchanged", equal("ORDINANCE NO. 12"), equal("The council ordains:"))
COMPARISON = Comparison((PREAMBLE_SECTION, MODIFIED, ADDED, DROPPED, MOVED_FROM, UNCHANGED, MOVED_TO))
OPTIONS = dict(title="Redline: Model Ordinance — Town of <Test> & Co", subtitle='compared with the "model"',
               author="Clerk's Office", date_text="1 May 2025")


def render(comparison: Comparison = COMPARISON, **options) -> str:
    return redline_html(comparison, **{**OPTIONS, **options})


@pytest.fixture(scope="module")
def page() -> str:
    return render()


@pytest.fixture(scope="module")
def tree(page):
    return lxml.html.document_fromstring(page)


# --- reading the page back ---------------------------------------------------------------------------------


def text_without(element, drop: str) -> str:
    """The element's text with `drop` (ins or del) elements removed and <br> read as a line break."""
    element = copy.deepcopy(element)
    for gone in element.xpath(f".//{drop}"):
        gone.drop_tree()
    for br in element.xpath(".//br"):
        br.tail = "\n" + (br.tail or "")
        br.drop_tree()
    return element.text_content()


def read_back(tree, anchor: str, *, side: str) -> str:
    """A section's text as one side reads it: the draft (skip deletions) or the model (skip insertions)."""
    skip, drop = ("para-del", "del") if side == "new" else ("para-ins", "ins")
    paragraphs = tree.get_element_by_id(anchor).xpath(".//*[contains(concat(' ', @class, ' '), ' para ')]")
    return "\n".join(text_without(p, drop) for p in paragraphs if skip not in p.classes)


def summary_rows(tree) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for tr in tree.xpath("//section[@class='summary']//tbody/tr"):
        link = tr.xpath(".//a")[0]
        cells = [td.text_content().strip() for td in tr.xpath("./td")]
        rows.append((link.get("href"), link.text_content(), *cells))
    return rows


class TagBalance(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


# --- the tests ------------------------------------------------------------------------------------------------


def test_page_is_a_balanced_html5_document(page):
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page and 'name="viewport"' in page
    checker = TagBalance()
    checker.feed(page)
    checker.close()
    assert checker.open == []


def test_summary_has_one_row_per_changed_section_with_counts(tree):
    assert summary_rows(tree) == [
        ("#prov-title", "1.010 Title", "modified", "20", "6", "68%"),
        ("#prov-local_waiver", "1.015 Waiver", "added", "8", "0", "—"),
        ("#prov-investments", "1.020 Investments", "dropped", "0", "8", "0%"),
        ("#prov-appeal", "1.050 Appeal", "moved", "0", "0", "100%"),
    ]
    total = [c.text_content().strip() for c in tree.xpath("//tfoot/tr/*")]
    assert total == ["Total (4 sections)", "", "28", "14", "58%"]


def test_summary_shows_old_number_of_renumbered_section_and_overall_share(tree):
    row = tree.xpath("//tbody/tr[@class='row-moved']/th")[0]
    assert row.text_content() == "1.050 Appeal (model 1.030)"
    overall = tree.xpath("//p[@class='overall']")[0].text_content()
    retained = sum(s.retained_words for s in COMPARISON.sections if not s.moved_from)
    model = sum(s.model_words for s in COMPARISON.sections if not s.moved_from)
    assert overall.startswith(f"4 of 6 sections depart from the model; {retained} of the model’s {model} words")


def test_share_retained_rounds_down_so_only_all_reads_100():
    almost = section("x", "modified", equal("a"), model_words=200, retained_words=199, title="X")
    tree = lxml.html.document_fromstring(render(Comparison((almost,))))
    assert summary_rows(tree)[0][-1] == "99%"


def test_every_section_has_its_anchor_and_every_link_lands(tree, page):
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    expected = {f"prov-{s.key}" + ("-moved-from" if s.moved_from else "") for s in COMPARISON.sections}
    sections = tree.xpath("//article[@class='redline']/section")
    assert [s.get("id") for s in sections] == [
        "prov-_preamble", "prov-title", "prov-local_waiver", "prov-investments", "prov-appeal-moved-from",
        "prov-severability", "prov-appeal",
    ]
    assert expected == {s.get("id") for s in sections}
    for href in tree.xpath("//a/@href"):
        assert href.startswith("#") and href[1:] in ids, href


def test_moved_section_links_both_places(tree):
    away = tree.get_element_by_id("prov-appeal-moved-from")
    here = tree.get_element_by_id("prov-appeal")
    assert away.xpath(".//p[@class='move-note']/a/@href") == ["#prov-appeal"]
    assert here.xpath(".//p[@class='move-note']/a/@href") == ["#prov-appeal-moved-from"]
    assert all("para-del" in p.classes for p in away.xpath(".//*[contains(@class, 'para ')]"))
    assert all("para-ins" in p.classes for p in here.xpath(".//*[contains(@class, 'para ')]"))


def test_insertions_and_deletions_are_ins_and_del(tree):
    body = tree.get_element_by_id("prov-title")
    assert [text_without(e, "del") for e in body.xpath(".//ins")] == [TRICKY, "A wholly new paragraph."]
    assert [e.text_content() for e in body.xpath(".//del")] == ["Model", "An old paragraph, now gone."]
    assert {e.get("class") for e in tree.xpath("//article//ins")} == {"ins"}
    assert {e.get("class") for e in tree.xpath("//article//del")} == {"del"}
    assert "para-ins" in body.xpath(".//p")[1].classes and "para-del" in body.xpath(".//p")[2].classes


def test_each_section_reads_back_as_draft_and_as_model(tree):
    for s in COMPARISON.sections:
        anchor = f"prov-{s.key}" + ("-moved-from" if s.moved_from else "")
        assert read_back(tree, anchor, side="new") == s.new_text, anchor
        assert read_back(tree, anchor, side="old") == s.old_text, anchor


def test_headings_are_h3_with_badges_and_preamble_has_none(tree):
    heads = {s.get("id"): s.xpath("./div[@class='prov-head']/h3") for s in tree.xpath("//article/section")}
    assert heads["prov-_preamble"] == []
    assert heads["prov-title"][0].text_content() == "Sec. 1.010. Title."
    assert "para-ins" in heads["prov-local_waiver"][0].classes
    badges = {s.get("id"): [b.text for b in s.xpath(".//span[contains(@class, 'badge')]")]
              for s in tree.xpath("//article/section")}
    assert badges == {"prov-_preamble": [], "prov-title": ["modified"], "prov-local_waiver": ["added"],
                      "prov-investments": ["dropped"], "prov-appeal-moved-from": ["moved"],
                      "prov-severability": [], "prov-appeal": ["moved"]}
    assert "prov-unchanged" in tree.get_element_by_id("prov-severability").classes


def test_changed_preamble_gets_a_labelled_badge_line():
    changed = section(PREAMBLE, "modified", para("modified", ("equal", "ORDINANCE NO. "), ("insert", "12")))
    tree = lxml.html.document_fromstring(render(Comparison((changed,))))
    head = tree.get_element_by_id("prov-_preamble").xpath("./p[@class='prov-head']")[0]
    assert head.text_content().split() == ["Preamble", "modified"]
    assert summary_rows(tree)[0][:3] == ("#prov-_preamble", "Preamble", "modified")


def test_text_is_escaped_with_breaks_and_tabs_kept(page, tree):
    assert "<Special>" not in page and "<Test>" not in page
    assert "Local &amp; &lt;Special&gt; &quot;quoted&quot; &#x27;single&#x27; café — § 5\tthen a tab<br>and" in page
    assert "<title>Redline: Model Ordinance — Town of &lt;Test&gt; &amp; Co</title>" in page
    assert tree.xpath("//h1")[0].text_content() == OPTIONS["title"]
    assert tree.xpath("//p[@class='subtitle']")[0].text_content() == OPTIONS["subtitle"]
    assert "white-space: pre-wrap" in page and "tab-size" in page


def test_control_characters_are_shown_not_passed_through():
    odd = section("x", "modified", para("modified", ("equal", "a\x00b\r\nc\x0cd"), ("insert", "e")), title="X")
    page = render(Comparison((odd,)))
    assert "a\ufffdb<br>c<br>d" in page and "\x00" not in page and "\x0c" not in page


def test_header_shows_author_date_and_notes():
    notes = ("the document held 3 tracked changes; they were taken as accepted", "a <b> note & more")
    tree = lxml.html.document_fromstring(render(notes=notes))
    assert tree.xpath("//header//span[@class='author']")[0].text == "Clerk's Office"
    assert tree.xpath("//header//span[@class='date']")[0].text == "1 May 2025"
    assert [li.text_content() for li in tree.xpath("//aside[@class='notices']//li")] == list(notes)
    assert lxml.html.document_fromstring(render()).xpath("//aside[@class='notices']") == []


def test_page_needs_no_network(page, tree):
    assert tree.xpath("//link | //script | //iframe | //img | //object | //embed") == []
    style = "".join(tree.xpath("//style/text()"))
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    assert not re.search(r"(?i)\b(?:https?:|ftp:)?//[a-z0-9]", page)
    assert all(v.startswith("#") for v in tree.xpath("//@href | //@src"))


def test_page_prints_and_fits_a_phone(page):
    assert "@media print" in page and "break-inside: avoid" in page
    assert "max-width: 46rem" in page and "overflow-x: auto" in page
    assert "text-decoration-thickness" in page and "line-through" in page and "underline" in page


def test_no_change_says_so_and_still_shows_the_text():
    tree = lxml.html.document_fromstring(render(Comparison((PREAMBLE_SECTION, UNCHANGED))))
    assert tree.xpath("//p[@class='no-change']")[0].text == "No departures from the model."
    assert tree.xpath("//table") == [] and tree.xpath("//article//ins | //article//del") == []
    assert read_back(tree, "prov-severability", side="new") == UNCHANGED.new_text


def test_same_input_same_output():
    assert render() == render()
    assert render(notes=("x",)) == redline_html(COMPARISON, **OPTIONS, notes=("x",))


def test_real_sample_renders_and_reads_back(model, canonical, samples):
    diff = pytest.importorskip("draftkit.diff")
    from draftkit.build import render_ordinance
    from draftkit.jurisdiction import with_identity_of

    j = samples["berkeley"]
    draft = render_ordinance(j, model).text
    baseline = render_ordinance(with_identity_of(canonical, j, model), model).text
    comparison = diff.compare(baseline, draft)
    page = redline_html(comparison, title="Redline: Berkeley", subtitle="compared with the model",
                        author="draftkit", date_text="today")
    tree = lxml.html.document_fromstring(page)
    assert len(summary_rows(tree)) == len(comparison.changed) > 0
    for s in comparison.sections:
        anchor = f"prov-{s.key}" + ("-moved-from" if s.moved_from else "")
        assert read_back(tree, anchor, side="new") == s.new_text, anchor
        assert read_back(tree, anchor, side="old") == s.old_text, anchor
    assert page == redline_html(comparison, title="Redline: Berkeley", subtitle="compared with the model",
                                author="draftkit", date_text="today")
