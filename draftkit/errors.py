"""The errors a user can see. Each builds its own message; the CLI catches DraftError once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the input allows."""

    path: Path
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DraftError(Exception):
    """Base of every error the toolkit reports to a user (exit code 1)."""

    exit_code = 1


class InvalidInput(DraftError):
    """A jurisdiction (or model values) file has problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class TemplateProblem(DraftError):
    """A template cannot be rendered: a variable without value, a syntax error, a forbidden access."""

    def __init__(self, template: Path, message: str, *, line: int | None = None):
        super().__init__(template, message)
        self.template, self.message, self.line = template, message, line

    def __str__(self) -> str:
        where = f"{self.template}:{self.line}" if self.line else str(self.template)
        return f"{where}: {self.message}"


class ModelProblem(DraftError):
    """The model folder itself is inconsistent (missing file, bad model.yaml)."""

    def __init__(self, path: Path, message: str):
        super().__init__(path, message)
        self.path, self.message = path, message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class UnreadableDocument(DraftError):
    """A DOCX that cannot be read safely, with the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(path, reason)
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return f"{self.path}: cannot read this document: {self.reason}"


class OutputProblem(DraftError):
    """An output cannot be written (or would overwrite a user's edits)."""

    def __init__(self, path: Path, message: str):
        super().__init__(path, message)
        self.path, self.message = path, message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class UsageError(DraftError):
    """The command line itself is wrong (exit code 2)."""

    exit_code = 2


class BuildFailed(DraftError):
    """Some jurisdictions could not be built or written; the others were."""

    def __init__(self, messages: list[str]):
        super().__init__(messages)
        self.messages = tuple(messages)

    def __str__(self) -> str:
        count = len(self.messages)
        return "\n".join(self.messages) + f"\n{count} jurisdiction{'s were' if count > 1 else ' was'} not written"
