"""List labels of automatically numbered paragraphs: hand-written numbering.xml / styles.xml fragments, one
behaviour each, and a DOCX LibreOffice saved, whose labels must be the ones LibreOffice itself shows."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from lxml import etree
from support import libreoffice

from draftkit.ooxml.names import W, w
from draftkit.ooxml.numbering import Numbering, format_number
from draftkit.ooxml.package import open_docx
from draftkit.ooxml.text import paragraph_text

FIXTURES = Path(__file__).parent / "fixtures" / "numbering"
NS = f'xmlns:w="{W}"'


def lvl(ilvl: int, fmt: str = "decimal", text: str | None = None, *, start: int | None = 1, extra: str = "") -> str:
    """A w:lvl; its text defaults to "%n." for its own level."""
    text = f"%{ilvl + 1}." if text is None else text
    start_el = f'<w:start w:val="{start}"/>' if start is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}">{start_el}<w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def start_override(ilvl: int, value: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


def style(sid: str, *, based_on: str | None = None, num_id: int | None = None, ilvl: int | None = None,
          kind: str = "paragraph") -> str:
    numpr = "".join([f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "",
                     f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""])
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{sid}"/>'
            + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + (f"<w:pPr><w:numPr>{numpr}</w:numPr></w:pPr>" if numpr else "") + "</w:style>")


def parts(*definitions: str, styles: tuple[str, ...] = ()) -> dict[str, bytes]:
    out = {"word/numbering.xml": f'<w:numbering {NS}>{"".join(definitions)}</w:numbering>'.encode()}
    if styles:
        out["word/styles.xml"] = f'<w:styles {NS}>{"".join(styles)}</w:styles>'.encode()
    return out


def p(num_id: int | None = None, ilvl: int | None = None, *, style_id: str | None = None) -> etree._Element:
    """A paragraph with the given w:pStyle and w:numPr (each left out when None)."""
    numpr = "".join([f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "",
                     f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""])
    ppr = (f'<w:pStyle w:val="{style_id}"/>' if style_id else "") + (f"<w:numPr>{numpr}</w:numPr>" if numpr else "")
    return etree.fromstring(f"<w:p {NS}><w:pPr>{ppr}</w:pPr><w:r><w:t>text</w:t></w:r></w:p>")


def labels(package: dict[str, bytes], paragraphs: list[etree._Element]) -> list[str]:
    return Numbering.of(package).labels(paragraphs)


LEGAL = abstract(1, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "(%2)"), lvl(2, "lowerRoman", "(%3)"))
OUTLINE = abstract(2, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2"), lvl(2, "decimal", "%1.%2.%3"))


def test_a_legal_list_counts_each_level_and_restarts_the_deeper_ones():
    levels = [0, 1, 2, 2, 1, None, 0, 1, 2]
    paragraphs = [p(1, i) if i is not None else p() for i in levels]
    assert labels(parts(LEGAL, num(1, 1)), paragraphs) == [
        "1.", "(a)", "(i)", "(ii)", "(b)", "", "2.", "(a)", "(i)"]


def test_an_outline_list_shows_every_higher_level_in_its_text():
    paragraphs = [p(2, i) for i in (0, 1, 2, 2, 1, 0, 1, 2)]
    assert labels(parts(OUTLINE, num(2, 2)), paragraphs) == [
        "1.", "1.1", "1.1.1", "1.1.2", "1.2", "2.", "2.1", "2.1.1"]


def test_a_level_used_before_its_parent_shows_the_parent_as_zero():
    assert labels(parts(OUTLINE, num(2, 2)), [p(2, 1), p(2, 0), p(2, 1)]) == ["0.1", "1.", "1.1"]


def test_a_level_skipped_under_a_new_parent_shows_as_zero():
    assert labels(parts(OUTLINE, num(2, 2)), [p(2, 0), p(2, 1), p(2, 0), p(2, 2)]) == ["1.", "1.1", "2.", "2.0.1"]


def test_numbers_in_table_cells_count_with_the_body_in_reading_order():
    body = etree.fromstring(
        f"<w:body {NS}><w:p><w:pPr><w:numPr><w:ilvl w:val='0'/><w:numId w:val='1'/></w:numPr></w:pPr></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val='1'/><w:numId w:val='1'/></w:numPr></w:pPr></w:p>"
        "</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val='1'/><w:numId w:val='1'/></w:numPr></w:pPr></w:p></w:body>")
    assert labels(parts(LEGAL, num(1, 1)), list(body.iter(w("p")))) == ["1.", "(a)", "", "(b)"]


def test_nums_of_one_abstract_share_counters_and_a_start_override_restarts_them_once():
    package = parts(LEGAL, num(1, 1), num(2, 1, start_override(0, 1)), num(3, 1))
    paragraphs = [p(1, 0), p(1, 0), p(1, 0), p(2, 0), p(2, 0), p(1, 0), p(3, 0), p(2, 0)]
    assert labels(package, paragraphs) == ["1.", "2.", "3.", "1.", "2.", "3.", "4.", "5."]


def test_a_start_override_sets_the_value_the_level_restarts_at():
    package = parts(LEGAL, num(1, 1), num(2, 1, start_override(0, 7) + start_override(1, 4)))
    paragraphs = [p(1, 0), p(1, 1), p(2, 0), p(2, 1), p(2, 1), p(2, 0), p(2, 1), p(1, 1)]
    assert labels(package, paragraphs) == ["1.", "(a)", "7.", "(d)", "(e)", "8.", "(d)", "(e)"]


def test_separate_abstract_numbers_count_separately():
    package = parts(LEGAL, OUTLINE, num(1, 1), num(2, 2))
    assert labels(package, [p(1, 0), p(2, 0), p(1, 0), p(2, 0), p(2, 1)]) == ["1.", "1.", "2.", "2.", "2.1"]


def test_an_overriding_level_replaces_the_definition_but_keeps_the_count():
    override = (f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperLetter", "%1)", start=5)}</w:lvlOverride>')
    package = parts(LEGAL, num(1, 1), num(2, 1, override),
                    num(3, 1, start_override(0, 2) + f'<w:lvlOverride w:ilvl="1">{lvl(1, "decimal", "[%1.%2]")}'
                                                     "</w:lvlOverride>"))
    paragraphs = [p(1, 0), p(2, 0), p(2, 1), p(3, 0), p(3, 1)]
    assert labels(package, paragraphs) == ["1.", "B)", "(a)", "2.", "[2.1]"]


def test_lvl_restart_zero_never_restarts_and_n_restarts_only_after_level_n():
    never = abstract(3, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "(%2)", extra='<w:lvlRestart w:val="0"/>'),
                     lvl(2, "lowerRoman", "(%3)", extra='<w:lvlRestart w:val="1"/>'))
    paragraphs = [p(3, i) for i in (0, 1, 2, 1, 2, 0, 1, 2)]
    assert labels(parts(never, num(3, 3)), paragraphs) == ["1.", "(a)", "(i)", "(b)", "(ii)", "2.", "(c)", "(i)"]


def test_a_style_gives_the_list_through_based_on_and_the_level_names_the_style():
    headings = abstract(4, lvl(0, "upperRoman", "Article %1.", extra='<w:pStyle w:val="Heading1"/>'),
                        lvl(1, "decimal", "Section %1.%2", extra='<w:pStyle w:val="Heading2"/>'),
                        lvl(2, "lowerLetter", "(%3)"))
    styles = (style("Normal"), style("Heading1", based_on="Normal", num_id=4),
              style("Heading2", based_on="Heading1", num_id=4), style("Clause", based_on="Heading2"),
              style("Sub", based_on="Heading1", ilvl=2), style("Unnumbered", based_on="Heading1", num_id=0))
    paragraphs = [p(style_id="Heading1"), p(style_id="Heading2"), p(style_id="Clause"), p(style_id="Sub"),
                  p(style_id="Heading1"), p(0, style_id="Heading1"), p(style_id="Unnumbered"),
                  p(ilvl=1, style_id="Heading1"), p(style_id="Normal"), p()]
    assert labels(parts(headings, num(4, 4), styles=styles), paragraphs) == [
        "Article I.", "Section I.1", "Section I.2", "(a)", "Article II.", "", "", "Section II.1", "", ""]


def test_a_style_ilvl_is_used_when_no_level_names_the_style():
    styles = (style("ListBase", num_id=1, ilvl=1), style("ListPara", based_on="ListBase"))
    package = parts(LEGAL, num(1, 1), styles=styles)
    assert labels(package, [p(1, 0), p(style_id="ListPara"), p(style_id="ListPara")]) == ["1.", "(a)", "(b)"]


def test_a_num_style_link_numbers_with_the_numbering_style_list():
    linked = abstract(5, lvl(0, "decimal", "%1)"), extra='<w:styleLink w:val="ClauseList"/>')
    user = abstract(6, extra='<w:numStyleLink w:val="ClauseList"/>')
    styles = (style("ClauseList", num_id=5, kind="numbering"),)
    package = parts(linked, user, num(5, 5), num(6, 6), styles=styles)
    assert labels(package, [p(5, 0), p(6, 0), p(6, 0)]) == ["1)", "2)", "3)"]


def test_a_num_style_link_without_its_style_finds_the_abstract_by_style_link():
    linked = abstract(5, lvl(0, "upperLetter", "%1."), extra='<w:styleLink w:val="ClauseList"/>')
    user = abstract(6, extra='<w:numStyleLink w:val="ClauseList"/>')
    assert labels(parts(linked, user, num(6, 6)), [p(6, 0), p(6, 0)]) == ["A.", "B."]


def test_is_lgl_shows_every_level_in_decimal():
    legal = abstract(7, lvl(0, "upperRoman", "%1."), lvl(1, "lowerLetter", "%1.%2"),
                     lvl(2, "lowerRoman", "%1.%2.%3", extra="<w:isLgl/>"))
    paragraphs = [p(7, i) for i in (0, 1, 2, 2)]
    assert labels(parts(legal, num(7, 7)), paragraphs) == ["I.", "I.a", "1.1.1", "1.1.2"]


def test_is_lgl_keeps_zero_padded_decimals():
    articles = abstract(8, lvl(0, "upperRoman", "ARTICLE %1"),
                        lvl(1, "decimalZero", "Section %1.%2", extra='<w:isLgl w:val="1"/>'))
    paragraphs = [p(8, i) for i in (0, 1, 1, 0, 1)]
    assert labels(parts(articles, num(8, 8)), paragraphs) == [
        "ARTICLE I", "Section 1.01", "Section 1.02", "ARTICLE II", "Section 2.01"]


def test_is_lgl_switched_off_changes_nothing():
    off = abstract(9, lvl(0, "upperRoman", "%1."), lvl(1, "lowerLetter", "%1.%2", extra='<w:isLgl w:val="false"/>'))
    assert labels(parts(off, num(9, 9)), [p(9, 0), p(9, 1)]) == ["I.", "I.a"]


def test_upper_letters_go_past_z_as_word_does():
    letters = abstract(10, lvl(0, "upperLetter", "%1.", start=25))
    assert labels(parts(letters, num(10, 10)), [p(10, 0)] * 5) == ["Y.", "Z.", "AA.", "BB.", "CC."]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 52, 53, 78, 79)] == [
        "a", "z", "aa", "zz", "aaa", "zzz", "aaaa"]


@pytest.mark.parametrize(("n", "roman"), [
    (1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (90, "XC"), (400, "CD"), (944, "CMXLIV"),
    (1994, "MCMXCIV"), (2024, "MMXXIV"), (3888, "MMMDCCCLXXXVIII"), (3999, "MMMCMXCIX")])
def test_roman_numerals(n, roman):
    assert format_number(n, "upperRoman") == roman
    assert format_number(n, "lowerRoman") == roman.lower()


def test_roman_numerals_to_3999_in_a_list():
    romans = abstract(11, lvl(0, "lowerRoman", "(%1)", start=3998))
    assert labels(parts(romans, num(11, 11)), [p(11, 0)] * 2) == ["(mmmcmxcviii)", "(mmmcmxcix)"]


def test_other_number_formats():
    assert [format_number(n, "ordinal") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]
    assert [format_number(n, "cardinalText") for n in (1, 13, 20, 21, 100, 121, 2005)] == [
        "One", "Thirteen", "Twenty", "Twenty-one", "One hundred", "One hundred twenty-one", "Two thousand five"]
    assert [format_number(n, "ordinalText") for n in (1, 2, 3, 5, 8, 9, 12, 20, 21, 100, 1000)] == [
        "First", "Second", "Third", "Fifth", "Eighth", "Ninth", "Twelfth", "Twentieth", "Twenty-first",
        "One hundredth", "One thousandth"]
    assert [format_number(n, "decimalZero") for n in (1, 9, 10, 123)] == ["01", "09", "10", "123"]
    assert format_number(7, "decimal") == format_number(7, "japaneseCounting") == "7"  # unknown: decimal
    assert format_number(3, "none") == format_number(3, "bullet") == ""
    assert format_number(10**12, "upperRoman") == format_number(10**12, "lowerLetter") == str(10**12)  # no huge label


def test_bullets_show_their_character_and_symbol_font_bullets_become_ordinary_ones():
    bullets = abstract(12, lvl(0, "bullet", "\u2022"), lvl(1, "bullet", "o"), lvl(2, "bullet", "&#xF0B7;"),
                       lvl(3, "bullet", "&#xF0A7;"), lvl(4, "none", ""), lvl(5, "bullet", "\u2013"))
    paragraphs = [p(12, i) for i in range(6)]
    assert labels(parts(bullets, num(12, 12)), paragraphs) == ["\u2022", "o", "\u2022", "\u2022", "", "\u2013"]


def test_a_hidden_level_shows_no_label_but_still_counts():
    hidden = abstract(13, lvl(0, "decimal", "%1.", extra="<w:rPr><w:vanish/></w:rPr>"),
                      lvl(1, "decimal", "%1.%2", extra='<w:rPr><w:vanish w:val="0"/></w:rPr>'))
    paragraphs = [p(13, 0), p(13, 0), p(13, 1)]
    numbering = Numbering.of(parts(hidden, num(13, 13)))
    assert numbering.labels(paragraphs) == ["", "", "2.1"]
    assert [numbering.suffix(x) for x in paragraphs] == ["", "", "\t"]


def test_the_suffix_is_not_part_of_the_label_but_is_given_apart():
    spaced = abstract(14, lvl(0, extra='<w:suff w:val="space"/>'), lvl(1, extra='<w:suff w:val="nothing"/>'),
                      lvl(2, extra='<w:suff w:val="tab"/>'), lvl(3))
    numbering = Numbering.of(parts(spaced, num(14, 14)))
    paragraphs = [p(14, i) for i in range(4)] + [p()]
    assert numbering.labels(paragraphs) == ["1.", "1.", "1.", "1.", ""]
    assert [numbering.suffix(x) for x in paragraphs] == [" ", "", "\t", "\t", ""]


def test_a_missing_start_counts_from_zero_as_the_standard_says():
    assert labels(parts(abstract(15, lvl(0, start=None)), num(15, 15)), [p(15, 0), p(15, 0)]) == ["0.", "1."]


def test_undefined_or_switched_off_numbering_gives_no_label_and_never_raises():
    package = parts(LEGAL, num(1, 1), num(2, 99), '<w:num w:numId="3"/>', num(4, 1))
    paragraphs = [p(0, 0), p(1, 0), p(7, 0), p(2, 0), p(3, 0), p(1, 5), p(1, 12), p(1, -1), p(4, 0)]
    assert labels(package, paragraphs) == ["", "1.", "", "", "", "", "", "", "2."]


def test_malformed_values_give_no_label():
    broken = abstract(16, '<w:lvl w:ilvl="x"><w:numFmt w:val="decimal"/></w:lvl>',
                      lvl(0, "decimal", "%1.%0%%2", start=None, extra='<w:lvlRestart w:val="soon"/>'))
    package = parts(broken, '<w:num w:numId="abc"><w:abstractNumId w:val="16"/></w:num>', num(16, 16))
    bad = etree.fromstring(f'<w:p {NS}><w:pPr><w:numPr><w:ilvl w:val="one"/><w:numId w:val="16"/></w:numPr>'
                           "</w:pPr></w:p>")
    assert labels(package, [bad, p(16, 0)]) == ["0.%0%0", "1.%0%0"]


@pytest.mark.parametrize("package", [
    {},
    {"word/numbering.xml": b"<w:numbering", "word/styles.xml": b"not xml"},
    {"word/numbering.xml": b""},
    {"word/styles.xml": f'<w:styles {NS}>{style("H", num_id=1)}</w:styles>'.encode()},
])
def test_missing_or_malformed_parts_give_no_labels(package):
    assert labels(package, [p(1, 0), p(style_id="H")]) == ["", ""]


def test_cycles_in_style_and_list_links_end():
    styles = (style("A", based_on="B"), style("B", based_on="A"), style("Loop", num_id=20, kind="numbering"))
    looped = abstract(20, extra='<w:numStyleLink w:val="Loop"/>')
    package = parts(looped, num(20, 20), styles=styles)
    assert labels(package, [p(style_id="A"), p(20, 0)]) == ["", ""]


def test_counting_is_linear_in_paragraphs():
    numbering = Numbering.of(parts(OUTLINE, num(2, 2)))
    paragraphs = [p(2, i % 3) for i in range(5_000)]
    started = time.perf_counter()
    result = numbering.labels(paragraphs)
    assert time.perf_counter() - started < 2.0
    assert result[:4] == ["1.", "1.1", "1.1.1", "2."] and result[-1] == "1667.1"


# A real file: LibreOffice saves the fixture as DOCX; the labels computed from that DOCX must be the ones
# LibreOffice shows for it (its plain-text export writes each label, then a space, then the text).
SEEN_IN_LIBREOFFICE = [
    "", "1.", "(a)", "(i)", "(ii)", "(iii)", "(iv)", "(b)", "2.", "", "3.", "(a)", "\u2022", "", "I.", "I.1.",
    "I.1.A", "I.1.B", "I.2.", "II.", "5.", "6.", "Article 1.", "1.1", "1.2", "Article 2.", "2.1", "Y.", "Z.",
    "AA.", "BB.", "mmmcmxcviii)", "mmmcmxcix)"]


def _convert(source: Path, target: str, out: Path) -> Path:
    """Convert with a private soffice profile (other tests may run LibreOffice at the same time)."""
    profile = (out / "profile").as_uri()
    done = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
                           "--convert-to", target, "--outdir", str(out), str(source)],
                          check=False, capture_output=True, text=True, timeout=120)
    result = out / f"{source.stem}.{target.split(':')[0]}"
    assert done.returncode == 0 and result.exists(), f"soffice --convert-to {target} failed:\n{done.stderr}"
    return result


def _labels_libreoffice_shows(txt: Path, texts: list[str]) -> list[str]:
    lines = txt.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == len(texts), lines
    shown = []
    for line, text in zip(lines, texts):
        line = line.strip()
        assert line.endswith(text), (line, text)
        shown.append(line[: len(line) - len(text)].strip())
    return shown


def test_labels_of_a_docx_libreoffice_numbered_are_the_ones_it_shows(tmp_path):
    libreoffice.require()
    docx = _convert(FIXTURES / "libreoffice_lists.fodt", "docx", tmp_path)
    loaded = open_docx(docx.read_bytes(), name=docx.name)
    paragraphs = list(loaded.body.iter(w("p")))
    computed = Numbering.of(loaded.parts).labels(paragraphs)
    shown = _labels_libreoffice_shows(_convert(docx, "txt:Text", tmp_path), [paragraph_text(x) for x in paragraphs])
    assert computed == shown
    assert computed == SEEN_IN_LIBREOFFICE
