"""Read a YAML file into plain data while remembering where every value came from.

Scalars follow YAML 1.2's reading of booleans (only true/false), so `no` stays the text "no";
duplicate keys, undecodable bytes, impossible dates and oversized or alias-expanded documents are
reported as problems with their line and column instead of being silently accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InvalidInput, Problem

MAX_BYTES = 2_000_000
MAX_NODES = 100_000
MAX_DEPTH = 40
BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: yes/no/on/off stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

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

    def mark(self, path: Path_, *, key: bool = False) -> Mark | None:
        """Where `path` is: its key's or its value's position; for a missing field, its parent's key."""
        path = tuple(path)
        own = (self.key_marks if key else self.value_marks).get(path) or self.key_marks.get(path)
        while own is None and path:
            path = path[:-1]
            own = self.key_marks.get(path) or self.value_marks.get(path)
        return own

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        mark = self.mark(path, key=key)
        return Problem(self.path, mark.line if mark else None, mark.column if mark else None,
                       dotted(path), message)


def dotted(path: Path_) -> str:
    """`("ordinance", "vote", "ayes", 2)` -> `ordinance.vote.ayes[2]`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns a composed node tree into Python data, recording marks and problems."""

    def __init__(self, source: Source):
        self.source, self.problems, self.count = source, [], 0
        self.loader = _Loader("")

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(f"more than {MAX_NODES:,} values (an alias that expands too far?)")
        if depth > MAX_DEPTH:
            raise _TooLarge(f"nested more than {MAX_DEPTH} levels deep")
        self.source.value_marks.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
        result: dict = {}
        self.loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path, record=False) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problems.append(Problem(self.source.path, *_mark(key_node).__dict__.values(), dotted(path),
                                             "keys must be plain names"))
                continue
            if key in result:
                first = self.source.key_marks[path + (key,)]
                self.problems.append(Problem(self.source.path, *_mark(key_node).__dict__.values(),
                                             dotted(path + (key,)),
                                             f"duplicate key; it is already given on line {first.line}; "
                                             "keep one of them"))
                continue
            self.source.key_marks[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path_, *, record: bool = True) -> Any:
        if record and node.style is None and node.tag != "tag:yaml.org,2002:null":
            self.source.plain_text[path] = node.value
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            self.problems.append(Problem(self.source.path, *_mark(node).__dict__.values(), dotted(path),
                                         f"{node.value!r} is not a real calendar date; write it as YYYY-MM-DD"))
            return node.value
        except yaml.constructor.ConstructorError as exc:
            self.problems.append(Problem(self.source.path, *_mark(node).__dict__.values(), dotted(path),
                                         f"cannot read this value: {exc.problem}"))
            return node.value
        return value  # a datetime (date with a time) is rejected by the schema where a date is expected


class _TooLarge(Exception):
    pass


def _decode(path: Path, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise InvalidInput([Problem(path, None, None, "", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")])
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput([Problem(path, None, None, "", "this is a binary file, not a YAML text file")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidInput([Problem(path, line, column, "",
                                    f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8")]) from None


def load(path: Path, text: str | None = None) -> Source:
    """Load one YAML file; raise InvalidInput listing every problem found while reading it."""
    path = Path(path)
    if text is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InvalidInput([Problem(path, None, None, "", f"cannot read the file: {exc.strerror}")]) from None
        text = _decode(path, raw)
    source = Source(path, None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        if "'\\t'" in what:
            what += " (a tab: indent with spaces only)"
        raise InvalidInput([Problem(path, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "",
                                    f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(path, None, None, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InvalidInput([Problem(path, None, None, "", "nested too deeply to read")]) from None
    if node is None:
        raise InvalidInput([Problem(path, 1, 1, "", "the file is empty; expected the jurisdiction's fields "
                                    "(run `draft new` for a filled-in example)")])
    builder = _Builder(source)
    try:
        source.data = builder.build(node, (), 0)
    except (_TooLarge, RecursionError) as exc:
        raise InvalidInput([Problem(path, None, None, "", f"the document is too large: {exc}")]) from None
    if builder.problems:
        raise InvalidInput(builder.problems)
    if not isinstance(source.data, dict):
        kind = "a list" if isinstance(source.data, list) else "a single value"
        raise InvalidInput([Problem(path, 1, 1, "", f"the top level is {kind}; expected a mapping of fields "
                                    "such as `jurisdiction:` and `policy:`")])
    return source


