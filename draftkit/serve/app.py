"""The web application: Flask routes over `drafting` (the form's answers as a file) and `folder` (where files
are read and saved). Every change is a POST carrying the page's CSRF token; the server keeps nothing per tab,
so tabs never share state, and a save names the version of the file it started from."""
from __future__ import annotations

import io
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, current_app, jsonify, redirect, render_template, request, send_file, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import StrictUndefined
from werkzeug.exceptions import RequestEntityTooLarge

from ..docx_text import read_docx
from ..errors import InvalidInput, OutputProblem, Problem
from ..jurisdiction import Jurisdiction, load_canonical
from ..model import Model, get
from ..scaffold import scaffold, slug_for
from ..yamlsource import MAX_BYTES
from .drafting import (
    Draft,
    Opened,
    decode_upload,
    draft_from_form,
    open_text,
    packet_files,
    packet_zip,
    upload_name,
    with_pdfs,
)
from .folder import NEW, Folder, FolderProblem, version_of
from .form import NEW_ROW, Field, build_fields, field_id, names_in, shown_value, value_at
from .yamltext import head_for

MAX_FORM = 8 * 1024 * 1024  # bytes of one request: the largest jurisdiction file, form-encoded, with room to spare
MAX_NAME = 120              # characters of a formal name typed to start a new jurisdiction
SECURITY_HEADERS = {
    # The preview's redline is a whole page shown in a sandboxed frame (no script, no same origin); its inline
    # style is the only inline content the policy allows.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

views = Blueprint("views", __name__)


@dataclass
class Workspace:
    """What every request works with: the model, its canonical values, the form's fields and the folder."""

    model: Model
    canonical: Jurisdiction
    fields: tuple[Field, ...]
    folder: Folder
    build_lock: threading.Lock


def create_app(model: Model, *, folder: Path, trusted_hosts: list[str] | None = None) -> Flask:
    """The application for one model and one jurisdictions folder."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_hex(32), MAX_CONTENT_LENGTH=MAX_FORM, MAX_FORM_MEMORY_SIZE=MAX_FORM,
                      MAX_FORM_PARTS=20_000, WTF_CSRF_TIME_LIMIT=None, TRUSTED_HOSTS=trusted_hosts,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True)
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.globals.update(value_at=value_at, shown=shown_value, NEW_ROW=NEW_ROW, field_id=field_id)
    app.extensions["draftkit"] = Workspace(model, load_canonical(model), build_fields(model),
                                           Folder.at(folder, model.folder), threading.Lock())
    CSRFProtect(app)
    app.register_blueprint(views)
    app.context_processor(lambda: {"model": model})
    app.after_request(_secure)
    app.register_error_handler(CSRFError, lambda e: _refuse("this page's security token is missing or out of date "
                               "(the server was restarted, or the request did not come from this application's "
                               "page); nothing was changed. Reload the page and try again", 400))
    app.register_error_handler(RequestEntityTooLarge, lambda e: _refuse(
        f"the request is larger than {MAX_FORM:,} bytes; a jurisdiction file may be at most {MAX_BYTES:,} bytes. "
        "Nothing was read or written", 413))
    app.register_error_handler(FolderProblem, lambda e: _refuse(e.message, e.status))
    app.register_error_handler(OutputProblem, lambda e: _refuse(f"{e}; nothing was changed", 500))
    return app


def _ws() -> Workspace:
    return current_app.extensions["draftkit"]


def _secure(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _refuse(message: str, status: int, problems: tuple[Problem, ...] = ()):
    """A refusal in words: JSON for the page's script, a page for a plain form post."""
    if _wants_json():
        return jsonify(error=message, problems=[str(p) for p in problems]), status
    return render_template("refused.html", message=message, problems=problems, title="Not done"), status


@views.get("/")
def index():
    ws = _ws()
    return render_template("index.html", names=ws.folder.names(), folder=ws.folder.shown_as, model=ws.model,
                           title="Draft a jurisdiction's ordinance")


@views.get("/new")
def new():
    ws = _ws()
    name = " ".join(request.args.get("name", "").split())[:MAX_NAME]
    if not name:
        return redirect(url_for("views.index"))
    slug = slug_for(name)
    text = scaffold(name, ws.model, ws.canonical, ws.folder.root / f"{slug}.yaml")
    opened = open_text(text, ws.folder.shown(slug), ws.model)
    exists = slug in ws.folder.names()
    return _editor(opened, name=slug, version=NEW, origin=f"a new file for {name}", exists=exists)


@views.get("/edit/<name>")
def edit(name: str):
    ws = _ws()
    raw = ws.folder.read(name)
    return _opened(raw, name=name, version=version_of(raw), origin=str(ws.folder.shown(name)))


@views.post("/open")
def upload():
    ws = _ws()
    given = request.files.get("file")
    if given is None or not given.filename:
        raise FolderProblem("choose a jurisdiction file (.yaml) to open")
    name = upload_name(given.filename)
    raw = given.stream.read(MAX_BYTES + 1)
    return _opened(raw, name=name, version=NEW, origin=f"the uploaded file {given.filename}",
                   exists=name in ws.folder.names())


def _opened(raw: bytes, *, name: str, version: str, origin: str, exists: bool = False):
    ws = _ws()
    shown = ws.folder.shown(name)
    try:
        opened = open_text(decode_upload(raw, shown), shown, ws.model)
    except InvalidInput as exc:
        opened = Opened(None, [], exc.problems)
    if opened.data is None:
        return _refuse(f"{origin} cannot be read as a jurisdiction file, so it cannot be shown in the form; fix "
                       "it in a text editor (`draft validate` lists the same problems) or start a new one",
                       422, opened.problems)
    return _editor(opened, name=name, version=version, origin=origin, exists=exists)


def _editor(opened: Opened, *, name: str, version: str, origin: str, exists: bool = False):
    ws = _ws()
    data = opened.data or {}
    known = {f.path[0] for f in ws.fields}
    dropped = sorted(k for k in data if k not in known)
    preview = _preview_for(opened)
    placed = _placed(opened.problems, ws.fields, data)
    full_name = get(data, ws.model.role("display", "full_name"))
    head = opened.head or head_for(full_name if isinstance(full_name, str) else name, ws.model, ws.canonical)
    return render_template("editor.html", fields=ws.fields, data=data, name=name, version=version, origin=origin,
                           head="\n".join(head), problems=opened.problems, exists=exists, dropped=dropped,
                           placed=placed, by=_by_target(placed), preview=preview, folder=ws.folder.shown_as,
                           model=ws.model, title=f"{name}.yaml: {ws.model.name}")


def _preview_for(opened: Opened) -> dict | None:
    """The first preview of a file opened without problems (the page's script keeps it up to date)."""
    return _preview(opened.jurisdiction) if opened.jurisdiction is not None else None


def _preview(j: Jurisdiction) -> dict:
    """The preview of a valid draft: the ordinance as it will read and the redline page."""
    ws = _ws()
    started = time.perf_counter()
    with ws.build_lock:
        files = packet_files(j, ws.model, ws.canonical)
    text = read_docx(files["ordinance.docx"], name="ordinance.docx")
    ordinance = render_template("_ordinance.html", text=text)
    return {"ordinance": ordinance, "redline": files["redline.html"].decode("utf-8"),
            "ms": round((time.perf_counter() - started) * 1000)}


def _draft() -> Draft:
    """The posted form's answers as a file (see drafting.draft_from_form)."""
    ws = _ws()
    return draft_from_form(request.form, fields=ws.fields, model=ws.model, folder=ws.folder, default_head=[])


def _placed(problems: tuple[Problem, ...], fields: tuple[Field, ...], data: dict) -> list[dict]:
    """Each problem with the input it belongs beside: its field, or the nearest enclosing one the form has."""
    names = names_in(fields, data)
    placed = []
    for p in problems:
        target = p.field
        while target and target not in names:
            target = target[:max(target.rfind("."), target.rfind("["), 0)]
        placed.append({"target": target, "id": field_id(target) if target else "", "message": p.message,
                       "text": str(p), "todo": p.message.startswith("fill in this value")})
    return placed


def _by_target(placed: list[dict]) -> dict[str, list[dict]]:
    by: dict[str, list[dict]] = {}
    for p in placed:
        by.setdefault(p["target"], []).append(p)
    return by


@views.post("/check")
def check():
    ws = _ws()
    draft = _draft()
    placed = _placed(draft.problems, ws.fields, draft.data)
    answer = {"ok": not draft.problems, "problems": placed, "name_problem": draft.name_problem,
              "summary": render_template("_problems.html", placed=placed)}
    if draft.jurisdiction is not None:
        answer["preview"] = _preview(draft.jurisdiction)
    return jsonify(answer)


@views.post("/save")
def save():
    ws = _ws()
    draft = _draft()
    if draft.name_problem:
        raise FolderProblem(draft.name_problem)
    version = ws.folder.save(draft.name, draft.text, base=request.form.get("_version", NEW))
    shown = ws.folder.shown(draft.name)
    left = len(draft.problems)
    message = f"saved {shown}" + (f"; {left} problem(s) remain before the packet can be downloaded" if left else "")
    if _wants_json():
        return jsonify(saved=str(shown), name=draft.name, version=version, message=message, problems=left)
    return redirect(url_for("views.edit", name=draft.name), code=303)


@views.post("/download")
def download():
    ws = _ws()
    draft = _draft()
    if draft.problems:
        return _refuse(f"nothing to download yet: {len(draft.problems)} problem(s) remain; fix them first",
                       422, draft.problems)
    with ws.build_lock:
        files = packet_files(draft.jurisdiction, ws.model, ws.canonical)
    files = with_pdfs(files, what=f"{draft.name}.zip")
    return send_file(io.BytesIO(packet_zip(draft, files)), mimetype="application/zip", as_attachment=True,
                     download_name=f"{draft.name}.zip")
