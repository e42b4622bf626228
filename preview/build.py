"""A warm Pelican build: settings read and plugins loaded once, then the site rebuilt on request in the same process.

Runs in the preview's build process (`preview.app` starts it and restarts it when settings or plugin code change).
Between builds it keeps Python, Pelican, the plugins and Pelican's content cache in memory, so a rebuild re-reads
only the files that changed. Each build reports `BuildResult`: ok, the organizer messages (`file:line: ...`) when
it failed, and the time it took.
"""

from __future__ import annotations

import copy
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

STRICT_STOP = "Warning or error encountered"


@dataclass
class BuildOptions:
    settings: str
    path: str
    output: str
    strict: bool = True
    overrides: dict = field(default_factory=dict)
    search: bool = True
    root: str = "."


@dataclass
class BuildResult:
    ok: bool
    messages: list[str]
    seconds: float
    written: int = 0


class _Capture(logging.Handler):
    """Keeps the warnings and errors of one build: in strict mode they are why it stopped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not hide the build's real problem
            message = str(record.msg)
        if STRICT_STOP not in message and "The build stopped because" not in message:
            self.messages.append(message)


class WarmBuilder:
    """Builds the site again and again in one process. Raises nothing: every outcome is a BuildResult."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.pelican = None
        self.pristine_settings: dict | None = None
        self.setup_problem: str | None = None
        self.capture = _Capture()
        self._start()

    def _start(self) -> None:
        from pelican import log

        log.init(level=None, fatal="warnings" if self.options.strict else "", handler=log.DEFAULT_LOG_HANDLER,
                 name="pelican")
        logging.getLogger().addHandler(self.capture)
        try:
            from pelican.plugins import signals
            from pelican.settings import read_settings

            _keep_content_cache_in_memory()

            overrides = {
                "PATH": os.path.abspath(self.options.path),
                "OUTPUT_PATH": os.path.abspath(self.options.output),
                # Keep Markdown already converted: a rebuild re-reads only the files saved since. By their time, not
                # their MD5 (what cached builds in CI use, since a checkout gives every file a new time): hashing
                # every content file twice (one per edition) took about a tenth of a second of each rebuild.
                "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": True,
                "CHECK_MODIFIED_METHOD": "mtime",
                # Keep the built site between builds; the incremental plugin removes pages that are gone.
                "DELETE_OUTPUT_DIRECTORY": False,
                **self.options.overrides,
            }
            settings = read_settings(self.options.settings, override=overrides)
            self.pristine_settings = copy.deepcopy(settings)
            cls = settings["PELICAN_CLASS"]
            if isinstance(cls, str):
                module, name = cls.rsplit(".", 1)
                cls = getattr(__import__(module, fromlist=[name]), name)
            # The start-of-build checks run on every build (below), not only when the instance is made.
            with signals.initialized.muted():
                self.pelican = cls(settings)
        except SystemExit as stop:
            self.setup_problem = _exit_message(stop, self.capture.messages)
        except Exception as error:  # settings that do not load: say which, keep the preview running
            self.setup_problem = f"{self.options.settings}: the settings could not be loaded: {error}"

    def build(self) -> BuildResult:
        started = time.perf_counter()
        if self.pelican is None:
            return BuildResult(False, [self.setup_problem or "The build could not start."], 0.0)
        from pelican.log import LimitFilter
        from pelican.plugins import signals

        # Pelican shows each warning once per process; a warm process builds many times, and in strict mode a
        # warning must stop every build that has it, not only the first.
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        self.capture.messages = []
        self.pelican.settings = copy.deepcopy(self.pristine_settings)
        try:
            signals.initialized.send(self.pelican)
            self.pelican.run()
        except SystemExit as stop:
            return BuildResult(False, [_exit_message(stop, self.capture.messages)] if not getattr(
                stop, "problems", None) else [str(problem) for problem in stop.problems],
                time.perf_counter() - started)
        except RuntimeError as error:
            if STRICT_STOP in str(error) and self.capture.messages:
                messages = list(dict.fromkeys(self.capture.messages))
                logging.getLogger("preview").error("The build stopped because of the warning above (strict mode). "
                                                   "Fix what it names and save again.")
                return BuildResult(False, messages, time.perf_counter() - started)
            return self._failed(error, started)
        except Exception as error:
            return self._failed(error, started)
        return BuildResult(True, [], time.perf_counter() - started, written=_written_count())

    def _failed(self, error: Exception, started: float) -> BuildResult:
        debug = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
        logging.getLogger("preview").error("The build failed: %s: %s", type(error).__name__, error,
                                           exc_info=debug)
        messages = list(dict.fromkeys(self.capture.messages)) + [f"{type(error).__name__}: {error}"]
        return BuildResult(False, messages, time.perf_counter() - started)


_memory: dict[str, dict] = {}


def _keep_content_cache_in_memory() -> None:
    """Pelican's content cache, kept in this process: loaded from CACHE_PATH once, then never re-read or saved.

    Pelican loads its cache files when each build starts and pickles (and gzips) them again at its end: with a
    few hundred pages that is a few tenths of a second of every rebuild. Each entry is still checked against the
    file's MD5, so a changed file is read again.
    """
    from pelican import cache

    if getattr(cache.FileDataCacher, "_preview_memory", False):
        return
    original_init = cache.FileDataCacher.__init__

    def init(self, settings, cache_name, caching_policy, load_policy):
        path = os.path.join(settings["CACHE_PATH"], cache_name)
        original_init(self, settings, cache_name, caching_policy, load_policy and path not in _memory)
        if caching_policy:
            self._cache = _memory.setdefault(path, self._cache)

    cache.FileDataCacher.__init__ = init
    cache.FileDataCacher.save_cache = lambda self: None
    cache.FileDataCacher._preview_memory = True


def _exit_message(stop: SystemExit, captured: list[str]) -> str:
    problems = getattr(stop, "problems", None)
    if problems:
        return "\n".join(str(problem) for problem in problems)
    if captured:
        return "\n".join(captured)
    return f"The build stopped (exit code {stop.code})."


def _written_count() -> int:
    """Files the last build wrote or changed (the incremental plugin counts them); -1 when it is not loaded."""
    files = sys.modules.get("incremental.files")
    return files.produced.written if files else -1


def index_search(output: str, root: str) -> float:
    """Run Pagefind over the built site (as `invoke build` does); returns the seconds it took."""
    started = time.perf_counter()
    sys.path.insert(0, os.path.join(root, "plugins"))
    from incremental.search import index_search as run_pagefind

    result = run_pagefind(output)
    if result.returncode != 0:
        logging.getLogger("preview").warning("Search index not built: %s", (result.stderr or result.stdout).strip())
    return time.perf_counter() - started


def serve_builds(connection, options: BuildOptions) -> None:
    """The build process: build once, then once per request on `connection`, sending back each BuildResult."""
    os.chdir(options.root)
    sys.path.insert(0, str(Path(options.root)))
    builder = WarmBuilder(options)
    while True:
        result = builder.build()
        connection.send(result)
        # The page reloads as soon as the pages are written; the search index follows a moment later.
        if result.ok and options.search and result.written:
            connection.send(index_search(options.output, options.root))
        else:
            connection.send(0.0)
        try:
            request = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if request is None:
            return
