"""HTML redline: a Comparison rendered as one self-contained, printable HTML5 page (no network, no script)."""
from __future__ import annotations

import html
import re
from itertools import groupby

from draftkit.changelist import holders
from draftkit.changes import Comparison, ParagraphChange, SectionChange, Span
from draftkit.document import PREAMBLE

INS_COLOUR = "#1a7f37"
DEL_COLOUR = "#b3261e"
LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

CSS = f"""
:root {{ color-scheme: light; --ins: {INS_COLOUR}; --del: {DEL_COLOUR}; --quiet: #55595e; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0 auto; max-width: 46rem; padding: 1rem; font: 1rem/1.55 Georgia, "Times New Roman", serif;
  color: #1b1b1b; background: #fff; overflow-wrap: break-word; }}
h1 {{ font-size: 1.5rem; line-height: 1.25; margin: 0 0 .25rem; }}
h2 {{ font-size: 1.2rem; margin: 2rem 0 .5rem; }}
h3 {{ font-size: 1.05rem; margin: 0; }}
.subtitle {{ margin: 0; font-style: italic; }}
.byline {{ margin: .25rem 0 0; color: var(--quiet); }}
.notices {{ margin: 1rem 0; padding: .5rem 1rem; border: 2px solid #8a6d00; }}
.notices h2 {{ margin: 0; font-size: 1rem; }}
.notices ul {{ margin: .25rem 0; padding-left: 1.25rem; }}
.table-wrap {{ overflow-x: auto; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; }}
caption {{ text-align: left; padding-bottom: .25rem; color: var(--quiet); }}
th, td {{ padding: .3rem .5rem; border-bottom: 1px solid #c8c8c8; text-align: left; vertical-align: top; }}
thead th, tfoot th, tfoot td {{ border-bottom: 2px solid #1b1b1b; }}
tfoot th, tfoot td {{ border-top: 2px solid #1b1b1b; }}
.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
ins, .ins {{ color: var(--ins); text-decoration: underline solid var(--ins); text-decoration-thickness: 2px;
  text-underline-offset: 2px; text-decoration-skip-ink: none; }}
del, .del {{ color: var(--del); text-decoration: line-through solid var(--del); text-decoration-thickness: 2px; }}
ins::before, ins::after, del::before, del::after {{ position: absolute; width: 1px; height: 1px;
  overflow: hidden; clip-path: inset(100%); white-space: nowrap; }}
ins::before {{ content: " [insertion start] "; }} ins::after {{ content: " [insertion end] "; }}
del::before {{ content: " [deletion start] "; }} del::after {{ content: " [deletion end] "; }}
.para {{ white-space: pre-wrap; tab-size: 4; min-height: 1em; margin: 0 0 .6rem; }}
.para-ins {{ border-left: 4px solid var(--ins); padding-left: .6rem; }}
.para-del {{ border-left: 4px dashed var(--del); padding-left: .6rem; }}
.doc-table td {{ border: 1px solid #c8c8c8; }} .doc-table .para {{ margin: 0; }}
.row-ins td {{ border-left: 4px solid var(--ins); }} .row-del td {{ border-left: 4px dashed var(--del); }}
.row-ins .para, .row-del .para {{ border-left: 0; padding-left: 0; }}
.prov {{ margin: 0 0 1.25rem; padding-top: .5rem; border-top: 1px solid #e2e2e2; }}
.prov-head {{ display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem .6rem; margin: 0 0 .5rem; }}
.prov-unchanged {{ color: var(--quiet); font-size: .95rem; }}
.move-note {{ margin: 0 0 .5rem; font-style: italic; color: var(--quiet); }}
.badge {{ display: inline-block; padding: 0 .4rem; border: 1px solid currentColor; border-radius: .25rem;
  font: .75rem/1.5 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .04em; }}
.badge-added {{ color: var(--ins); }} .badge-dropped {{ color: var(--del); }}
.badge-modified, .badge-moved {{ color: #6b4e00; }}
.legend ul {{ padding-left: 1.25rem; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 11pt; }}
  .table-wrap {{ overflow: visible; }}
  th, td {{ border: 1px solid #000; }}
  a {{ color: inherit; text-decoration: none; }}
  .para, tr, .notices {{ break-inside: avoid; }}
  .prov-head, h2 {{ break-after: avoid; }}
}}
"""


def redline_html(
    comparison: Comparison, *, title: str, subtitle: str, author: str, date_text: str, notes: tuple[str, ...] = ()
) -> str:
    """Render the change list as one self-contained HTML5 document (same input, same string)."""
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        _header(title=title, subtitle=subtitle, author=author, date_text=date_text, notes=notes),
        "<main>\n",
        _summary(comparison),
        _legend(),
        _text(comparison),
        "</main>\n</body>\n</html>\n",
    ]
    return "".join(parts)


