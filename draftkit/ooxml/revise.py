"""Turn a draft's paragraphs, rows and tables into tracked changes against a baseline, in place.

A changed paragraph keeps everything it holds (fields, hyperlinks, comments, images, content controls,
bookmarks, note references): its runs are split where the text changes, inserted pieces are wrapped in
w:ins at whatever depth they sit, and deleted text is put back as w:del runs with the baseline's
formatting. Deleted paragraphs, rows and tables are copies of the baseline's, stripped of what points
into the baseline's package (comments, notes, images, relationships) and marked deleted.
"""
from __future__ import annotations

import copy
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from lxml import etree

from .blocks import table_rows
from .markup import Revisions, mark_paragraph, text_run, tracked
from .names import XML_SPACE, w
from .names import R as R_NS
from .text import RPR, TEXT_OF, Characters, atoms, offset_of

P, T, TR, TBL, TC, RUN = w("p"), w("t"), w("tr"), w("tbl"), w("tc"), w("r")
TRACKED = (w("ins"), w("del"))
SEPARATE_STORIES = (w("txbxContent"),)
# What a deleted copy of a baseline paragraph may not keep: it points into the baseline's own package.
FOREIGN = ("commentRangeStart", "commentRangeEnd", "commentReference", "footnoteReference", "endnoteReference",
           "bookmarkStart", "bookmarkEnd", "drawing", "pict", "object", "permStart", "permEnd")
TR_PR_AFTER = ("ins", "del", "trPrChange")
MISSED = {"commentReference": "comments", "footnoteReference": "footnotes", "endnoteReference": "endnotes",
          "drawing": "images or drawings", "pict": "images or drawings", "object": "embedded objects"}
STARTS = {w("bookmarkStart"), w("commentRangeStart"), w("permStart")}
MARKERS = STARTS | {w("bookmarkEnd"), w("commentRangeEnd"), w("permEnd"), w("proofErr")}


class SpanLike(Protocol):
    op: str
    text: str


def revise_paragraph(p: etree._Element, base: etree._Element, spans: Sequence[SpanLike], revisions: Revisions,
                     *, labels: tuple[int, int] = (0, 0),
                     restore: Sequence[tuple[etree._Element, etree._Element]] = ()) -> bool:
    """Mark the draft paragraph `p` with the spans' insertions and deletions, in place.

    `labels` are the lengths of the list labels that Word draws in front of each side's text (draft,
    baseline): the spans' texts begin with them although no run holds them. `restore` are runs of the
    baseline paragraph without text (a dropped note's reference) to put back as deleted where they were.
    False (and nothing changed) if the paragraphs' texts are not what the spans say.
    """
    new, old = atoms(p), atoms(base)
    nl, ol = labels
    if "".join(s.text for s in spans if s.op != "delete")[nl:] != new.text or \
            "".join(s.text for s in spans if s.op != "insert")[ol:] != old.text:
        return False
    inserted, deletions = _plan(spans, nl, ol, len(new))
    deletions = _with_restored(deletions, spans, (nl, ol), [(offset_of(base, found, old), run) for found, run in restore])
    runs = _split_runs(new, _pieces_of(inserted, {at for at, _ in deletions}))
    _wrap_inserted(runs, inserted, revisions)
    for at, picked in reversed(deletions):
        _put_deleted(p, runs, at, [old[k] if isinstance(k, int) else k for k in picked], revisions)
    return True


def _pieces_of(inserted: list[bool], cuts: set[int]) -> list[int]:
    """The piece number of each draft character: a new piece where its being inserted changes, or where
    deleted text goes (a cut)."""
    size = len(inserted)
    bounds = sorted({k for k in cuts if 0 < k < size}.union(
        [k for k in range(1, size) if inserted[k] != inserted[k - 1]]))
    pieces: list[int] = []
    start = 0
    for n, bound in enumerate([*bounds, size]):
        pieces += [n] * (bound - start)
        start = bound
    return pieces


def _with_restored(deletions: list, spans: Sequence[SpanLike], labels: tuple[int, int],
                   restore: list[tuple[int, etree._Element]]) -> list:
    """The deletions with each run to restore placed among them at its baseline offset: inside the
    deleted text around that offset, or as a deletion of its own."""
    out = [(at, list(picked)) for at, picked in deletions]
    for offset, run in restore:
        at = _draft_position(spans, labels, offset)
        for _, picked in out:
            ints = [k for k in picked if isinstance(k, int)]
            if _ == at and ints and ints[0] <= offset <= ints[-1] + 1:
                later = next((n for n, k in enumerate(picked) if isinstance(k, int) and k >= offset), len(picked))
                picked.insert(later, run)
                break
        else:
            out.append((at, [run]))
    first = lambda d: next((k for k in d[1] if isinstance(k, int)), -1)  # noqa: E731
    return sorted(out, key=lambda d: (d[0], first(d)))


