"""Provisions found when reworded and regrouped: each paragraph of an adopted text assigned to the model
provision it carries out, from Word, PDF, web page and plain text alike; a provision truly removed is dropped."""
from __future__ import annotations

import json

import pytest
from support import libreoffice
from support.adopted_texts import clerk_docx, code_page, plain_text, source_lines, to_pdf, without

from draftkit.assign import assign, match_terms, regroup, stem, tokens
from draftkit.build import render_ordinance
from draftkit.compare import compare_paths
from draftkit.diff import compare
from draftkit.document import DocumentText
from draftkit.readers import read_text_document

# What each paragraph of the reworded chapter carries out, by its first words.
EXPECTED = {
    "This chapter may be referred": "title", "In this chapter, unless": "definitions",
    'A. "Agreement"': "definitions", 'B. "Information Reseller"': "definitions",
    'C. "Enhanced Screening"': "definitions", 'D. "Federal Immigration': "definitions",
    'E. "Business"': "definitions", 'F. "Prohibited Services"': "definitions",
    "A. No department": "contracts", "B. Agreements signed": "contracts", "C. The City Manager may": "waiver",
    "D. Each request for proposals": "solicitations", "A. Before awarding": "identification",
    "B. Every bidder": "identification", "C. When the City Manager": "appeal", "By November 1": "report",
    "A. A person who believes": "enforcement", "B. If the violation": "enforcement", "C. A court may": "enforcement",
    "D. A plaintiff": "enforcement", "E. A lawsuit": "enforcement", "Should a court": "severability",
}
PRESENT = {"title", "definitions", "contracts", "waiver", "solicitations", "identification", "appeal", "report",
           "enforcement", "severability"}
NOT_IN_A_CODIFIED_CHAPTER = {"findings", "investments", "effective_date", "certificate"}


@pytest.fixture(scope="module")
def model_text(model, canonical) -> DocumentText:
    return render_ordinance(canonical, model).text


def as_text(text: str, name: str = "chapter.txt") -> DocumentText:
    from pathlib import Path

    return read_text_document(Path(name), text.encode("utf-8"))


def assigned(model_text: DocumentText, adopted: DocumentText) -> dict[str, str | None]:
    texts = {p.index: p.text for p in adopted.paragraphs}
    found = assign(model_text, adopted)
    return {next(k for k in EXPECTED if texts[a.paragraph].startswith(k)): a.key for a in found.paragraphs
            if any(texts[a.paragraph].startswith(k) for k in EXPECTED)}


def test_stems_and_tokens():
    assert {stem(w) for w in ("contract", "contracts", "contracting")} == {"contract"}
    assert tokens("The City shall not enter into a Contract") == ["city", "enter", "contract"]


def test_renamed_definitions_are_matched_by_what_they_define(model_text):
    terms = dict(match_terms(model_text, as_text(plain_text(source_lines()))))
    assert terms["Prohibited Services"] == "Covered Services"
    assert terms["Information Reseller"] == "Data Broker"
    assert terms["Enhanced Screening"] == "Extreme Vetting"
    assert terms["Business"] == "Person or Entity" and terms["Agreement"] == "Contract"


def test_every_paragraph_of_the_reworded_chapter_finds_its_provision(model_text):
    assert assigned(model_text, as_text(plain_text(source_lines()))) == EXPECTED


def test_a_merged_section_carries_all_three(model_text):
    adopted = as_text(plain_text(source_lines()))
    found = assign(model_text, adopted)
    merged = next(s for s in adopted.sections if s.number == "13.105.030")
    assert {a.key for a in found.paragraphs if a.paragraph in {p.index for p in merged.body}} == {
        "contracts", "waiver", "solicitations"}
    assert all(0.3 <= a.confidence <= 1 for a in found.paragraphs if a.key)


def provisions(model_text: DocumentText, adopted: DocumentText) -> dict[str, str]:
    found = assign(model_text, adopted)
    return {s.key: s.kind for s in compare(model_text, regroup(model_text, adopted, found)).sections}


