"""Placeholders a draft fills in: the model's bracketed blanks ("[City Council]") and bare blanks ("_____").

Pure data, no XML. A bracketed blank names a field: the draft's own value for it is the one it uses most,
and a fill with another value is a departure. A bare blank names nothing: any fill of it is the draft's
own. Once a comparison has seen the fills, the baseline can be filled in with them, so that a document is
measured against the model as it would read for its own jurisdiction, as a YAML file is.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .document import NUMBERED, DocumentText, Paragraph, Section

PLACEHOLDERS = re.compile(r"(?:\S*(?:\[[^\]\n]{1,80}\]|_{3,})\S*\s*)+")  # "[City]", "[City]’s", "[date].", "___,"
FILL_WORDS = 12          # most words a filled-in bracketed placeholder may take
BLANK_WORDS = 40         # most words a filled-in bare blank may take (a vote roll names every member)


def _key(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Fills:
    """The fills a comparison saw: by placeholder (values counted) and by baseline paragraph (in order);
    once settled, each bracketed placeholder's own value."""

    seen: dict[str, Counter[str]] = field(default_factory=dict)
    at: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    own: dict[str, str] | None = None

    def accepts(self, placeholder: str, value: str, *, where: int) -> bool:
        """Whether filling `placeholder` with `value` in baseline paragraph `where` is boilerplate; notes it."""
        bare = "[" not in placeholder
        if not 0 < len(value.split()) <= (BLANK_WORDS if bare else FILL_WORDS):
            return False
        self.at.setdefault(where, []).append((placeholder, value))
        if bare:
            return True
        key, value = _key(placeholder), _key(value)
        self.seen.setdefault(key, Counter())[value] += 1
        return self.own is None or self.own.get(key, value) == value

    def consistent(self) -> bool:
        return all(len(values) == 1 for values in self.seen.values())

    def settled(self) -> Fills:
        return Fills(own={key: values.most_common(1)[0][0] for key, values in self.seen.items()})

    def fill_in(self, document: DocumentText) -> DocumentText:
        """The baseline with its placeholders filled: each as the draft filled it in that paragraph, else
        (a bracketed one) with the draft's own value for it; section numbers read anew from the headings."""
        own = self.settled().own or {}
        return replace(document, sections=tuple(self._section(s, own) for s in document.sections))

    def _section(self, section: Section, own: dict[str, str]) -> Section:
        heading = self._paragraph(section.heading, own) if section.heading else None
        found = NUMBERED.match(heading.text.strip()) if heading and not section.number else None
        number, title = (found["num"], found["title"].strip().rstrip(".")) if found else (section.number,
                                                                                         section.title)
        if heading and not found and section.title:
            title = PLACEHOLDERS.sub(lambda m: self._value(m[0], [], own), section.title)
        return replace(section, number=number, title=title, heading=heading,
                       body=tuple(self._paragraph(p, own) for p in section.body))

    def _paragraph(self, p: Paragraph, own: dict[str, str]) -> Paragraph:
        pending = list(self.at.get(p.index, ()))
        return replace(p, text=PLACEHOLDERS.sub(lambda m: self._value(m[0], pending, own), p.text))

    @staticmethod
    def _value(text: str, pending: list[tuple[str, str]], own: dict[str, str]) -> str:
        """The fill for one placeholder run: a bracketed one's own value (never another fill of it, which is
        a departure); a bare blank as the draft filled it in that paragraph."""
        tail = text[len(text.rstrip()):]
        if "[" in text:
            value = own.get(_key(text))
            return text if value is None else value + tail
        mine = next((n for n, (placeholder, _) in enumerate(pending) if _key(placeholder) == _key(text)), None)
        return text if mine is None else pending.pop(mine)[1].rstrip() + tail