def _draft_position(spans: Sequence[SpanLike], labels: tuple[int, int], offset: int) -> int:
    """The draft character before which the baseline's character `offset` (labels left out) stands."""
    nl, ol = labels
    i = j = 0
    for span in spans:
        for _ in span.text:
            if j - ol >= offset and span.op != "insert":
                return max(i - nl, 0)
            if span.op != "delete":
                i += 1
            if span.op != "insert":
                j += 1
    return max(i - nl, 0)


def _plan(spans: Sequence[SpanLike], nl: int, ol: int, size: int) -> tuple[list[bool], list[tuple[int, list[int]]]]:
    """Which draft characters are inserted, and which baseline characters are deleted before which draft
    character (positions count the characters runs hold, labels left out: a label's characters that only
    one side has are inserted or deleted as text)."""
    inserted = [False] * size
    deletions: list[tuple[int, list[int]]] = []

    def delete(at: int, first: int, last: int) -> None:  # baseline characters first..last-1, before draft `at`
        if first >= last:
            return
        if deletions and deletions[-1][0] == at and deletions[-1][1][-1] == first - 1:
            deletions[-1][1].extend(range(first, last))
        else:
            deletions.append((at, list(range(first, last))))

    def insert(first: int, last: int) -> None:  # draft characters first..last-1
        if first < last:
            inserted[first:last] = [True] * (last - first)

    i = j = 0
    for span in spans:
        length = len(span.text)
        if span.op == "equal":  # inserted where only the draft's side is past its label, deleted the other way
            insert(i + max(0, nl - i) - nl, i + min(length, ol - j) - nl)
            delete(0, j + max(0, ol - j) - ol, j + min(length, nl - i) - ol)
            i, j = i + length, j + length
        elif span.op == "insert":
            insert(i + max(0, nl - i) - nl, i + length - nl)
            i += length
        else:
            delete(max(i - nl, 0), j + max(0, ol - j) - ol, j + length - ol)
            j += length
    return inserted, deletions


def _split_runs(new: Characters, pieces: list[int]) -> list[etree._Element]:
    """Split the runs holding characters where the piece number changes; return the run holding each
    character."""
    holder: list[etree._Element] = []
    runs, elements, size = new.runs, new.elements, len(new)
    start = 0
    while start < size:
        run = runs[start]
        end = start
        while end < size and runs[end] is run:  # a run's characters, an element's at a time
            end += _given(elements[end])
        if pieces[start] == pieces[end - 1]:
            holder += [run] * (end - start)
        else:
            holder += _split(run, elements[start:end], pieces[start:end])
        start = end
    return holder


def _given(element: etree._Element) -> int:
    """How many characters an element gives a paragraph's text (a w:t its text's, a tab or break one)."""
    return len(element.text or "") if element.tag == T else 1


def _split(run: etree._Element, elements: list[etree._Element], pieces: list[int]) -> list[etree._Element]:
    """Split one run into consecutive runs, one per piece; return the run of each of its characters (the
    element giving each character, and its piece, are given)."""
    piece_of: dict[int, list[int]] = {}
    k = 0
    while k < len(elements):
        element = elements[k]
        end = k + _given(element)
        piece_of[id(element)] = pieces[k:end]
        k = end
    segments: list[tuple[int | None, list[etree._Element]]] = []
    for child in [c for c in run if c.tag != RPR]:
        run.remove(child)
        for piece, element in _pieces(child, piece_of.get(id(child))):
            if segments and (piece is None or segments[-1][0] in (piece, None)):
                segments[-1] = (segments[-1][0] if piece is None else piece, segments[-1][1] + [element])
            else:
                segments.append((piece, [element]))
    runs: list[etree._Element] = []
    anchor = run
    for n, (_, children) in enumerate(segments):
        target = run if n == 0 else _sibling_run(run)
        if n:
            anchor.addnext(target)
            anchor = target
        target.extend(children)
        runs.append(target)
    holder: list[etree._Element] = []
    for target in runs:
        holder += [target] * sum(len(el.text or "") if el.tag == T else int(el.tag in TEXT_OF) for el in target)
    return holder


