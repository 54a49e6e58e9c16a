"""Read a YAML file into plain data while remembering where every value came from.

Scalars follow YAML 1.2's reading of booleans (only true/false), so `no` stays the text "no";
duplicate keys, undecodable bytes, impossible dates and oversized or alias-expanded documents are
reported as problems with their line and column instead of being silently accepted. Only plain
values are read: tags (`!!python/object`, `!!binary`, `!custom`) and `<<` merge keys are refused.

The work is bounded by the input: a file of up to MAX_BYTES is read in well under two seconds whatever its
shape. Ordinary files are read by PyYAML's own Python reader (whose messages the corpus of bad inputs
pins); a larger one by libyaml (C), after one pass over its events that stops at the first value past
MAX_NODES or the first level past MAX_DEPTH, so no deep or huge tree is ever built. Aliases are followed
with the same limits, and the text they repeat counts towards MAX_BYTES as if written out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import InvalidInput, Problem
from .files import Unreadable, read_limited

MAX_BYTES = 2_000_000
MAX_NODES = 10_000
MAX_DEPTH = 40
MAX_PROBLEMS = 200  # listed per file; past that, one line says how many more there are
PYTHON_READER_LIMIT = 32_768  # characters; above this libyaml reads the text (PyYAML's reader: ~30 us a value)
YAML_TAG = "tag:yaml.org,2002:"
BOOL_TAG, STR_TAG, NULL_TAG = YAML_TAG + "bool", YAML_TAG + "str", YAML_TAG + "null"
TIMESTAMP_TAG = YAML_TAG + "timestamp"
COLLECTION_TAGS = {yaml.MappingNode: YAML_TAG + "map", yaml.SequenceNode: YAML_TAG + "seq"}
LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # what PyYAML counts as a new line


class _TooDeep(Exception):
    """Nesting beyond MAX_DEPTH, found while composing (before Python's recursion limit is reached)."""

    def __init__(self, mark: yaml.Mark):
        super().__init__(mark)
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (yes/no/on/off stay text) and a limit on nesting."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {  # YAML 1.1's `<<` (merge) and `=` (value) are plain text as well
    first: [(tag, rx) for tag, rx in resolvers if tag not in (BOOL_TAG, YAML_TAG + "merge", YAML_TAG + "value")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _TooMany(Exception):
    """More than MAX_NODES values in the text itself, found by _scan under the top-level field `key`."""

    def __init__(self, key: str, mark: yaml.Mark):
        super().__init__(key, mark)
        self.key, self.mark = key, mark


if yaml.__with_libyaml__:
    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser and composer, with _Loader's reading of plain scalars."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
_OPEN_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_SEQUENCE, _KEY, _VALUE = 0, 1, 2


def _scan(text: str) -> None:
    """One pass over libyaml's events: _TooDeep or _TooMany as soon as the text nests or holds too much
    (the same limits, at the same places, as _Loader and _Builder apply to a smaller text)."""
    parser = _FastLoader(text)
    levels: list[int] = []  # per open collection: _SEQUENCE, or a mapping that expects a _KEY or a _VALUE
    values, top = 0, ("", None)
    try:
        while not isinstance(event := parser.get_event(), yaml.StreamEndEvent):
            if isinstance(event, _CLOSE_EVENTS):
                levels.pop()
                continue
            if not isinstance(event, _NODE_EVENTS):
                continue
            if len(levels) > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            is_key = bool(levels) and levels[-1] == _KEY
            if levels and levels[-1] != _SEQUENCE:
                levels[-1] = _VALUE if is_key else _KEY
            if is_key and len(levels) == 1:
                top = (str(getattr(event, "value", "")), event.start_mark)
            elif not is_key:
                values += 1
                if values > MAX_NODES:
                    raise _TooMany(top[0], top[1] or event.start_mark)
            if isinstance(event, _OPEN_EVENTS):
                levels.append(_KEY if isinstance(event, yaml.MappingStartEvent) else _SEQUENCE)
    finally:
        parser.dispose()

Path_ = tuple[Any, ...]  # a path into the data: keys and list indexes


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Source:
    """Loaded data with the position of each key and value, and the raw text of each plain scalar."""

    path: Path
    data: Any
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    value_marks: dict[Path_, Mark] = field(default_factory=dict)
    plain_text: dict[Path_, str] = field(default_factory=dict)

    def mark(self, path: Path_ | None, *, key: bool = False) -> Mark | None:
        """Where `path` is: its key's or its value's position; for a missing field, its parent's key (for no
        path at all, such as a role a model does not name: nowhere in particular)."""
        path = tuple(path or ())
        own = (self.key_marks if key else self.value_marks).get(path) or self.key_marks.get(path)
        while own is None and path:
            path = path[:-1]
            own = self.key_marks.get(path) or self.value_marks.get(path)
        return own

    def problem(self, path: Path_ | None, message: str, *, key: bool = False) -> Problem:
        mark = self.mark(path, key=key)
        return Problem(self.path, mark.line if mark else None, mark.column if mark else None,
                       dotted(path or ()), message)


def dotted(path: Path_) -> str:
    """`("ordinance", "vote", "ayes", 2)` -> `ordinance.vote.ayes[2]`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def shown(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems, and a line saying how many more there are (at the first not shown)."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    first, more = problems[MAX_PROBLEMS], len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [Problem(first.path, first.line, first.column, "", f"and {more:,} more "
                                              "problem(s) from here on, not listed; fix those above first")]


def clip(value: Any, limit: int = 60) -> str:
    """A value's repr for a message, cut short if long."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 4]}...{text[-1]}"


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG):] if tag.startswith(YAML_TAG) else tag