def test_per_provision_present_or_dropped(model_text):
    kinds = provisions(model_text, as_text(plain_text(source_lines())))
    assert all(kinds[k] == "modified" for k in PRESENT)
    assert all(kinds[k] == "dropped" for k in NOT_IN_A_CODIFIED_CHAPTER)


def test_a_provision_truly_removed_is_dropped_not_found_elsewhere(model_text):
    adopted = as_text(plain_text(without(source_lines(), "C. The City Manager may submit")))
    kinds = provisions(model_text, adopted)
    assert kinds["waiver"] == "dropped"
    assert all(kinds[k] == "modified" for k in PRESENT - {"waiver"})


def test_sections_reordered_and_renumbered_still_found(model_text):
    lines = source_lines()
    report = [x for x in lines if x.text.startswith(("13.105.050", "By November 1"))]
    rest = [x for x in lines if x not in report]
    moved = rest[:5] + [type(x)(x.kind, x.text.replace("13.105.050", "13.105.015")) for x in report] + rest[5:]
    assert assigned(model_text, as_text(plain_text(moved))) == EXPECTED


def test_our_own_document_keeps_its_sections(model, samples, model_text):
    """A document that names its provisions (our own) is regrouped as it is: the same change list."""
    oakland = render_ordinance(samples["oakland"], model).text
    found = assign(model_text, oakland)
    assert {a.confidence for a in found.paragraphs if a.key} == {1.0}
    direct = {s.key: (s.kind, s.retained_words) for s in compare(model_text, oakland).sections if not s.moved_from}
    regrouped = {s.key: (s.kind, s.retained_words) for s in compare(model_text, regroup(model_text, oakland, found)).sections}
    assert regrouped == direct


def test_users_assignments_win(model_text):
    adopted = as_text(plain_text(source_lines()))
    target = next(p for p in adopted.paragraphs if p.text.startswith("C. The City Manager may"))
    found = assign(model_text, adopted, fixed={target.index: "contracts"})
    (mine,) = [a for a in found.paragraphs if a.paragraph == target.index]
    assert (mine.key, mine.confidence, mine.by) == ("contracts", 1.0, "mapping")
    assert found.by_mapping("contracts") and not found.of("waiver")


@pytest.fixture(scope="module")
def every_format(tmp_path_factory) -> dict:
    """The reworded chapter as a clerk's Word file, its PDF (two columns, line numbers), a code page, text."""
    libreoffice.require()
    folder = tmp_path_factory.mktemp("formats")
    lines = source_lines()
    (folder / "clerk.docx").write_bytes(clerk_docx(lines, running_head="BERKELEY MUNICIPAL CODE",
                                                   line_numbers=True))
    columns = folder / "agenda.docx"
    columns.write_bytes(clerk_docx(lines, running_head="BERKELEY MUNICIPAL CODE", line_numbers=True, columns=2))
    to_pdf([columns], folder)
    columns.unlink()
    (folder / "online.html").write_text(code_page(lines), encoding="utf-8")
    (folder / "typed.txt").write_text(plain_text(lines), encoding="utf-8")
    return folder


def test_the_same_provisions_from_docx_pdf_html_and_text(every_format, tmp_path, model):
    written, failures = compare_paths([every_format, every_format / "typed.txt"], tmp_path, model)
    assert failures == []
    data = json.loads((tmp_path / "comparison.json").read_text(encoding="utf-8"))
    slugs = {"clerk", "agenda", "online", "typed"}
    assert {c["slug"] for c in data["jurisdictions"]} == slugs
    rows = {p["key"]: p["cells"] for p in data["provisions"]}
    for key in PRESENT:
        assert {rows[key][s]["kind"] for s in slugs} == {"reworded"}, key
        sure = [rows[key][s]["confidence"] for s in slugs]
        assert max(sure) - min(sure) <= 0.05 and min(sure) > 0.3, (key, sure)
    for key in NOT_IN_A_CODIFIED_CHAPTER:
        assert {rows[key][s]["kind"] for s in slugs} == {"dropped"}
    shares = [c["retained_percent"] for c in data["jurisdictions"]]  # before: 0.2%, every provision dropped
    assert max(shares) - min(shares) <= 0.2 and min(shares) > 1.0, shares  # the page's one heading is two lines
    assert "reworded" in (tmp_path / "comparison.html").read_text(encoding="utf-8")