def _pieces(child: etree._Element, pieces: list[int] | None) -> list[tuple[int | None, etree._Element]]:
    """A run's child cut where its characters' piece changes (w:t), or whole with its piece (None: no text)."""
    if pieces is None:
        return [(None, child)]
    if child.tag != T or pieces[0] == pieces[-1]:
        return [(pieces[0], child)]
    text, out, start = child.text or "", [], 0
    while start < len(pieces):  # pieces never decrease: each ends where the next number begins
        end = bisect_right(pieces, pieces[start], start)
        t = etree.Element(T)
        t.text = text[start:end]
        t.set(XML_SPACE, "preserve")
        out.append((pieces[start], t))
        start = end
    return out


def _sibling_run(run: etree._Element) -> etree._Element:
    r = etree.Element(RUN)
    if (rpr := run.find(RPR)) is not None:
        r.append(copy.deepcopy(rpr))
    return r


def _wrap_inserted(holder: list[etree._Element], inserted: list[bool], revisions: Revisions) -> None:
    """Wrap the runs of inserted characters in w:ins, neighbouring runs together."""
    runs: list[etree._Element] = []
    for run, flag in zip(holder, inserted):
        if flag and (not runs or runs[-1] is not run):
            runs.append(run)
    groups: list[list[etree._Element]] = []
    for run in runs:
        if groups and groups[-1][-1].getnext() is run:
            groups[-1].append(run)
        else:
            groups.append([run])
    for group in groups:
        _wrap(group, "ins", revisions)


def _wrap(group: list[etree._Element], kind: str, revisions: Revisions) -> etree._Element:
    parent = group[0].getparent()
    index = parent.index(group[0])
    for r in group:
        parent.remove(r)
    wrapper = tracked(kind, group, revisions)
    parent.insert(index, wrapper)
    return wrapper


def _outer(run: etree._Element) -> etree._Element:
    """The run, or the w:ins around it."""
    parent = run.getparent()
    return parent if parent is not None and parent.tag in TRACKED else run


def _put_deleted(p: etree._Element, holder: list[etree._Element], at: int, old: list,
                 revisions: Revisions) -> None:
    """Put the baseline's characters `old` (Atoms, and runs to restore as they are) back as deleted runs
    before the draft's character `at`."""
    runs, start, keys = [], 0, {}
    key = lambda run: keys[run] if run in keys else keys.setdefault(run, _rpr_key(run))  # noqa: E731
    for k in range(1, len(old) + 1):
        if isinstance(old[start], etree._Element):
            runs.append(old[start])
            start = k
        elif k == len(old) or isinstance(old[k], etree._Element) or \
                (old[k].run is not old[start].run and key(old[k].run) != key(old[start].run)):
            runs.append(text_run(old[start].run.find(RPR), "".join(a.char for a in old[start:k]), deleted=True))
            start = k
    deleted = tracked("del", runs, revisions)
    if at > 0:
        _after_starts(_outer(holder[at - 1])).addnext(deleted)
    elif holder:
        _outer(holder[0]).addprevious(deleted)
    else:
        p.append(deleted)


def _after_starts(element: etree._Element) -> etree._Element:
    """The last range start (bookmark, comment) among the markers that follow `element` before the next
    content, or `element` itself: deleted text goes inside ranges that begin or end at its place."""
    found, sibling = element, element.getnext()
    while sibling is not None and sibling.tag in MARKERS:
        if sibling.tag in STARTS:
            found = sibling
        sibling = sibling.getnext()
    return found


def _rpr_key(run: etree._Element) -> bytes:
    rpr = run.find(RPR)
    return b"" if rpr is None else etree.tostring(rpr)


def wrap_all_runs(element: etree._Element, kind: str, revisions: Revisions) -> None:
    """Wrap every run of a paragraph, row or table in w:ins or w:del, sibling runs together; runs of
    text boxes inside it go with the run that holds the box."""
    groups: list[list[etree._Element]] = []
    for r in element.iter(RUN):
        if r.getparent().tag in TRACKED or _in_text_box(r, element):
            continue
        if groups and groups[-1][-1].getnext() is r:
            groups[-1].append(r)
        else:
            groups.append([r])
    for group in groups:
        _wrap(group, kind, revisions)


