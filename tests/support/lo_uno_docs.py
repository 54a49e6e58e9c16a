"""lo_uno.py's helpers for structure: list labels, table cells and notes as LibreOffice holds them, and
documents built or edited through the text API (numbered lists, tables, table rows and cells).

Imported by lo_uno.py under Debian's /usr/bin/python3 (it needs `uno`); never imported by pytest itself.

Reading (`details(doc)`):
    labeled    body paragraphs (table cells included, as in lo_uno's "paragraphs") each prefixed by its
               list label and a space when LibreOffice numbers it (ListLabelString), e.g. "(b) Text"
    tables     each body-level table as rows of cell texts (a cell's paragraphs joined with a newline,
               nested tables flattened into their cell), rows grouped by the row number of the cell name
    footnotes  the text of each footnote in document order (paragraphs joined with a newline)
    endnotes   the same for endnotes

Building (`build(doc, content)`): `content` is a list of
    {"text": str, "style": "Heading 1" (optional), "list": level 0-2 (optional), "restart": true (optional)}
    {"table": [[cell, ...], ...]}
List paragraphs use the numbering style "Ordinance": "(a)" lowerLetter, "(1)" decimal, "(i)" lowerRoman;
"restart" restarts the list at that paragraph.

Editing (`apply(doc, edit)`), in addition to lo_uno's own ops:
    {"op": "insert_paragraph_before", "before": text, "text": str}  new paragraph with the same attributes
                                                                     (list level included) before the first
                                                                     body paragraph containing `before`
    {"op": "set_cell", "table": i, "cell": "B2", "text": str}       replace a cell's text (i: body order)
    {"op": "insert_row", "table": i, "index": n, "cells": [...]}      new row at 0-based index n
    {"op": "delete_row", "table": i, "index": n}                      remove row n
"""
from __future__ import annotations

import re

import uno  # type: ignore[import-not-found]  # only under /usr/bin/python3
from com.sun.star.beans import UnknownPropertyException  # type: ignore[import-not-found]

PARAGRAPH = "com.sun.star.text.Paragraph"
TABLE = "com.sun.star.text.TextTable"
LIST_STYLE = "Ordinance"
LIST_LEVELS = (("CHARS_LOWER_LETTER", 1), ("ARABIC", 2), ("ROMAN_LOWER", 3))


def _iterate(enum_access):
    enum = enum_access.createEnumeration()
    while enum.hasMoreElements():
        yield enum.nextElement()


def _texts(text) -> list[str]:
    out: list[str] = []
    for element in _iterate(text):
        if element.supportsService(PARAGRAPH):
            out.append(element.getString())
        elif element.supportsService(TABLE):
            for name in element.getCellNames():
                out.extend(_texts(element.getCellByName(name).getText()))
    return out


def _labeled(text) -> list[str]:
    out: list[str] = []
    for element in _iterate(text):
        if element.supportsService(PARAGRAPH):
            try:
                label = element.getPropertyValue("ListLabelString") or ""
            except UnknownPropertyException:
                label = ""
            out.append(f"{label} {element.getString()}" if label else element.getString())
        elif element.supportsService(TABLE):
            for name in element.getCellNames():
                out.extend(_labeled(element.getCellByName(name).getText()))
    return out


def table_rows(table) -> list[list[str]]:
    rows: dict[int, list[str]] = {}
    for name in table.getCellNames():
        match = re.match(r"[A-Za-z]+(\d+)", name)
        row = int(match.group(1)) if match else 0
        rows.setdefault(row, []).append("\n".join(_texts(table.getCellByName(name).getText())))
    return [rows[k] for k in sorted(rows)]


def _body_tables(doc) -> list:
    return [e for e in _iterate(doc.getText()) if e.supportsService(TABLE)]


def _notes(collection) -> list[str]:
    return ["\n".join(_texts(collection.getByIndex(i))) for i in range(collection.getCount())]