HELD_AS_PDF = ("berkeley", "alameda", "oakland_surveillance")  # merged sections; a heading after a page
# break; a section of the city's own that borrows a provision's words (also exported as web pages)


@pytest.fixture(scope="module")
def held(tmp_path_factory) -> dict[str, tuple]:
    """Every sample ordinance (both models) as its Word file and its text typed into a plain-text file
    (paragraphs apart, tabs as spaces); three also as the PDF and the web page LibreOffice exports (the page
    with its footer in a <div title="footer">). Berkeley's merges four of
    the model's sections into its Sec. 13.105.030; every one puts its signature block under a heading with
    no number. slug -> (model, canonical, jurisdiction, {kind: path})."""
    from conftest import ROOT

    from draftkit.jurisdiction import load_canonical, load_jurisdiction
    from draftkit.model import load_model
    from draftkit.models import folder_for, option

    folder, out = tmp_path_factory.mktemp("held"), {}
    for yaml in sorted((ROOT / "jurisdictions").glob("*.yaml")):
        model = load_model(folder_for(yaml, option(None)))
        j = load_jurisdiction(yaml, model)
        built = render_ordinance(j, model)
        paths = {"docx": folder / f"{yaml.stem}.docx", "txt": folder / f"{yaml.stem}.txt"}
        paths["docx"].write_bytes(built.docx)
        paths["txt"].write_text("\n\n".join(" ".join(p.text.split()) for p in built.text.paragraphs), encoding="utf-8")
        if yaml.stem in HELD_AS_PDF:
            paths["pdf"], paths["html"] = folder / f"{yaml.stem}.pdf", folder / f"{yaml.stem}.html"
        out[yaml.stem] = (model, load_canonical(model), j, paths)
    for kind in ("pdf", "html"):
        to_pdf([folder / f"{slug}.docx" for slug in HELD_AS_PDF], folder, kind)
    return out


def _changes(path, model, canonical, j) -> tuple[dict, dict, list]:
    """changes.json of a file's redline against the model for `j`; its changed provisions (additions apart:
    a Word file keys them by its bookmarks, a text by their order) and its additions' kinds and words."""
    from draftkit.packet import docx_redline

    data = json.loads(docx_redline(path, model, canonical, j=j).files["changes.json"])
    kept = {s["provision"]: (s["kind"], s["folded_into"], s["words_inserted"], s["words_deleted"])
            for s in data["changed_sections"] if s["kind"] != "added"}
    added = sorted((s["words_inserted"], s["words_deleted"]) for s in data["changed_sections"] if s["kind"] == "added")
    return data, kept, added


@pytest.mark.parametrize("kind", ["txt", "pdf", "html"])
def test_a_text_read_from_a_pdf_a_page_or_a_text_file_redlines_as_its_word_file(held, kind):
    """The redline of an ordinance read from PDF, web page or text reports what its Word file's does:
    merged sections as folded into the one that holds them (not dropped, their words inserted elsewhere),
    the signature block under its own unnumbered heading (not swallowed by the section before it), each
    provision beside the section that carries it out; a tab the text gives as a space is no departure, nor
    the page footer a web page exports. Only a PDF's signature block may differ: the PDF sets its columns
    apart."""
    for slug, (model, canonical, j, paths) in held.items():
        if kind not in paths:
            continue
        word, by_word, added = _changes(paths["docx"], model, canonical, j)
        read, by_read, read_added = _changes(paths[kind], model, canonical, j)
        if kind == "pdf":
            signatures = by_read.pop("certificate", ("unchanged", None, 0, 0))
            assert signatures[:2] in {("unchanged", None), ("modified", None)}, (slug, signatures)
            by_word.pop("certificate", None)
        assert (by_read, read_added) == (by_word, added), slug
        assert read["text_complete"] and read["model_words"] == word["model_words"]
        if kind != "pdf":
            assert read["retained_words"] == word["retained_words"], slug
        else:
            assert word["retained_words"] - 40 <= read["retained_words"] <= word["retained_words"], slug
    berkeley = _changes(held["berkeley"][3][kind], *held["berkeley"][:3])[1]
    assert {k for k, s in berkeley.items() if s[1] == "contracts"} == {"waiver", "solicitations", "identification",
                                                                      "appeal"}


