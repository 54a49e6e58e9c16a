"""Headless Chromium through selenium, started as the benchmark starts it (bench/page.py): skipped with the
reason when a part is missing, except in CI (CI=true), where the tests fail instead."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import page  # noqa: E402


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; the browser test must run in CI")
    pytest.skip(reason)


def chromium(profile: Path, *, args: tuple[str, ...] = (), prefs: dict | None = None):
    """A selenium driver of headless Chromium with its own profile folder (and `args`, `prefs` added)."""
    driver, why = page.browser(profile, args=args, prefs=prefs)
    if driver is None:
        unavailable(why)
    return driver