# --- header, summary, legend ---------------------------------------------------------------------------


def _header(*, title: str, subtitle: str, author: str, date_text: str, notes: tuple[str, ...]) -> str:
    """Title, subtitle, byline and the notices a reader should see before the text."""
    out = f'<header>\n<h1>{_esc(title)}</h1>\n<p class="subtitle">{_esc(subtitle)}</p>\n'
    out += f'<p class="byline"><span class="author">{_esc(author)}</span> · '
    out += f'<span class="date">{_esc(date_text)}</span></p>\n'
    if notes:
        items = "".join(f"<li>{_esc(note)}</li>\n" for note in notes)
        out += f'<aside class="notices" role="note">\n<h2>Notices</h2>\n<ul>\n{items}</ul>\n</aside>\n'
    return out + "</header>\n"


def _summary(comparison: Comparison) -> str:
    """One row per changed section with word counts, a totals row, and the whole document's share kept."""
    head = '<section class="summary" aria-labelledby="summary-heading">\n<h2 id="summary-heading">Summary</h2>\n'
    changed = comparison.changed
    if not changed:
        return head + '<p class="no-change">No departures from the model.</p>\n</section>\n'
    held = holders(comparison)
    rows = "".join(_summary_row(s, held[s.key].new_number if s.key in held else None) for s in changed)
    inserted, deleted = sum(s.words_inserted for s in changed), sum(s.words_deleted for s in changed)
    retained, model = sum(s.retained_words for s in changed), sum(s.model_words for s in changed)
    noun = "section" if len(changed) == 1 else "sections"
    total = (
        f'<tr class="total"><th scope="row">Total ({len(changed)} {noun})</th><td></td>'
        f'<td class="num">{inserted:,}</td><td class="num">{deleted:,}</td>'
        f'<td class="num">{_percent(retained, model)}</td></tr>\n'
    )
    table = (
        '<div class="table-wrap">\n<table>\n<caption>Sections that depart from the model</caption>\n<thead><tr>'
        '<th scope="col">Section</th><th scope="col">Change</th><th scope="col" class="num">Words inserted</th>'
        '<th scope="col" class="num">Words deleted</th><th scope="col" class="num">Model words retained</th>'
        f"</tr></thead>\n<tbody>\n{rows}</tbody>\n<tfoot>\n{total}</tfoot>\n</table>\n</div>\n"
    )
    return head + table + _overall(comparison) + "</section>\n"


def _summary_row(s: SectionChange, holder: str | None = None) -> str:
    """One section's row; a folded section is named by its title and where its text now is."""
    if s.folded_into:
        where = f"text now in {holder}" if holder else "text now in the section before it"
        was = f"; model {s.old_number}" if s.old_number else ""
        name = f'{_esc(s.title or s.key)}</a> <span class="was">(folded: {_esc(where + was)})</span>'
    else:
        name = f"{_esc(_label(s))}</a>{_renumbered(s)}"
    cells = (
        f'<th scope="row"><a href="#{_anchor(s)}">{name}</th>'
        f"<td>{_badge(s)}</td>"
        f'<td class="num">{s.words_inserted:,}</td><td class="num">{s.words_deleted:,}</td>'
        f'<td class="num">{_percent(s.retained_words, s.model_words)}</td>'
    )
    return f'<tr class="row-{s.kind}">{cells}</tr>\n'


def _overall(comparison: Comparison) -> str:
    """One sentence: how many sections depart, and how much of the whole model is kept word for word."""
    sections = [s for s in comparison.sections if not s.moved_from]
    retained, model = sum(s.retained_words for s in sections), sum(s.model_words for s in sections)
    share = f" ({_percent(retained, model)})" if model else ""
    return (
        f'<p class="overall">{len(comparison.changed):,} of {len(sections):,} sections depart from the model; '
        f"{retained:,} of the model’s {model:,} words{share} are retained unchanged.</p>\n"
    )


def _legend() -> str:
    return (
        '<section class="legend" aria-labelledby="legend-heading">\n<h2 id="legend-heading">How to read it</h2>\n<ul>\n'
        '<li><ins class="ins">Inserted text</ins> is underlined in green: it is in the local version, '
        "not in the model.</li>\n"
        '<li><del class="del">Deleted text</del> is struck through in red: it is in the model, '
        "not in the local version.</li>\n"
        '<li><span class="para-ins">A solid bar</span> marks a wholly new paragraph; '
        '<span class="para-del">a dashed bar</span> a wholly removed one.</li>\n'
        '<li><span class="prov-unchanged">Sections in grey</span> read as in the model.</li>\n</ul>\n</section>\n'
    )


# --- the text --------------------------------------------------------------------------------------------