def test_the_comparison_reads_a_text_file_as_its_word_file(held, tmp_path, model):
    """`draft compare` over the Sanctuary samples as Word files and as text files: every provision's cell,
    and the share of the model kept, are the same for both (the signature block under its unnumbered
    heading, not in the section before it)."""
    import shutil

    inputs = []
    for slug, (own, _, _, paths) in held.items():
        if own.folder == model.folder:
            for kind in ("docx", "txt"):
                inputs.append(tmp_path / "in" / f"{slug}_{kind}.{kind}")
                inputs[-1].parent.mkdir(exist_ok=True)
                shutil.copy(paths[kind], inputs[-1])
    _, failures = compare_paths(inputs, tmp_path / "out", model)
    assert failures == [] and len(inputs) == 10
    data = json.loads((tmp_path / "out" / "comparison.json").read_text(encoding="utf-8"))
    kept = {c["slug"]: c["retained_percent"] for c in data["jurisdictions"]}
    for slug in {p.stem.rsplit("_", 1)[0] for p in inputs}:
        assert kept[f"{slug}_txt"] == kept[f"{slug}_docx"], slug
        for row in data["provisions"]:
            word, text = row["cells"][f"{slug}_docx"], row["cells"][f"{slug}_txt"]
            assert (text["kind"], text.get("retained_percent")) == (word["kind"], word.get("retained_percent")), \
                (slug, row["key"])


def _code_page(text: DocumentText, heading) -> str:
    """An online code's page of an ordinance's text: the site's breadcrumbs and menu in plain <div>s, each
    section's heading printed as `heading(number, title)` in bold, each paragraph a block."""
    import html

    out = ['<html><body><div class="breadcrumbs">Home &gt; Title 2 &gt; Chapter 2.23</div>',
           '<ul id="site-menu"><li>Code</li><li>Help</li></ul>']
    for s in text.sections:
        if s.heading is not None:
            shown = heading(s.number, s.title) if "." in s.number else s.heading.text
            out.append(f'<div class="Section"><b>{html.escape(shown)}</b></div>')
        out += [f"<p>{html.escape(p.text)}</p>" for p in s.body]
    return "\n".join(out) + '<footer>Current through Ordinance 13540.</footer></body></html>'


@pytest.mark.parametrize("publisher", [lambda n, t: f"Sec. {n}. - {t}.", lambda n, t: f"§ {n} {t.upper()}."],
                         ids=["dash", "section-mark-capitals"])
def test_an_online_codes_page_redlines_as_the_word_file(held, tmp_path, publisher):
    """Oakland's ordinance as two publishers print a code online ("Sec. 2.23.010. - Title.", "§ 2.23.010
    TITLE.") redlines exactly as its Word file: the site's parts, the dash, the mark and the capitals are no
    departures (before, "§" headings were no sections at all, and every provision read as dropped)."""
    from draftkit.docx_text import read_sections
    from draftkit.ooxml.package import open_docx

    model, canonical, j, paths = held["oakland"]
    page = tmp_path / "oakland.html"
    page.write_text(_code_page(read_sections(open_docx(paths["docx"].read_bytes())), publisher), encoding="utf-8")
    word, by_word, added = _changes(paths["docx"], model, canonical, j)
    read, by_read, read_added = _changes(page, model, canonical, j)
    assert (by_read, read_added, read["retained_words"]) == (by_word, added, word["retained_words"])
