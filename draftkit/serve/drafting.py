"""What the web application does with a jurisdiction, apart from the web: read a file or an upload into the
form's data, turn the form's answers into the YAML text a save writes, validate that text as `draft validate`
would validate the saved file, and build its packet (and the ZIP of it) as `draft build` would.

Everything is computed from the YAML text itself, so the problems shown are the command line's, line and
column included, and the packet in the ZIP is byte for byte what `draft build` writes from the saved file.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import yamlsource
from ..errors import InvalidInput, Problem
from ..jurisdiction import Jurisdiction, validate_source
from ..model import Model
from ..packet import build_packet
from ..pair import safe_slug
from .folder import Folder, FolderProblem, check_name
from .form import Field, read_form
from .yamltext import clean_head, head_of, yaml_text

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every entry the same date: the same packet gives the same ZIP


@dataclass(frozen=True)
class Opened:
    """A file read for the form: its data (None if it could not be read as YAML), opening comment and problems."""

    data: dict | None
    head: list[str]
    problems: tuple[Problem, ...]
    jurisdiction: Jurisdiction | None = None


@dataclass(frozen=True)
class Draft:
    """The form's answers as a file: its name, the YAML a save writes, its problems, and (without problems)
    the validated jurisdiction."""

    name: str
    text: str
    problems: tuple[Problem, ...]
    jurisdiction: Jurisdiction | None = None
    name_problem: str = ""
    data: dict = field(default_factory=dict)


def decode_upload(raw: bytes, shown: Path) -> str:
    """An uploaded file's text, refused as the command line refuses a file (too large, binary, UTF-16, not UTF-8)."""
    return yamlsource._decode(shown, raw)  # the command line's own checks, on bytes rather than a path


def open_text(text: str, shown: Path, model: Model) -> Opened:
    """A jurisdiction file's text read into the form's data, with every problem `draft validate` reports."""
    try:
        source = yamlsource.load(shown, text)
    except InvalidInput as exc:
        return Opened(None, head_of(text), exc.problems)
    data = _as_text(source, {"type": "dict", "schema": model.schema}, source.data)
    try:
        return Opened(data, head_of(text), (), validate_source(source, model))
    except InvalidInput as exc:
        return Opened(data, head_of(text), exc.problems)


def _as_text(source: yamlsource.Source, rule: dict, data: Any, path: tuple = ()) -> Any:
    """Where the schema expects text, a plain scalar's own text (`chapter: 2.70` is "2.70", not 2.7)."""
    inner = rule.get("schema") if isinstance(rule.get("schema"), dict) else {}
    if isinstance(data, dict):
        fields = inner if rule.get("type") == "dict" else {}
        return {k: _as_text(source, fields.get(k) or {}, v, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        item = inner if rule.get("type") == "list" else {}
        return [_as_text(source, item, v, path + (i,)) for i, v in enumerate(data)]
    if rule.get("type") == "string" and not isinstance(data, str):
        return source.plain_text.get(path, data)
    return data


def draft_from_form(form, *, fields: tuple[Field, ...], model: Model, folder: Folder, default_head: list[str]) -> Draft:
    """The form's answers as the file a save would write, validated as `draft validate` validates that file."""
    data = read_form(fields, form)
    head = clean_head(form.get("_head", "")) or default_head
    wanted = (form.get("_name") or "").strip()
    try:
        name, name_problem = check_name(wanted), ""
    except FolderProblem as exc:
        name, name_problem = safe_slug(wanted.replace(".", "_")) if wanted else "untitled", str(exc)
    text = yaml_text(data, model, head=head, target=folder.root / f"{name}.yaml")
    problems, j = validate_text(text, folder.shown(name), model)
    if name_problem:
        problems = (Problem(folder.shown(name), None, None, "", name_problem),) + problems
        j = None
    return Draft(name, text, problems, j, name_problem, data)


def validate_text(text: str, shown: Path, model: Model) -> tuple[tuple[Problem, ...], Jurisdiction | None]:
    """Every problem `draft validate` reports for a file at `shown` holding `text`, or the jurisdiction."""
    try:
        return (), validate_source(yamlsource.load(shown, text), model)
    except InvalidInput as exc:
        return exc.problems, None


def packet_files(j: Jurisdiction, model: Model, canonical: Jurisdiction) -> dict[str, bytes]:
    """Every output `draft build` writes for the jurisdiction."""
    return build_packet(j, model, canonical).files


def with_pdfs(files: dict[str, bytes], *, what: str) -> dict[str, bytes]:
    """The packet with the PDFs `draft build --pdf` adds, where this draftkit and machine can make them (LibreOffice);
    if they cannot be made, a note in their place says why."""
    try:
        from ..pdf import PdfProblem, packet_pdfs, unavailable
    except ImportError:  # a draftkit without PDF output
        return files
    why = unavailable()
    if why is None:
        try:
            return {**files, **packet_pdfs(files, what=what)[0]}
        except PdfProblem as exc:
            why = str(exc)
    return {**files, "no-pdf.txt": f"The PDFs are not in this packet: {why}\n".encode()}


def packet_zip(draft: Draft, files: dict[str, bytes]) -> bytes:
    """The packet as a ZIP: out/<name>/ as `draft build` writes it, and the jurisdiction file beside it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = {f"{draft.name}/{draft.name}.yaml": draft.text.encode("utf-8"),
                   **{f"{draft.name}/{name}": data for name, data in files.items()}}
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def upload_name(filename: str) -> str:
    """The file name an upload is saved under: its stem, if it has no folder path in it."""
    if re.search(r"[/\\]|^\.\.?$|\.\.", filename or ""):
        raise FolderProblem(f"the uploaded file's name {filename!r} contains a folder path; upload a file named "
                            "simply, e.g. berkeley.yaml")
    stem, dot, suffix = (filename or "").rpartition(".")
    if not dot or suffix.lower() not in ("yaml", "yml"):
        raise FolderProblem(f"{filename!r} is not a jurisdiction file: upload a .yaml file (to compare a Word, "
                            "PDF or web page with the model, use `draft redline --input FILE`)", status=415)
    try:
        return check_name(stem)
    except FolderProblem:
        return safe_slug(stem)
