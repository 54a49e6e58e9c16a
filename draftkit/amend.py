"""Apply a plan's local amendments to a rendered document: replaced, appended, added and folded sections."""
from __future__ import annotations

import re

from .context import Plan, PlannedSection
from .ooxml.edit import (
    add_provision_bookmark,
    copy_without_bookmarks,
    fold_provision,
    is_paragraph,
    new_paragraph,
    next_bookmark_id,
    plain_text,
    provision_ranges,
    set_text,
)


def _title_text(heading_text: str, number: str | None, new_number: str | None, title: str) -> str:
    """A heading for `title` in the form of `heading_text` ("Sec. 2.70.050." or "SECTION 3."), numbered."""
    title = title.strip().rstrip(".") + "."
    found = re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", heading_text) if number else None
    if found:
        return heading_text[:found.start()] + (new_number or number) + ". " + title
    return title


def _amend(blocks: list, section: PlannedSection) -> None:
    heading, body = blocks[0], [b for b in blocks[1:] if is_paragraph(b)]
    template = body[0] if body else heading
    if section.title:
        set_text(heading, _title_text(plain_text(heading), section.number, section.number, section.title))
    anchor = heading
    if section.replace:
        for block in blocks[1:]:
            block.getparent().remove(block)
    else:
        anchor = blocks[-1]
    for text in section.replace + section.append:
        new = new_paragraph(template, text)
        anchor.addnext(new)
        anchor = new


def _add_section(anchor, like: list, section: PlannedSection, like_number: str | None, bookmark_id: int):
    heading = copy_without_bookmarks(like[0])
    set_text(heading, _title_text(plain_text(like[0]), like_number, section.number, section.title or ""))
    add_provision_bookmark(heading, section.key, bookmark_id)
    anchor.addnext(heading)
    anchor = heading
    body_like = next((b for b in like[1:] if is_paragraph(b)), like[0])
    for text in section.replace:
        new = new_paragraph(body_like, text)
        anchor.addnext(new)
        anchor = new
    return anchor


def apply_amendments(body, plan: Plan) -> None:
    """Change a rendered document's body (`w:body`) in place as the plan's amendments say."""
    if not any(s.added or s.replace or s.append or s.title or s.into for s in plan.sections):
        return  # nothing to amend (most jurisdictions): the body is not walked
    ranges = provision_ranges(body)
    for section in plan.sections:
        if not section.added and (section.replace or section.append or section.title):
            _amend(ranges[section.key], section)
    ranges = provision_ranges(body)
    next_id = next_bookmark_id(body)
    last_of = {k: v[-1] for k, v in ranges.items()}
    for section in plan.sections:
        if section.added:
            like = ranges[section.after]
            number = plan.get(section.after).number
            last_of[section.after] = _add_section(last_of[section.after], like, section, number, next_id)
            next_id += 1
    for section in plan.sections:  # last: an added section may have taken a folded one's heading as its model
        if section.into:
            fold_provision(ranges[section.key], section.key, next_id)
            next_id += 1