def details(doc) -> dict:
    return {"labeled": _labeled(doc.getText()), "tables": [table_rows(t) for t in _body_tables(doc)],
            "footnotes": _notes(doc.getFootnotes()), "endnotes": _notes(doc.getEndnotes())}


def _list_style(doc) -> None:
    family = doc.getStyleFamilies().getByName("NumberingStyles")
    if family.hasByName(LIST_STYLE):
        return
    style = doc.createInstance("com.sun.star.style.NumberingStyle")
    family.insertByName(LIST_STYLE, style)
    rules = style.getPropertyValue("NumberingRules")
    for level, (kind, number) in enumerate(LIST_LEVELS):
        props = list(rules.getByIndex(level))
        for prop in props:
            if prop.Name == "NumberingType":
                prop.Value = uno.getConstantByName(f"com.sun.star.style.NumberingType.{kind}")
            elif prop.Name in ("Prefix", "Suffix"):
                prop.Value = "(" if prop.Name == "Prefix" else ")"
            elif prop.Name == "ListFormat":
                prop.Value = f"(%{number}%)"
            elif prop.Name == "StartWith":
                prop.Value = 1
        uno.invoke(rules, "replaceByIndex", (level, uno.Any("[]com.sun.star.beans.PropertyValue", tuple(props))))
    style.setPropertyValue("NumberingRules", rules)


def build(doc, content: list) -> None:
    """Fill an empty Writer document with `content` (see the module docstring)."""
    text = doc.getText()
    cursor = text.createTextCursor()
    brk = uno.getConstantByName("com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK")
    if any("list" in item for item in content):
        _list_style(doc)
    after_table = False
    for i, item in enumerate(content):
        if i and not after_table:  # a table goes in before the cursor's (empty) paragraph, which then
            text.insertControlCharacter(cursor, brk, False)  # takes the next item's text
        after_table = "table" in item
        if "table" in item:
            rows = item["table"]
            table = doc.createInstance("com.sun.star.text.TextTable")
            table.initialize(len(rows), len(rows[0]))
            text.insertTextContent(cursor, table, False)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.getCellByName(f"{chr(ord('A') + c)}{r + 1}").setString(value)
            continue
        cursor.setPropertyValue("ParaStyleName", item.get("style", "Standard"))
        cursor.setPropertyValue("NumberingStyleName", LIST_STYLE if "list" in item else "")
        if "list" in item:
            cursor.setPropertyValue("NumberingLevel", int(item["list"]))
            cursor.setPropertyValue("ParaIsNumberingRestart", bool(item.get("restart")))
        text.insertString(cursor, item["text"], False)


def _table(doc, index: int):
    tables = _body_tables(doc)
    if not 0 <= index < len(tables):
        raise RuntimeError(f"no table {index} (the body has {len(tables)})")
    return tables[index]


def apply(doc, edit: dict) -> bool:
    """Apply one of this module's edit ops; False when `edit` is not one of them."""
    op = edit.get("op")
    if op == "insert_paragraph_before":
        text = doc.getText()
        para = next((e for e in _iterate(text) if e.supportsService(PARAGRAPH) and edit["before"] in e.getString()),
                    None)
        if para is None:
            raise RuntimeError(f"insert_paragraph_before: no paragraph contains {edit['before']!r}")
        cursor = text.createTextCursorByRange(para.getStart())
        text.insertString(cursor, edit["text"], False)
        text.insertControlCharacter(cursor, uno.getConstantByName(
            "com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK"), False)
    elif op == "set_cell":
        _table(doc, int(edit["table"])).getCellByName(edit["cell"]).setString(edit["text"])
    elif op == "insert_row":
        table = _table(doc, int(edit["table"]))
        index = int(edit["index"])
        table.getRows().insertByIndex(index, 1)
        for c, value in enumerate(edit["cells"]):
            table.getCellByName(f"{chr(ord('A') + c)}{index + 1}").setString(value)
    elif op == "delete_row":
        _table(doc, int(edit["table"])).getRows().removeByIndex(int(edit["index"]), 1)
    else:
        return False
    return True