def _kind(value: Any) -> str:
    """What a scalar that is not text is, in a clerk's words."""
    kinds = ((type(None), "empty"), (bool, "true or false"), ((int, float), "a number"), (date, "a date"))
    return next((words for types, words in kinds if isinstance(value, types)), type(value).__name__)


class _TooLarge(Exception):
    """Too many values, or aliases nested too deep, found while building the data: the one problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem)
        self.problem = problem


class _Builder:
    """Turns a composed node tree into Python data, recording marks and problems."""

    def __init__(self, source: Source):
        self.source, self.problems, self.count, self.characters = source, [], 0, 0
        self.loader = _Loader("")
        self.open: set[int] = set()  # the collections being built: an alias to one of them is a loop
        self.built: set[int] = set()  # every node built so far: one built again was reached through an alias
        self.aliased = False

    def problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        mark = _mark(node)
        self.problems.append(Problem(self.source.path, mark.line, mark.column, dotted(path), message))

    def too_large(self, mark: Mark, path: Path_, message: str) -> _TooLarge:
        return _TooLarge(Problem(self.source.path, mark.line, mark.column, dotted(path),
                                 f"the document is too large: {message}"))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        self.aliased = self.aliased or id(node) in self.built
        self.built.add(id(node))
        if self.count > MAX_NODES:  # reported at the top-level field whose value expands so far
            hint = " (an alias that expands too far?)" if self.aliased else ""
            raise self.too_large(self.source.mark(path[:1], key=True) or _mark(node), path[:1],
                                 f"more than {MAX_NODES:,} values{hint}")
        if id(node) in self.open:
            raise self.too_large(_mark(node), path, "an alias (*name) refers to a list or group that contains it")
        if depth > MAX_DEPTH:
            raise self.too_large(_mark(node), (), f"nested more than {MAX_DEPTH} levels deep")
        self.source.value_marks.setdefault(path, _mark(node))
        if not self._plain(node, path):
            return None
        if isinstance(node, yaml.ScalarNode):
            self.characters += len(node.value)
            if self.characters > MAX_BYTES:  # only aliases can repeat text past the file's own size
                raise self.too_large(self.source.mark(path[:1], key=True) or _mark(node), path[:1],
                                     f"aliases (*name) repeat its text past {MAX_BYTES:,} characters")
            return self._scalar(node, path)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, depth)
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def _plain(self, node: yaml.Node, path: Path_) -> bool:
        """True for an untagged value (or one tagged with its own type); else record the problem."""
        if isinstance(node, yaml.ScalarNode):
            fits = node.tag in (STR_TAG, self.loader.resolve(yaml.ScalarNode, node.value, (True, False)))
        else:
            fits = node.tag == COLLECTION_TAGS[type(node)]
        if not fits:
            self.problem(node, path, f"the tag {_short_tag(node.tag)!r} is not allowed; write plain values "
                                     "without tags")
        return fits

    def _key(self, node: yaml.Node, path: Path_) -> str | None:
        """A mapping key as a field name; None, with the problem recorded, if it is not one."""
        if not self._plain(node, path):
            return None
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a group of fields"
            self.problem(node, path, f"a key must be a field name, not {kind}")
            return None
        key = self._scalar(node, path, record=False)
        if not isinstance(key, str):
            self.problem(node, path, f"a key must be a field name, not {_kind(key)}")
        elif key == "<<":
            self.problem(node, path, "merge keys (<<) are not supported; write the fields out in full")
        elif not key.isprintable() or len(key) > 100:
            self.problem(node, path, f"the key {clip(key)} is not a field name (a field name is a short line of "
                                     "printable text)")
        else:
            return key
        return None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in result:
                first = self.source.key_marks[path + (key,)]
                self.problem(key_node, path + (key,), f"duplicate key; it is already given on line {first.line}; "
                                                      "keep one of them")
                continue
            self.source.key_marks[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path_, *, record: bool = True) -> Any:
        if record and node.style is None and node.tag != NULL_TAG:
            self.source.plain_text[path] = node.value
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # an impossible date, or an integer too long for int()
            if node.tag == TIMESTAMP_TAG:
                self.problem(node, path, f"{clip(node.value)} is not a real calendar date; write it as YYYY-MM-DD")
            else:
                self.problem(node, path, f"a number {len(node.value):,} characters long is too long to read")
            return node.value
        except yaml.constructor.ConstructorError as exc:
            self.problem(node, path, f"cannot read this value: {exc.problem}")
            return node.value
        return value  # a datetime (date with a time) is rejected by the schema where a date is expected


def _utf16(head: bytes) -> bool:
    """A UTF-16 byte-order mark, or text in which every other byte is zero (UTF-16 without a mark)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    even, odd = head[0::2], head[1::2]
    return len(head) >= 8 and (even.count(0) == 0 < odd.count(0) * 2 >= len(odd)
                               or odd.count(0) == 0 < even.count(0) * 2 >= len(even))


