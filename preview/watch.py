"""What the preview watches, and the changes it reports: content, data files and snapshots, theme, plugins, settings.

Uses watchfiles (already installed with Pelican, which uses it for its own autoreload): the operating system's
file notifications through a small Rust library, batched so that an editor's save is one change.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from .build import BuildOptions

# Milliseconds without a new event before a batch of changes is reported (an editor's save is several events).
QUIET_MS = 50


@dataclass(frozen=True)
class Change:
    path: str
    shown: str
    restart: bool   # settings or plugin code: the build process starts again
    seen: float     # time.perf_counter() when the change was noticed


def _settings_paths(options: BuildOptions) -> tuple[list[str], list[str], list[str]]:
    """Theme, plugin folders and every existing file or folder a setting names (data files, snapshots)."""
    try:
        from pelican.settings import read_settings

        settings = read_settings(options.settings, override={"PATH": options.path, "OUTPUT_PATH": options.output})
    except BaseException:  # broken settings: the build reports them; still watch the usual places
        return [], [], []
    theme = [settings["THEME"]] if os.path.isdir(str(settings.get("THEME", ""))) else []
    plugins = [str(path) for path in settings.get("PLUGIN_PATHS", []) if os.path.isdir(path)]
    named = []
    for value in settings.values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str) and os.path.isabs(item) and os.path.exists(item):
                named.append(item if os.path.isdir(item) else os.path.dirname(item))
    return theme, plugins, named


def watched_paths(options: BuildOptions) -> list[str]:
    """The folders and files to watch, none inside another, never the output or cache folder or a parent of them."""
    root = os.path.abspath(options.root)
    output = os.path.abspath(options.output)
    cache = os.path.join(root, "cache")
    theme, plugins, named = _settings_paths(options)
    candidates = [options.path, options.settings, str(Path(options.path).parent / "data"), *theme, *plugins, *named]
    chosen: list[str] = []
    homes = [root, str(Path(options.path).resolve().parent)]
    for candidate in sorted({os.path.abspath(path) for path in candidates if os.path.exists(path)}, key=len):
        if _inside(output, candidate) or _inside(cache, candidate):
            continue  # a folder holding the built site (the project itself): watching it would rebuild forever
        if not any(_inside(candidate, home) for home in homes):
            continue  # system files a setting names (fonts, ...) are not the site's to watch
        if any(_inside(candidate, kept) for kept in chosen):
            continue
        chosen.append(candidate)
    # Settings files import each other (publishconf imports pelicanconf): watch the Python files next to them.
    for settings_file in Path(options.settings).parent.glob("*conf.py"):
        if str(settings_file) not in chosen and not any(_inside(str(settings_file), kept) for kept in chosen):
            chosen.append(str(settings_file))
    return chosen


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)
    except ValueError:
        return False


def watch_changes(paths: list[str], options: BuildOptions, stop):
    """Yield lists of Change until `stop` (a threading.Event) is set."""
    from watchfiles import DefaultFilter, watch

    root = os.path.abspath(options.root)
    ignored = [os.path.abspath(options.output), os.path.join(root, "cache")]
    python_roots = [path for path in paths if path.endswith(".py")]
    plugin_like = [path for path in paths if os.path.isdir(path) and any(Path(path).rglob("*.py"))]

    class SiteFilter(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            if not super().__call__(change, path) or any(_inside(path, folder) for folder in ignored):
                return False
            return not path.endswith((".pyc", ".tmp", "~")) and "/.tmp-" not in path

    for batch in watch(*paths, watch_filter=SiteFilter(), stop_event=stop, step=QUIET_MS, debounce=1600,
                       raise_interrupt=True):
        seen = time.perf_counter()
        changes = []
        for _kind, path in batch:
            restart = path in python_roots or (path.endswith(".py") and any(_inside(path, folder)
                                                                             for folder in plugin_like))
            changes.append(Change(path, os.path.relpath(path, root), restart, seen))
        if changes:
            yield changes
