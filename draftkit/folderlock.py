"""One writer per output folder: a lock that a second draft command waits for, then refuses with a message.

The lock is an advisory lock (flock) on `.draftkit-lock` inside the folder, held while the folder is checked
and written and removed when released. A lock file left by a killed process holds no lock (the system
releases it with the process) and is simply taken over; after locking, the file is checked to be still the
one at that name, so a file removed by a finishing writer between our open and our lock is not trusted.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from .errors import OutputProblem

try:
    import fcntl
except ImportError:  # Windows: no advisory locks through fcntl; msvcrt locks a byte instead
    fcntl = None
    import msvcrt

LOCK = ".draftkit-lock"
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except (BlockingIOError, PermissionError):
        return False


def _holder(path: Path) -> str:
    """"process N" as the lock file says, or "another process"."""
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"


class FolderLock:
    """`with FolderLock(folder):` writes to `folder` alone, waiting up to `wait` seconds for another writer."""

    def __init__(self, folder: Path, *, wait: float = WAIT_SECONDS):
        self.path, self.wait, self.fd = Path(folder) / LOCK, wait, -1

    def __enter__(self) -> FolderLock:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise OutputProblem(self.path.parent, f"cannot write here: {exc.strerror}; nothing in "
                                                      f"{self.path.parent.name}/ was changed") from None
            if self._locked(fd) and self._still_ours(fd):
                self.fd = fd
                self._sign()
                return self
            os.close(fd)
            if time.monotonic() >= deadline:
                raise OutputProblem(self.path.parent, f"another draft command ({_holder(self.path)}) is writing "
                                    f"this folder; waited {self.wait:g} s. Run again when it has finished")
            time.sleep(POLL_SECONDS)

    def _locked(self, fd: int) -> bool:
        try:
            return _try_lock(fd)
        except OSError as exc:  # a file system without locks
            os.close(fd)
            raise OutputProblem(self.path.parent, f"cannot lock this folder: {exc.strerror}; nothing in "
                                                  f"{self.path.parent.name}/ was changed") from None

    def _sign(self) -> None:
        """Our process id in the lock file, for the message a waiting command gives (best effort)."""
        try:
            os.ftruncate(self.fd, 0)
            os.write(self.fd, str(os.getpid()).encode("ascii"))
        except OSError:
            pass

    def _still_ours(self, fd: int) -> bool:
        """Whether the locked file is still the one named LOCK (not removed by a writer that just finished)."""
        try:
            named, held = os.stat(self.path), os.fstat(fd)
        except OSError:
            return False
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def __exit__(self, *exc) -> None:
        try:
            os.unlink(self.path)  # removed while still held, so no one locks a file about to vanish
        except OSError:
            pass  # a lock file left behind holds no lock
        finally:
            os.close(self.fd)
            self.fd = -1
