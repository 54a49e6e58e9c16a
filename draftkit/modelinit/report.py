"""What `draft model init` guessed, in words: IMPORT.md in the new folder, and a summary for the terminal."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .folder import KIND_WORDS
from .guess import Reading


@dataclass(frozen=True)
class InitReport:
    """The folder written and what was guessed to write it."""

    folder: Path
    source: Path
    reading: Reading

    def text(self) -> str:
        """A few lines for the terminal."""
        r = self.reading
        kinds = Counter(b.kind for b in r.blanks)
        shown = ", ".join(f"{n} {KIND_WORDS[k][n != 1]}" for k, n in sorted(kinds.items()))
        lines = [f"read {self.source}: {len(r.provisions)} provisions, {len(r.blanks)} fields"
                 + (f" ({shown})" if shown else "") + f", {len(r.references)} cross-reference(s) made computed"]
        lines += [f"note: {u}" for u in r.unread]
        return "\n".join(lines)

    def markdown(self) -> str:
        """IMPORT.md: provisions, fields with their types and places, choices, references, what was not read."""
        r = self.reading
        out = [f"# Import report: {r.name}", "",
               (f"`draft model init` read `{self.source.name}` and guessed what follows. Refine it by editing "
               "model.yaml (provisions), schema.yaml (each field's label, type and help) and values.yaml (the "
               "model's own values), then run `draft model check` on this folder."), "",
               f"## Provisions ({len(r.provisions)})", "",
               "| id | label | number in the model |", "|---|---|---|"]
        out += [f"| {p.id} | {_cell(p.label)} | {p.number or '(none)'} |" for p in r.provisions]
        out += ["", "Section numbers are computed: the templates write `{{ sec.<id> }}`, so sections renumber when "
                "a section is added or left out." if r.computed else "Section numbers are kept as written."]
        out += ["", f"## Fields ({len(r.blanks)})", "",
                "Each bracketed blank is a field of the `blanks` group; the same blank used twice is one field.", "",
                "| field | type | the blank | used in |", "|---|---|---|---|"]
        for b in r.blanks:
            where = ", ".join(r.label(w) for w in b.used_in)
            times = f" ({b.count} times)" if b.count > 1 else ""
            out.append(f"| blanks.{b.name} | {_type(b.kind)} | [{_cell(b.text)}] | {_cell(where)}{times} |")
        choices = [b for b in r.blanks if b.kind == "choice"]
        if choices:
            out += ["", "## Choices", ""]
            out += [f"- `blanks.{b.name}`: one of {', '.join(b.options)} (the model's own value is the "
                    "blank itself, which a jurisdiction file must replace)" for b in choices]
        out += ["", "## Cross-references made computed", ""]
        out += [f"- “{ref.written}” in {r.label(ref.where)}: {ref.number} → `sec.{ref.target}`"
                for ref in r.references] or ["- none"]
        out += ["", "## Not interpreted", ""]
        out += [f"- {u}" for u in r.unread] or ["- nothing"]
        out += ["", "## Added for draftkit", "",
                ("- `jurisdiction.name` and `jurisdiction.full_name`: the names comparisons and document properties "
                "show;"),
                ("- `ordinance` (number, status, dates of first reading and adoption) and `staff_report` (date, "
                "author: the author and date of a redline's tracked changes), used by the simple staff report;"),
                "- `amendments`: free-text local changes of a section, by provision id.",
                ("- Every blank's model value is its own bracketed words, whatever its type (a date, an amount, a "
                "choice), so the unfilled model reads as written and `draft new` asks for each one."), ""]
        return "\n".join(out)


def _type(kind: str) -> str:
    return {"text": "text", "choice": "choice (text)", "date": "date", "amount": "integer (money)",
            "number": "integer"}[kind]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