def _text(comparison: Comparison) -> str:
    sections = "".join(_section(s) for s in comparison.sections)
    head = '<article class="redline" aria-labelledby="text-heading">\n<h2 id="text-heading">Text</h2>\n'
    return f"{head}{sections}</article>\n"


def _section(s: SectionChange) -> str:
    """One provision: heading (with its badge), a note for a move, then its paragraphs."""
    paragraphs = list(s.paragraphs)
    if s.key != PREAMBLE and paragraphs:
        head = f'<div class="prov-head">{_paragraph(paragraphs.pop(0), "h3")}{_badge(s)}</div>\n'
    elif s.kind != "unchanged":
        head = f'<p class="prov-head"><span class="prov-label">{_esc(_label(s))}</span> {_badge(s)}</p>\n'
    else:
        head = ""
    body = "".join(_block(list(group)) for _, group in groupby(paragraphs, key=lambda p: p.cell is not None))
    kind = "moved-from" if s.moved_from else s.kind
    return f'<section id="{_anchor(s)}" class="prov prov-{kind}">\n{head}{_move_note(s)}{body}</section>\n'


def _block(paragraphs: list[ParagraphChange]) -> str:
    """Paragraphs one by one; or, for a stretch of table cells, a table with their rows and cells."""
    if paragraphs[0].cell is None:
        return "".join(_paragraph(p, "p") + "\n" for p in paragraphs)
    rows = []
    for (_, _, whole, kind), row in groupby(paragraphs, key=lambda p: (*p.cell[:2], p.whole_row,
                                                                       p.kind if p.whole_row else "")):
        cells = [
            "<td>" + "".join(_paragraph(p, "p") for p in cell) + "</td>"
            for _, cell in groupby(row, key=lambda p: p.cell[2])
        ]
        css = f' class="row-{"ins" if kind == "inserted" else "del"}"' if whole else ""
        rows.append(f"<tr{css}>{''.join(cells)}</tr>\n")
    return f'<div class="table-wrap"><table class="doc-table">\n<tbody>\n{"".join(rows)}</tbody></table></div>\n'


def _move_note(s: SectionChange) -> str:
    """For a moved section, a line linking its two places."""
    if s.kind != "moved":
        return ""
    if s.moved_from:
        now = f" (now {_esc(s.new_number)})" if s.new_number else ""
        return f'<p class="move-note">Moved{now}: see <a href="#prov-{_id(s.key)}">its new place</a>.</p>\n'
    was = f" (model {_esc(s.old_number)})" if s.old_number else ""
    back = f"#prov-{_id(s.key)}-moved-from"
    return f'<p class="move-note">Moved here{was}: see <a href="{back}">where the model has it</a>.</p>\n'


def _paragraph(p: ParagraphChange, tag: str) -> str:
    """A paragraph as one element; a wholly inserted or deleted one also carries a bar."""
    classes = {"inserted": "para para-ins", "deleted": "para para-del"}.get(p.kind, "para")
    return f'<{tag} class="{classes}">{"".join(_span(span) for span in p.spans)}</{tag}>'


def _span(span: Span) -> str:
    if span.op == "insert":
        return f'<ins class="ins">{_esc(span.text)}</ins>'
    if span.op == "delete":
        return f'<del class="del">{_esc(span.text)}</del>'
    return _esc(span.text)


# --- small helpers ---------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Escape text for HTML; line breaks become <br>, other control characters a visible U+FFFD."""
    escaped = html.escape(CONTROL.sub("\ufffd", text), quote=True)
    return LINE_BREAK.sub("<br>", escaped)


def _id(key: str) -> str:
    """An id-safe form of a provision key (HTML ids may not hold whitespace)."""
    return html.escape(re.sub(r"\s", "_", key), quote=True)


def _anchor(s: SectionChange) -> str:
    return f"prov-{_id(s.key)}-moved-from" if s.moved_from else f"prov-{_id(s.key)}"


def _label(s: SectionChange) -> str:
    """What the summary calls a section: its number and title, e.g. "13.105.050 Waiver"."""
    if s.key == PREAMBLE and not s.title:
        return "Preamble"
    words = " ".join(part for part in (s.new_number or s.old_number or "", s.title) if part)
    return words or s.key


def _renumbered(s: SectionChange) -> str:
    if s.old_number and s.new_number and s.old_number != s.new_number:
        return f' <span class="was">(model {_esc(s.old_number)})</span>'
    return ""


def _badge(s: SectionChange) -> str:
    return "" if s.kind == "unchanged" else f'<span class="badge badge-{s.kind}">{s.kind}</span>'


def _percent(part: int, whole: int) -> str:
    """Share as a whole percent, rounded down so that only a full share reads 100%; "—" for nothing."""
    return "—" if whole <= 0 else f"{100 * part // whole}%"
