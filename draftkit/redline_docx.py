"""Write the redline DOCX: the draft itself, with every departure from the baseline as tracked changes."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta
from itertools import count

from lxml import etree

from .changes import Comparison, ParagraphChange, Span
from .ooxml.markup import Revisions, mark_paragraph, text_run, tracked, unmark_paragraph, w
from .ooxml.package import LoadedDocx
from .ooxml.text import characters

Chars = list[tuple[str, etree._Element | None]]
TRACKED = (w("ins"), w("del"))


def _rpr_key(rpr: etree._Element | None) -> bytes:
    return b"" if rpr is None else etree.tostring(rpr)


def _runs(chars: Chars, *, deleted: bool = False) -> list[etree._Element]:
    """Runs for a stretch of characters, one per stretch of equal formatting."""
    runs, start = [], 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or _rpr_key(chars[i][1]) != _rpr_key(chars[start][1]):
            runs.append(text_run(chars[start][1], "".join(c for c, _ in chars[start:i]), deleted=deleted))
            start = i
    return runs


def _modified(draft_p: etree._Element, base_p: etree._Element, spans: tuple[Span, ...],
              revisions: Revisions) -> etree._Element | None:
    """The draft paragraph rebuilt with word-level changes, or None if its text does not match the spans."""
    new_chars, old_chars = characters(draft_p), characters(base_p)
    if "".join(c for c, _ in new_chars) != "".join(s.text for s in spans if s.op != "delete") or \
            "".join(c for c, _ in old_chars) != "".join(s.text for s in spans if s.op != "insert"):
        return None
    p = etree.Element(w("p"))
    if (ppr := draft_p.find(w("pPr"))) is not None:
        p.append(copy.deepcopy(ppr))
    ends = []
    for mark in draft_p.iter(w("bookmarkStart"), w("bookmarkEnd")):
        (p.append(copy.deepcopy(mark)) if mark.tag == w("bookmarkStart") else ends.append(copy.deepcopy(mark)))
    i = j = 0
    for span in spans:
        n = len(span.text)
        if span.op == "equal":
            p.extend(_runs(new_chars[i:i + n]))
            i, j = i + n, j + n
        elif span.op == "insert":
            p.append(tracked("ins", _runs(new_chars[i:i + n]), revisions))
            i += n
        else:
            p.append(tracked("del", _runs(old_chars[j:j + n], deleted=True), revisions))
            j += n
    p.extend(ends)
    return p


def _wrap_runs(p: etree._Element, kind: str, revisions: Revisions) -> None:
    """Wrap every run of a paragraph (at any depth) in w:ins or w:del, sibling runs together."""
    groups: list[list[etree._Element]] = []
    for r in p.iter(w("r")):
        if r.getparent().tag in TRACKED:
            continue
        if groups and groups[-1][-1].getnext() is r:
            groups[-1].append(r)
        else:
            groups.append([r])
    for group in groups:
        parent, index = group[0].getparent(), group[0].getparent().index(group[0])
        for r in group:
            parent.remove(r)
        parent.insert(index, tracked(kind, group, revisions))


def _inserted(p: etree._Element, revisions: Revisions) -> etree._Element:
    _wrap_runs(p, "ins", revisions)
    mark_paragraph(p, "ins", revisions)
    return p


def _deleted(base_p: etree._Element, revisions: Revisions) -> etree._Element:
    p = copy.deepcopy(base_p)
    for mark in list(p.iter(w("bookmarkStart"), w("bookmarkEnd"))):
        mark.getparent().remove(mark)
    for instr in p.iter(w("instrText")):
        instr.tag = w("delInstrText")
    _wrap_runs(p, "del", revisions)
    mark_paragraph(p, "del", revisions)
    return p


def _place(change: ParagraphChange, draft_ps, base_ps, revisions: Revisions) -> list[etree._Element]:
    """The element(s) that stand for one paragraph change in the redline."""
    if change.kind == "equal":
        return [draft_ps[change.new]]
    if change.kind == "inserted":
        return [_inserted(draft_ps[change.new], revisions)]
    if change.kind == "deleted":
        return [_deleted(base_ps[change.old], revisions)]
    rebuilt = _modified(draft_ps[change.new], base_ps[change.old], change.spans, revisions)
    if rebuilt is not None:
        return [rebuilt]
    return [_deleted(base_ps[change.old], revisions), _inserted(copy.deepcopy(draft_ps[change.new]), revisions)]


def _close_the_end(placed: list[tuple[str, etree._Element]], revisions: Revisions) -> None:
    """Give the document's last paragraph mark to both views.

    A deleted or inserted paragraph merges with the next one when its mark goes away, but the last
    paragraph has no next one. So the last paragraph's own mark stays plain, and the mark that must
    vanish moves one paragraph back: onto the kept paragraph before deleted ones (accepting joins it
    to the empty remains) or before inserted ones (rejecting does). After deleted-then-inserted
    paragraphs, the last deleted one's content joins the last inserted paragraph instead, which then
    reads as the old text on rejection and the new on acceptance.
    """
    tail = 0
    while tail < len(placed) and placed[-1 - tail][0] in ("inserted", "deleted"):
        tail += 1
    if not tail or tail == len(placed):
        return
    run, before = placed[len(placed) - tail:], placed[-1 - tail][1]
    last_kind, last = run[-1]
    deleted = [el for kind, el in run if kind == "deleted"]
    if last_kind == "deleted" and len(deleted) == len(run):
        unmark_paragraph(last)
        mark_paragraph(before, "del", revisions)
    elif last_kind == "inserted" and deleted:
        unmark_paragraph(last)
        position = 0 if last.find(w("pPr")) is None else 1
        for child in [c for c in deleted[-1] if c.tag != w("pPr")]:
            last.insert(position, child)
            position += 1
        body_of(deleted[-1]).remove(deleted[-1])
    elif last_kind == "inserted" and not deleted:
        unmark_paragraph(last)
        mark_paragraph(before, "ins", revisions)


def _a_minute_later(stamp: str) -> str:
    """The W3C date-time 61 seconds after `stamp` (which ends in "T00:00:00Z" or similar)."""
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ") + timedelta(seconds=61)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def body_of(element: etree._Element) -> etree._Element:
    return element.getparent()


def apply_redline(draft: LoadedDocx, baseline: LoadedDocx, comparison: Comparison, *,
                  author: str, date: str) -> LoadedDocx:
    """Turn `draft` (changed in place) into the redline of `comparison`, and return it."""
    draft_ps, base_ps = draft.paragraphs(), baseline.paragraphs()
    used = [int(x) for x in draft.root.xpath("//w:*/@w:id", namespaces={"w": w("")[1:-1]}) if x.isdigit()]
    revisions = Revisions(author, (date, _a_minute_later(date)), count(max(used, default=0) + 1))
    body = draft.body
    anchor: etree._Element | None = None
    placed: list[tuple[str, etree._Element]] = []
    for section in comparison.sections:
        for change in section.paragraphs:
            original = draft_ps[change.new] if change.new is not None else None
            revisions.turn += 1
            elements = _place(change, draft_ps, base_ps, revisions)
            if original is not None:
                for element in elements:
                    if element is not original:
                        original.addprevious(element)
                if original not in elements:
                    body_of(original).remove(original)
            elif anchor is None:
                body.insert(0, elements[0])
            else:
                anchor.addnext(elements[0])
            anchor = elements[-1]
            kinds = [change.kind] if len(elements) == 1 else ["deleted", "inserted"]
            placed += list(zip(kinds, elements))
    _close_the_end(placed, revisions)
    return draft
