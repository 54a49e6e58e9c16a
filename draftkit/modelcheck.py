"""`draft model check`: a model folder's parts agree with each other, checked before anything is built.

Every problem is located (`file:line: field: what is wrong`): a provision without its bookmark in the
ordinance template; a template variable the schema does not declare (down to the field: `policy.cure_days`),
or a provision a template names that model.yaml does not have; a schema field nothing uses; model values
that fail the schema; a field model.yaml gives a part in adoption that is missing or of the wrong type; a
template Jinja cannot read. `draft validate` runs the checks that need no template; `draft build`, `draft
redline` and `draft compare` run them all.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

from . import yamlsource
from .errors import InvalidInput, ModelProblem, Problem
from .model import Model, load_model, rule_at

BOOKMARK = "prov_"
# The type each role's field must have, by model.yaml section and role (roles a model leaves out are unchecked).
ROLE_TYPES = {
    "adoption": {"status": "string", "introduced": "date", "adopted": "date", "effective": "date",
                 "urgency": "boolean", "members": "list", "seats": "integer", "charter": "boolean",
                 "votes_required": "dict", "votes_required_ordinary": "integer", "votes_required_urgency": "integer",
                 "sponsors": "list", "vote": "dict", "number": "string", "kind": "string", "state": "string",
                 "report_date": "date", "report_meeting": "date"},
    "numbering": {"chapter": "string", "first": "integer"},
    "revision": {"author": "string", "date": "date"},
    "display": {"name": "string", "full_name": "string", "kind": "string"},
}
TYPE_WORDS = {"string": "text", "date": "a date", "boolean": "true or false", "integer": "a whole number",
              "list": "a list", "dict": "a group of fields"}
# Names every template sees besides the schema's top-level groups (context.build_context), and what each holds.
PROVISION_KEYED = ("sec", "include", "local")


def check_model(folder: Path, *, templates: bool = True) -> list[Problem]:
    """Every problem of the model folder, located; [] when it is sound. With `templates` false, the checks
    that read the DOCX templates are left out (a quick check for `draft validate`)."""
    return _checked(Path(folder), templates)[1]


def _checked(folder: Path, templates: bool) -> tuple[Model | None, list[Problem]]:
    try:
        model = load_model(folder)
    except ModelProblem as exc:
        return None, [Problem(Path(exc.path), None, None, "", exc.message)]
    spec = yamlsource.load(folder / "model.yaml", fast=True)
    schema_path = folder / str(spec.data.get("schema"))
    schema_source = yamlsource.load(schema_path, fast=True)
    problems = _reserved(model, schema_source) + _role_problems(model, spec) + _value_problems(model)
    if templates:
        uses: list[tuple[str, ...]] = []
        for path in model.templates.values():
            found, chains = _template_uses(path, model)
            problems += found
            uses += chains
        problems += _bookmark_problems(model, spec)
        problems += _unused_fields(model, schema_source, uses + _role_uses(model))
    return model, problems


def require_sound(folder: Path, *, templates: bool = True) -> Model:
    """The model of a folder that passes every check; InvalidInput listing the problems otherwise.

    A folder found sound is remembered (by the SHA-256 of its files and of this draftkit's code, in the user's
    cache folder), so the many small commands of a working day check an unchanged model once."""
    folder = Path(folder)
    stamp = _stamp(folder, templates)
    if stamp is not None and stamp.is_file():
        return load_model(folder)
    model, problems = _checked(folder, templates)
    if problems or model is None:
        raise InvalidInput(problems + [Problem(folder, None, None, "", "the model folder has problems (listed "
                                               "above); fix them, then check again with `draft model check "
                                               f"{folder}`")])
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass  # a cache that cannot be written only means checking again next time
    return model


def cache_folder() -> Path | None:
    """Where verdicts on sound model folders are kept ($DRAFTKIT_CACHE, else the user's cache folder); None
    when DRAFTKIT_CACHE is set empty (no caching)."""
    given = os.environ.get("DRAFTKIT_CACHE")
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "draftkit" / "sound-models"


def _stamp(folder: Path, templates: bool) -> Path | None:
    """The file whose presence says this folder, as it is, passed this draftkit's checks."""
    from .reuse import model_digest

    cache = cache_folder()
    if cache is None:
        return None
    try:
        model = model_digest(folder)
    except OSError:
        return None
    code = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):  # the checks (and the validator) as this code has them
        info = path.stat()
        code.update(f"{path.name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    key = hashlib.sha256(f"{model}:{code.hexdigest()}:{templates}".encode()).hexdigest()
    return cache / key[:2] / key


# --- the schema and model.yaml --------------------------------------------------------------------------


def _schema_key(path: tuple[str, ...]) -> tuple:
    """Where field `a.b` sits in schema.yaml: a -> schema -> b."""
    out: list = []
    for i, part in enumerate(path):
        out += ["schema", part] if i else [part]
    return tuple(out)


def _reserved(model: Model, schema_source) -> list[Problem]:
    from .context import DERIVED
    from .models import KEY

    clash = [k for k in model.schema if k in DERIVED or k == KEY]
    return [schema_source.problem((k,), f"`{k}` is a name draftkit gives templates itself (or the key that names "
                                  "a file's model); rename this field", key=True) for k in clash]


def _role_problems(model: Model, spec) -> list[Problem]:
    problems = []
    for section, roles in ROLE_TYPES.items():
        given = model.roles.get(section)
        if not isinstance(given, dict):
            continue
        for role, want in roles.items():
            value = given.get(role)
            if value is None:
                continue
            where = (section, role)
            if not isinstance(value, str):
                problems.append(spec.problem(where, "must name a field by its dotted path "
                                             "(group.field)"))
                continue
            rule = rule_at(model.schema, tuple(value.split(".")))
            if rule is None:
                problems.append(spec.problem(where, f"names `{value}`, which schema.yaml does not declare; declare "
                                             f"it there ({TYPE_WORDS[want]}) or correct the path"))
            elif rule.get("type") != want:
                made = TYPE_WORDS.get(rule.get("type"), rule.get("type"))
                problems.append(spec.problem(where, f"`{value}` must be {TYPE_WORDS[want]} for this part in "
                                             f"adoption, but schema.yaml makes it {made}"))
    problems += _vote_group_problems(model, spec) + _status_problems(model, spec) + _kind_problems(model, spec)
    field = model.roles.get("amendments")
    if field is not None and (rule_at(model.schema, (str(field),)) or {}).get("type") != "list":
        problems.append(spec.problem(("amendments",), f"names `{field}`, which must be a list field at the top "
                                     "of schema.yaml (each item: provision, action, text, title)"))
    for i, p in enumerate(model.provisions):
        if p.when and (rule_at(model.schema, tuple(p.when.split("."))) or {}).get("type") != "boolean":
            problems.append(spec.problem(("provisions", i, "when"), f"`{p.when}` must be a true/false field of "
                                         "schema.yaml (the provision appears only when it is true)"))
    return problems


def _vote_group_problems(model: Model, spec) -> list[Problem]:
    vote = model.role("adoption", "vote")
    groups = (model.roles.get("adoption") or {}).get("vote_groups")
    if vote is None:
        return []
    if not isinstance(groups, dict) or not groups:
        return [spec.problem(("adoption", "vote"), "a vote needs its groups: add `vote_groups:` to `adoption`, "
                             "e.g. {ayes: ayes, noes: noes, abstain: abstain, absent: absent} (role: field)",
                             key=True)]
    problems = []
    for role, name in groups.items():
        rule = rule_at(model.schema, vote + (str(name),))
        if role not in ("ayes", "noes", "abstain", "absent"):
            problems.append(spec.problem(("adoption", "vote_groups", role), f"`{role}` is not a part of a roll call; "
                                         "expected ayes, noes, abstain or absent", key=True))
        elif rule is None or rule.get("type") != "list":
            problems.append(spec.problem(("adoption", "vote_groups", role), f"`{'.'.join(vote)}.{name}` must be a "
                                         "list field of schema.yaml (the members voting so)"))
    if "ayes" not in groups:
        problems.append(spec.problem(("adoption", "vote_groups"), "the groups need `ayes` (the votes that adopt)"))
    return problems


def _status_problems(model: Model, spec) -> list[Problem]:
    requires = (model.roles.get("adoption") or {}).get("requires") or {}
    status = model.role("adoption", "status")
    allowed = (rule_at(model.schema, status) or {}).get("allowed") if status else None
    problems = []
    for name, roles in requires.items() if isinstance(requires, dict) else ():
        if allowed is not None and name not in allowed:
            problems.append(spec.problem(("adoption", "requires", name), f"`{name}` is not a status the schema "
                                         f"allows ({', '.join(map(str, allowed))})", key=True))
        for i, role in enumerate(roles if isinstance(roles, list) else []):
            if model.role("adoption", str(role)) is None:
                problems.append(spec.problem(("adoption", "requires", name, i), f"`{role}` is not a role named "
                                             "under `adoption`"))
    return problems


def _kind_problems(model: Model, spec) -> list[Problem]:
    kinds = (model.roles.get("adoption") or {}).get("kinds")
    kind = model.role("adoption", "kind")
    allowed = (rule_at(model.schema, kind) or {}).get("allowed") if kind else None
    if not isinstance(kinds, dict) or not allowed:
        return []
    return [spec.problem(("adoption", "kinds"), f"kind `{k}` (allowed by the schema) has no rules here: add its "
                         "word and vote rules", key=True) for k in allowed if k not in kinds]


def _value_problems(model: Model) -> list[Problem]:
    from .jurisdiction import load_canonical

    try:
        load_canonical(model)
    except InvalidInput as exc:
        return list(exc.problems)
    return []


# --- templates ------------------------------------------------------------------------------------------


def _parts(path: Path) -> list[tuple[str, str]]:
    """The XML of each part docxtpl renders (body, headers, footers), as docxtpl cleans it for Jinja."""
    from docxtpl import DocxTemplate
    from lxml import etree

    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        found = []
        cleaner = DocxTemplate(io.BytesIO(data))
        for name in sorted(names, key=lambda n: n != "word/document.xml"):
            root = etree.fromstring(z.read(name))
            body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
            xml = etree.tostring(body if body is not None else root, encoding="unicode")
            found.append((name, cleaner.patch_xml(xml)))
    return found


def _near(xml: str, line: int | None) -> str:
    text = re.sub(r"<[^>]+>", "", xml.splitlines()[line - 1] if line and line <= len(xml.splitlines()) else "")
    text = " ".join(text.split())
    return f' near "{text[:80]}"' if text else ""


def _chains(node, found: list[tuple[str, ...]]) -> None:
    """Every `a.b.c` (and `a["b"]`) a template reads from a top-level name, as a tuple of its parts."""
    from jinja2 import nodes

    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        parts, inner = [], node
        while isinstance(inner, (nodes.Getattr, nodes.Getitem)):
            key = inner.attr if isinstance(inner, nodes.Getattr) else (
                inner.arg.value if isinstance(inner.arg, nodes.Const) and isinstance(inner.arg.value, str) else None)
            parts = [key] + parts if key is not None else []
            inner = inner.node
        if isinstance(inner, nodes.Name) and inner.ctx == "load":
            found.append((inner.name, *parts))
    elif isinstance(node, nodes.Name) and node.ctx == "load":
        found.append((node.name,))
    for child in node.iter_child_nodes():
        _chains(child, found)


def _template_uses(path: Path, model: Model) -> tuple[list[Problem], list[tuple[str, ...]]]:
    """A template's syntax errors and undeclared names, and the field paths it reads."""
    import jinja2
    from jinja2 import meta

    from .context import DERIVED
    from .render import make_environment

    try:
        parts = _parts(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        return [Problem(path, None, None, "", f"cannot read this template: {exc}")], []
    env = make_environment()
    problems: list[Problem] = []
    chains: list[tuple[str, ...]] = []
    ids = {p.id for p in model.provisions}
    for part, xml in parts:
        try:
            tree = env.parse(xml)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(path, None, None, "", f"template syntax error in {part}: {exc.message}"
                                                          f"{_near(xml, exc.lineno)}"))
            continue
        free = meta.find_undeclared_variables(tree)
        for name in sorted(free - set(model.schema) - set(DERIVED)):
            problems.append(Problem(path, None, None, name, "the template uses this name, which schema.yaml does "
                                    "not declare; declare it there or correct the template"))
        found: list[tuple[str, ...]] = []
        _chains(tree, found)
        for chain in sorted({c for c in found if c[0] in free}):
            if chain[0] in model.schema and len(chain) > 1 and rule_at(model.schema, chain) is None \
                    and _declared_prefix(model.schema, chain):
                problems.append(Problem(path, None, None, ".".join(chain), "the template uses this field, which "
                                        "schema.yaml does not declare; declare it there or correct the template"))
            elif chain[0] in PROVISION_KEYED and len(chain) > 1 and chain[1] not in ids:
                problems.append(Problem(path, None, None, ".".join(chain[:2]), f"`{chain[1]}` is not a provision "
                                        "in model.yaml; correct the template or add the provision"))
        chains += [c for c in found if c[0] in model.schema]
    return problems, chains


def _declared_prefix(schema: dict, chain: tuple[str, ...]) -> bool:
    """Whether the chain leaves the schema inside a group of declared fields (not past a list or a value,
    whose methods and items a template may use)."""
    for i in range(1, len(chain)):
        rule = rule_at(schema, chain[:i])
        if rule is None or rule.get("type") != "dict" or not isinstance(rule.get("schema"), dict):
            return False
        if rule_at(schema, chain[:i + 1]) is None:
            return True
    return False


def _bookmark_problems(model: Model, spec) -> list[Problem]:
    path = model.templates.get("ordinance")
    if path is None:
        return []
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        return [Problem(path, None, None, "", f"cannot read this template: {exc}")]
    marks = set(re.findall(r'<w:bookmarkStart\b[^>]*\bw:name="([^"]+)"', xml))
    return [spec.problem(("provisions", i, "id"), f"`{p.id}` has no bookmark `{BOOKMARK}{p.id}` in {path.name}; "
                         f"put one on the provision's heading (Insert > Bookmark in Word) or correct the id")
            for i, p in enumerate(model.provisions) if f"{BOOKMARK}{p.id}" not in marks]


# --- fields nothing uses --------------------------------------------------------------------------------


def _role_uses(model: Model) -> list[tuple[str, ...]]:
    uses = []
    for section in ("numbering", "adoption", "revision", "display"):
        for value in (model.roles.get(section) or {}).values():
            if isinstance(value, str) and re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", value):
                uses.append(tuple(value.split(".")))
    vote = model.role("adoption", "vote")
    for name in ((model.roles.get("adoption") or {}).get("vote_groups") or {}).values():
        uses.append((vote or ()) + (str(name),))
    if model.roles.get("amendments"):
        uses.append((str(model.roles["amendments"]),))
    uses += [tuple(p.when.split(".")) for p in model.provisions if p.when]
    uses += [tuple(p.needs.split(".")) for p in model.parameters if p.needs]
    return uses


def _fields(schema: dict, prefix: tuple[str, ...] = ()):
    for key, rule in schema.items():
        path = prefix + (key,)
        if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
            yield from _fields(rule["schema"], path)
        else:
            yield path, rule


def _unused_fields(model: Model, schema_source, uses: list[tuple[str, ...]]) -> list[Problem]:
    used = set(uses)
    problems = []
    for path, rule in _fields(model.schema):
        if (rule.get("meta") or {}).get("data_only"):
            continue
        if any(path[:n] in used for n in range(1, len(path) + 1)):
            continue
        problems.append(schema_source.problem(_schema_key(path), "no template or rule uses this field; use it in a "
                                              "template, or mark it `meta: {data_only: true}` if it is kept only "
                                              "as data", key=True))
    return problems
