"""`make livereload`: build, serve, watch; rebuild on every save and reload the open pages.

One process serves the site and watches the files (watchfiles); a second one builds (preview.build), kept warm
between builds. A change to settings or plugin code restarts the build process, since Python cannot reliably
reload a plugin in place; any other change (content, data files, snapshots, theme) is a warm rebuild.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from pathlib import Path

from .build import BuildOptions, BuildResult, serve_builds
from .server import BuildState, make_server, serve_in_thread
from .watch import Change, watched_paths, watch_changes

logger = logging.getLogger("preview")


class BuildProcess:
    """The warm build process: start it, ask it to build, restart it when code or settings change."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.context = multiprocessing.get_context("spawn")
        self.process = None
        self.connection = None

    def start(self) -> BuildResult:
        self.stop()
        parent, child = self.context.Pipe()
        self.process = self.context.Process(target=serve_builds, args=(child, self.options), name="preview-build",
                                            daemon=True)
        self.process.start()
        child.close()
        self.connection = parent
        return self._result()

    def build(self) -> BuildResult:
        if self.process is None or not self.process.is_alive():
            return self.start()
        try:
            self.connection.send("build")
        except (BrokenPipeError, OSError):
            return self.start()
        return self._result()

    def _result(self) -> BuildResult:
        try:
            return self.connection.recv()
        except (EOFError, OSError):
            return self._died()

    def search_index(self) -> float:
        """Wait for the search index of the last build; returns the seconds it took (0 when not run)."""
        try:
            return self.connection.recv()
        except (EOFError, OSError, AttributeError):
            return 0.0

    def _died(self) -> BuildResult:
        if self.process is not None:
            self.process.join(timeout=5)
        code = self.process.exitcode if self.process else None
        self.process = None
        return BuildResult(False, [f"The build process stopped unexpectedly (exit code {code}); "
                                       "see the terminal. Save a file to try again."], 0.0)

    def stop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        if self.process is not None:
            self.process.join(timeout=2)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(timeout=5)
        self.process = None
        self.connection = None


def report(result: BuildResult, changes: list[Change], started: float) -> None:
    names = ", ".join(sorted({change.shown for change in changes})[:5]) or "start"
    if result.ok:
        print(f"[preview] built in {result.seconds:.2f} s ({names}; {result.written} files changed); "
              f"{time.perf_counter() - started:.2f} s from noticing the save to the reload", flush=True)
    else:
        print(f"[preview] the build failed ({names}); the browser shows the last good pages and this message:",
              flush=True)
        for message in result.messages:
            print(f"  {message}", flush=True)


def run_preview(settings: str, path: str, output: str, root: str = ".", port: int = 8000, bind: str = "127.0.0.1",
                strict: bool = True, overrides: dict | None = None, search: bool = True) -> None:
    """Serve `output` on bind:port and rebuild it after every change until interrupted (Ctrl-C)."""
    root = os.path.abspath(root)
    options = BuildOptions(settings=os.path.join(root, settings), path=os.path.join(root, path),
                           output=os.path.join(root, output), strict=strict, overrides=dict(overrides or {}),
                           search=search, root=root)
    Path(options.output).mkdir(parents=True, exist_ok=True)
    state = BuildState()
    try:
        server = make_server(options.output, state, bind=bind, port=port)
    except OSError as error:
        raise SystemExit(f"The preview cannot use http://{bind}:{port}/ ({error.strerror}). Stop the program "
                         f"that uses it, or pick another port, for example: invoke livereload --port {port + 1}")
    serve_in_thread(server)
    print(f"[preview] serving http://{bind}:{server.server_address[1]}/ (Ctrl-C stops it); building...", flush=True)

    builder = BuildProcess(options)
    changes: queue.Queue = queue.Queue()
    stop = threading.Event()

    def build_loop() -> None:
        started = time.perf_counter()
        result = builder.start()
        state.publish(result.ok, result.messages)
        report(result, [], started)
        builder.search_index()
        while not stop.is_set():
            try:
                batch = [changes.get(timeout=0.5)]
            except queue.Empty:
                continue
            while not changes.empty():
                batch.append(changes.get_nowait())
            flat = [change for group in batch for change in group]
            started = min(change.seen for change in flat)
            restart = any(change.restart for change in flat)
            result = builder.start() if restart else builder.build()
            state.publish(result.ok, result.messages)
            report(result, flat, started)
            builder.search_index()

    worker = threading.Thread(target=build_loop, name="preview-builds", daemon=True)
    worker.start()
    paths = watched_paths(options)
    print("[preview] watching " + ", ".join(_shown(path, root) for path in paths), flush=True)
    try:
        for batch in watch_changes(paths, options, stop):
            changes.put(batch)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        builder.stop()
        print("[preview] stopped", flush=True)


def _shown(path: str, root: str) -> str:
    try:
        return os.path.relpath(path, root) + ("/" if os.path.isdir(path) else "")
    except ValueError:
        return path
