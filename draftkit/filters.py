"""The values and filters templates use, without any template machinery: a group of fields that knows its own
name (so a missing value is reported by its full name), and the filters (dates in words, money, numbers spelled
out, lists of names). Validation uses them too, so they import nothing heavy."""
from __future__ import annotations

from datetime import date
from typing import Any

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


class Fields(dict):
    """A group of context values that knows its own name, so a missing one is reported by full name."""

    def __init__(self, name: str, values: dict):
        super().__init__(values)
        self._name = name


def number_words(n: int) -> str:
    """12 -> "twelve", 365 -> "three hundred sixty-five" (0 to 999,999)."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{ONES[n // 100]} hundred" + (f" {number_words(n % 100)}" if n % 100 else "")
    return f"{number_words(n // 1000)} thousand" + (f" {number_words(n % 1000)}" if n % 1000 else "")


def longdate(value: Any) -> str:
    """A date as "June 5, 2018"; placeholder text passes through."""
    if isinstance(value, date):
        return f"{value:%B} {value.day}, {value.year}"
    if isinstance(value, str):
        return value
    raise TypeError(f"longdate expects a date, not {value!r}")


def money(value: Any) -> str:
    """5000 -> "$5,000"."""
    return f"${value:,}" if isinstance(value, int) else str(value)


def spelled(value: Any) -> str:
    """30 -> "thirty (30)", the form ordinances use for periods and counts."""
    return f"{number_words(value)} ({value})" if isinstance(value, int) and 0 <= value < 1_000_000 else str(value)


def names(values: Any) -> str:
    """["A", "B", "C"] -> "A, B and C"; an empty list -> "None"."""
    items = [str(v) for v in values or []]
    if not items:
        return "None"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def either(values: Any) -> str:
    """["A", "B", "C"] -> "A, B or C" (any one of them); an empty list -> "None"."""
    items = [str(v) for v in values or []]
    if not items:
        return "None"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def period(value: Any) -> str:
    """The text ending a sentence: a full stop added unless it already ends with one ("7650-N.S.")."""
    text = str(value)
    return text if text.rstrip().endswith((".", "?", "!")) else text + "."