def _in_text_box(el: etree._Element, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in SEPARATE_STORIES:
            return True
        parent = parent.getparent()
    return False


def wrap_run(run: etree._Element, kind: str, revisions: Revisions) -> None:
    """Wrap one run in w:ins or w:del, unless a revision already holds it."""
    if run.getparent() is not None and run.getparent().tag not in TRACKED:
        _wrap([run], kind, revisions)


def deleted_reference(p: etree._Element, run: etree._Element, revisions: Revisions) -> None:
    """Append a run (a note's reference mark) to a paragraph as deleted, before its closing bookmarks."""
    wrapper = tracked("del", [run], revisions)
    trailing = [el for el in p if el.tag == w("bookmarkEnd")]
    last = trailing[0] if trailing and all(el.tag == w("bookmarkEnd") for el in p[p.index(trailing[0]):]) else None
    (last.addprevious(wrapper) if last is not None else p.append(wrapper))


def inserted_paragraph(p: etree._Element, revisions: Revisions, *, mark: bool = True) -> None:
    """Record a draft paragraph as inserted: its runs, and (unless `mark` is False) its mark."""
    wrap_all_runs(p, "ins", revisions)
    if mark:
        mark_paragraph(p, "ins", revisions)


def deleted_copy(base: etree._Element, revisions: Revisions, *, mark: bool = True,
                 notes: dict[tuple[str, str], int] | None = None) -> etree._Element:
    """A copy of a baseline paragraph, row or table, every run deleted; marks deleted unless `mark` is False.
    References to the notes in `notes` ((kind, baseline id) -> the id of their copy) are kept, renumbered."""
    element = copy.deepcopy(base)
    revisions.lost.update(_strip_foreign(element, notes or {}))
    for instr in element.iter(w("instrText")):
        instr.tag = w("delInstrText")
    wrap_all_runs(element, "del", revisions)
    if mark and element.tag == P:
        mark_paragraph(element, "del", revisions)
    return element


def _strip_foreign(element: etree._Element, notes: dict[tuple[str, str], int]) -> Counter:
    """Remove what points into the baseline's package (but for references to copied notes, renumbered);
    unwrap its hyperlinks to their runs. Returns what was removed that a reader would miss."""
    lost: Counter = Counter()
    for tag in FOREIGN:
        for el in list(element.iter(w(tag))):
            copied = notes.get((tag[:-len("Reference")], el.get(w("id")))) if tag.endswith("noteReference") else None
            if copied is not None:
                el.set(w("id"), str(copied))
                continue
            el.getparent().remove(el)
            if tag in MISSED:
                lost[MISSED[tag]] += 1
    for link in list(element.iter(w("hyperlink"))):
        lost["hyperlinks"] += 1
        parent, index = link.getparent(), link.getparent().index(link)
        for child in reversed(list(link)):
            parent.insert(index, child)
        parent.remove(link)
    for el in list(element.iter(w("sectPr"))):  # a deleted copy brings no section break of its own
        el.getparent().remove(el)
    for el in list(element.iter(w("sdtPr"))):   # nor a content control id the draft may already use
        for control_id in el.findall(w("id")):
            el.remove(control_id)
    for el in element.iter():
        for name in [n for n in el.attrib if n.startswith(f"{{{R_NS}}}")]:
            del el.attrib[name]
    return lost



def mark_row(tr: etree._Element, kind: str, revisions: Revisions) -> None:
    """Record a table row as inserted or deleted (w:trPr/w:ins or w:del), in schema order."""
    trpr = tr.find(w("trPr"))
    if trpr is None:
        trpr = etree.Element(w("trPr"))
        after = [c for c in tr if c.tag in (w("tblPrEx"),)]
        (after[-1].addnext(trpr) if after else tr.insert(0, trpr))
    for old in trpr.findall(w("ins")) + trpr.findall(w("del")):
        trpr.remove(old)
    mark = etree.Element(w(kind), revisions.attrs())
    later = [c for c in trpr if etree.QName(c).localname in TR_PR_AFTER]
    (later[0].addprevious(mark) if later else trpr.append(mark))


def inserted_row(tr: etree._Element, revisions: Revisions) -> None:
    """Record a draft row as inserted: its runs and the row."""
    wrap_all_runs(tr, "ins", revisions)
    mark_row(tr, "ins", revisions)


def deleted_row(base_tr: etree._Element, revisions: Revisions, *,
                notes: dict[tuple[str, str], int] | None = None) -> etree._Element:
    """A copy of a baseline row, recorded as deleted."""
    tr = deleted_copy(base_tr, revisions, notes=notes)
    mark_row(tr, "del", revisions)
    return tr


def deleted_table(base_tbl: etree._Element, revisions: Revisions, *,
                  notes: dict[tuple[str, str], int] | None = None) -> etree._Element:
    """A copy of a baseline table with every row recorded as deleted."""
    tbl = copy.deepcopy(base_tbl)
    for original, tr in zip(table_rows(base_tbl), table_rows(tbl)):
        tr.getparent().replace(tr, deleted_row(original, revisions, notes=notes))
    return tbl
