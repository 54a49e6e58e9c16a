"""`draft serve`: a local web application in which staff fill a jurisdiction's form (generated from the model's
schema), see the command line's problems beside each field, preview the ordinance and its redline as they type,
save the file as `draft new` writes one and download the packet `draft build` would write.

Flask (its test client drives the tests) on Waitress, a production WSGI server in pure Python that runs alike
on Linux, macOS and Windows. Bound to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from ..errors import DraftError
from ..model import Model

LOCAL_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


class ServeProblem(DraftError):
    """The server cannot start (the port is taken, the address is not this machine's)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class Server:
    """A started server: its address, and `run()` to serve until interrupted."""

    url: str
    exposed: bool  # listening beyond this machine
    _server: object

    def run(self) -> None:
        try:
            self._server.run()
        finally:
            self.close()

    def close(self) -> None:
        self._server.close()


def trusted_hosts(host: str) -> list[str] | None:
    """Host names a request may carry (a page on another site that resolves its name to 127.0.0.1 is refused)."""
    if host in ("0.0.0.0", "::", ""):
        return None  # every address of the machine: any name may lead here
    return sorted(set(LOCAL_NAMES + [host, f"[{host}]" if ":" in host else host]))


def make_server(model: Model, *, folder: Path, host: str = "127.0.0.1", port: int = 8765,
                threads: int = 4) -> Server:
    """The application for `model` and the jurisdictions `folder`, listening on host:port (0: any free port)."""
    import waitress

    from .app import MAX_FORM, create_app

    app = create_app(model, folder=folder, trusted_hosts=trusted_hosts(host))
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, max_request_body_size=MAX_FORM,
                                        ident="draftkit")
    except OSError as exc:
        raise ServeProblem(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another port with "
                           "--port N (0 picks a free one)") from None
    bound = getattr(server, "effective_port", port)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else f"[{host}]" if ":" in host else host
    return Server(f"http://{shown}:{bound}/", not _loopback(host), server)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