def _read(path: Path) -> bytes:
    """The file's bytes, but never more than one byte over the limit; only a regular file is read."""
    try:
        return read_limited(path, MAX_BYTES)
    except Unreadable as exc:
        raise InvalidInput([Problem(path, None, None, "", f"cannot read the file: {exc.reason}")]) from None


def _decode(path: Path, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise InvalidInput([Problem(path, None, None, "", f"the file is larger than {MAX_BYTES:,} bytes, the limit "
                                    "for a jurisdiction file")])
    if _utf16(raw[:8192]):
        raise InvalidInput([Problem(path, None, None, "", "the file is saved as UTF-16 text; save it as UTF-8")])
    if b"\x00" in raw[:8192]:
        raise InvalidInput([Problem(path, None, None, "", "this is a binary file, not a YAML text file")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidInput([Problem(path, line, column, "",
                                    f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8")]) from None


def _read_problem(path: Path, text: str, exc: yaml.YAMLError | _TooDeep) -> Problem:
    """The one problem that stopped PyYAML reading the text, at its line and column."""
    if isinstance(exc, _TooDeep):
        return Problem(path, exc.mark.line + 1, exc.mark.column + 1, "",
                       f"the document is too large: nested more than {MAX_DEPTH} levels deep")
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        before = text[: exc.position]
        breaks = list(LINE_BREAK.finditer(before))
        column = exc.position - (breaks[-1].end() if breaks else 0) + 1
        return Problem(path, len(breaks) + 1, column, "", f"the character U+{exc.character:04X} is not allowed "
                                                           "in a YAML file; remove it")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(path, None, None, "", f"YAML error: {exc}")
    mark, context = exc.problem_mark or exc.context_mark, exc.context
    if context == "expected a single document in the stream":
        return Problem(path, mark.line + 1, mark.column + 1, "", "a second YAML document starts here; a jurisdiction "
                       "file holds one document (remove this '---' and what follows it)")
    if exc.problem == "second occurrence":  # PyYAML's duplicate anchor
        return Problem(path, mark.line + 1, mark.column + 1, "", f"YAML syntax error: this anchor is already defined "
                       f"on line {exc.context_mark.line + 1}; give each anchor (&name) its own name")
    if context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        context += f" on line {exc.context_mark.line + 1},"
    what = " ".join(x for x in (context, exc.problem) if x)
    if "'\\t'" in what:
        what += " (a tab: indent with spaces only)"
    return Problem(path, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "",
                   f"YAML syntax error: {what}")


def _compose(text: str, fast: bool = False) -> yaml.Node | None:
    """The node tree of the text: PyYAML's reader for an ordinary file, libyaml's (after _scan) for a large one
    or when `fast` (a model's own files, read by every command); a text libyaml refuses is read again by
    PyYAML's reader, whose message says what is wrong."""
    if fast and yaml.__with_libyaml__:
        try:
            _scan(text)
            return yaml.compose(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass
    if len(text) <= PYTHON_READER_LIMIT or not yaml.__with_libyaml__:
        return yaml.compose(text, Loader=_Loader)
    _scan(text)
    return yaml.compose(text, Loader=_FastLoader)


def load(path: Path, text: str | None = None, *, fast: bool = False) -> Source:
    """Load one YAML file; raise InvalidInput listing every problem found while reading it. `fast`: read it
    with libyaml whatever its size (see _compose)."""
    path = Path(path)
    if text is None:
        text = _decode(path, _read(path))
    source = Source(path, None)
    try:
        node = _compose(text, fast)
    except _TooMany as exc:
        raise InvalidInput([Problem(path, exc.mark.line + 1, exc.mark.column + 1, exc.key, "the document is too "
                                    f"large: more than {MAX_NODES:,} values")]) from None
    except (yaml.YAMLError, _TooDeep) as exc:
        raise InvalidInput([_read_problem(path, text, exc)]) from None
    if node is None:
        raise InvalidInput([Problem(path, 1, 1, "", "the file is empty; expected the jurisdiction's fields "
                                    "(run `draft new` for a filled-in example)")])
    builder = _Builder(source)
    try:
        source.data = builder.build(node, (), 0)
    except _TooLarge as exc:
        raise InvalidInput([exc.problem]) from None
    if builder.problems:
        raise InvalidInput(shown(builder.problems))
    if not isinstance(source.data, dict):
        kind = "a list" if isinstance(source.data, list) else "a single value"
        top = _mark(node)
        raise InvalidInput([Problem(path, top.line, top.column, "", f"the top level is {kind}; expected a mapping "
                                    "of fields such as `jurisdiction:` and `policy:`")])
    return source


