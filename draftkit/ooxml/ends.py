"""The last paragraph mark of each container (the body, a cell, a note, a content control): a paragraph
whose mark is inserted or deleted merges with the next one when the mark goes, and the last one has no next
one, so its mark must stay plain and the vanishing mark move one paragraph back."""
from __future__ import annotations

from lxml import etree

from .markup import Revisions, mark_paragraph, unmark_paragraph
from .names import w

P, TC = w("p"), w("tc")


def close_ends(story: etree._Element, revisions: Revisions) -> None:
    """Give each container's last paragraph mark to both views (see `close_run`), in the body, every table
    cell and every block-level content control of `story`."""
    containers = [story, *story.iter(TC, w("sdtContent"))]
    for container in containers:
        run: list[etree._Element] = []
        for child in container:
            if child.tag == P and child.find(f"{w('pPr')}/{w('sectPr')}") is None:
                run.append(child)
                continue
            if child.tag == P:
                run.append(child)
            close_run(run, revisions)
            run = []
        close_run(run, revisions)


def _kind(p: etree._Element) -> str:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is not None and rpr.find(w("ins")) is not None:
        return "inserted"
    if rpr is not None and rpr.find(w("del")) is not None:
        return "deleted"
    return "equal"


def close_run(paragraphs: list[etree._Element], revisions: Revisions) -> None:
    """Give the last paragraph mark of a run of paragraphs (before a table, a section break or the end of
    its container) to both views.

    A deleted or inserted paragraph merges with the next one when its mark goes away, but the last
    paragraph has no next one. So the last paragraph's own mark stays plain, and the mark that must
    vanish moves one paragraph back: onto the kept paragraph before deleted ones (accepting joins it
    to the empty remains) or before inserted ones (rejecting does). After deleted-then-inserted
    paragraphs, the last deleted one's content joins the last inserted paragraph instead, which then
    reads as the old text on rejection and the new on acceptance.
    """
    placed = [(_kind(p), p) for p in paragraphs]
    tail = 0
    while tail < len(placed) and placed[-1 - tail][0] in ("inserted", "deleted"):
        tail += 1
    if not tail:
        return
    if tail == len(placed):
        _close_whole(placed, revisions)
        return
    run, before = placed[len(placed) - tail:], placed[-1 - tail][1]
    last_kind, last = run[-1]
    deleted = [el for kind, el in run if kind == "deleted"]
    if last_kind == "deleted" and len(deleted) == len(run):
        unmark_paragraph(last)
        mark_paragraph(before, "del", revisions)
    elif last_kind == "inserted" and deleted:
        _join_into(deleted[-1], last)
    elif last_kind == "inserted" and not deleted:
        unmark_paragraph(last)
        mark_paragraph(before, "ins", revisions)


def _close_whole(placed: list[tuple[str, etree._Element]], revisions: Revisions) -> None:
    """Every paragraph of the run is inserted or deleted: the last one keeps a plain mark; if both kinds
    are there, the last deleted one's content joins the last inserted paragraph."""
    last_kind, last = placed[-1]
    deleted = [el for kind, el in placed if kind == "deleted"]
    if last_kind == "inserted" and deleted:
        _join_into(deleted[-1], last)
    elif last_kind == "deleted" and len(deleted) < len(placed):
        inserted = [el for kind, el in placed if kind == "inserted"]
        _join_into(last, inserted[-1])
    else:
        unmark_paragraph(last)


def _join_into(deleted: etree._Element, inserted: etree._Element) -> None:
    """Move a deleted paragraph's content to the start of an inserted paragraph whose mark becomes plain."""
    unmark_paragraph(inserted)
    position = 0 if inserted.find(w("pPr")) is None else 1
    for child in [c for c in deleted if c.tag != w("pPr")]:
        inserted.insert(position, child)
        position += 1
    deleted.getparent().remove(deleted)
