"""Read an input file without ever blocking or reading without end: regular files only, never more than a limit.

A FIFO (named pipe) would block the open until a writer comes; a device such as /dev/zero never ends; a
folder cannot be read. Each is refused with a reason a user understands, checked on the opened file itself
(so a name swapped for a FIFO between a check and the open is refused too).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

KINDS = ((stat.S_ISDIR, "it is a folder, not a file"), (stat.S_ISFIFO, "it is a named pipe (FIFO), not a regular file"),
         (stat.S_ISCHR, "it is a device, not a regular file"), (stat.S_ISBLK, "it is a device, not a regular file"),
         (stat.S_ISSOCK, "it is a socket, not a regular file"))


class Unreadable(Exception):
    """A file that cannot be read, with the reason in words (the caller names the file)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def readable(text: str) -> str:
    """A file name as the outputs show it: bytes that are not UTF-8 (kept by the system as lone surrogates,
    which no UTF-8 output can hold) become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def not_regular(mode: int) -> str | None:
    """Why a file of this mode cannot be read as a document, or None for a regular file."""
    return next((why for test, why in KINDS if test(mode)), None if stat.S_ISREG(mode) else "it is not a regular file")


def os_reason(exc: OSError) -> str:
    """An OSError in words, without the path (the caller's message names it)."""
    return exc.strerror or str(exc)


def read_limited(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file (one over says "too large"); Unreadable otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise Unreadable(os_reason(exc)) from None
    try:
        why = not_regular(os.fstat(fd).st_mode)
        if why:
            raise Unreadable(why)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(os_reason(exc)) from None
    finally:
        os.close(fd)
