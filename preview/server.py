"""The preview's web server: serves the built site, tells open pages when to reload, and shows a failed build.

Standard library only (http.server). Every HTML response gets one small script tag, added while it is sent
(the files in the built site are never changed): `/_preview/client.js` listens to `/_preview/events`, a
Server-Sent Events stream on the same port, and reloads the page after each good build, or shows the failed
build's messages over the last good page. Nothing is loaded from another host.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

EVENTS_PATH = "/_preview/events"
CLIENT_PATH = "/_preview/client.js"
CLIENT_SCRIPT = (Path(__file__).parent / "client.js").read_text(encoding="utf-8")
# Sent every so often on the event stream so a closed browser tab is noticed and its thread ends.
KEEPALIVE_SECONDS = 15


class BuildState:
    """The latest build's outcome, shared by the builder thread and every open event stream."""

    def __init__(self) -> None:
        self.session = secrets.token_hex(4)
        self.changed = threading.Condition()
        self.number = 0          # builds finished (good or not)
        self.good = ""           # id of the last good build: the pages on disk are from it
        self.ok = True
        self.messages: list[str] = []

    def publish(self, ok: bool, messages: list[str]) -> None:
        with self.changed:
            self.number += 1
            self.ok = ok
            self.messages = list(messages)
            if ok:
                self.good = f"{self.session}-{self.number}"
            self.changed.notify_all()

    def snapshot(self) -> dict:
        return {"number": self.number, "good": self.good, "ok": self.ok, "messages": self.messages}


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the built folder with no caching, HTML with the reload script, and the event stream."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".mjs": "text/javascript", ".ics": "text/calendar",
                      ".xml": "application/xml", ".atom": "application/atom+xml", ".yml": "text/yaml",
                      ".yaml": "text/yaml"}
    state: BuildState
    quiet: bool = True

    def __init__(self, *args, state: BuildState, quiet: bool = True, **kwargs):
        self.state = state
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if not self.quiet:
            super().log_message(format, *args)

    def end_headers(self) -> None:
        # A preview must always show the latest build.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == EVENTS_PATH:
            return self._events()
        if path == CLIENT_PATH:
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", CLIENT_SCRIPT.encode("utf-8"))
        html = self._html_file(path)
        if html is not None:
            status, file = html
            return self._send(status, "text/html; charset=utf-8", self._with_script(file.read_bytes()))
        return super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path in (EVENTS_PATH, CLIENT_PATH) or self._html_file(path) is not None:
            self.send_response(HTTPStatus.OK)
            self.end_headers()
            return
        super().do_HEAD()

    def _html_file(self, path: str) -> tuple[int, Path] | None:
        """The HTML file for this address (index.html for a folder, the site's 404 page for nothing)."""
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return None  # the base class redirects to the address with a slash
            local = local / "index.html"
        if local.is_file():
            return (HTTPStatus.OK, local) if local.suffix in (".html", ".htm") else None
        missing = Path(self.directory) / "404.html"
        if missing.is_file():
            return HTTPStatus.NOT_FOUND, missing
        return None

    def _with_script(self, body: bytes) -> bytes:
        tag = (f'<script src="{CLIENT_PATH}" data-preview-build="{self.state.good}" defer></script>').encode()
        closing = body.rfind(b"</body>")
        if closing == -1:
            return body + tag
        return body[:closing] + tag + body[closing:]

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "keep-alive")
        self.end_headers()
        state = self.state
        with state.changed:
            seen = state.number
            snapshot = state.snapshot()
        try:
            self._event("state", snapshot)
            while True:
                with state.changed:
                    state.changed.wait_for(lambda: state.number != seen, timeout=KEEPALIVE_SECONDS)
                    changed = state.number != seen
                    seen = state.number
                    snapshot = state.snapshot()
                if changed:
                    self._event("reload" if snapshot["ok"] else "failed", snapshot)
                else:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def _event(self, name: str, data: dict) -> None:
        self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode("utf-8"))
        self.wfile.flush()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(folder: str | os.PathLike, state: BuildState, bind: str = "127.0.0.1", port: int = 8000,
                quiet: bool = True) -> PreviewServer:
    """A server for `folder` on bind:port (port 0 picks a free one); call serve_forever() to run it.

    Raises OSError when the port is taken.
    """
    handler = partial(PreviewHandler, state=state, quiet=quiet, directory=str(folder))
    return PreviewServer((bind, port), handler)


def serve_in_thread(server: PreviewServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    thread.start()
    time.sleep(0)  # let it start accepting before the caller prints the address
    return thread
