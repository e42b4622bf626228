"""Pelican wiring for the browser editor at /admin/ (Decap CMS).

Reads: the [editor] table of data/site.toml (the git host repository and branch, and the sign-in service),
the field tables of content_checks.fields, figures.load.FIGURE_KEYS, and these settings:
EDITOR_URL (where the editor lives in the built site), EDITOR_FILES (Decap's ready-built files, installed by
`make admin-files` from admin/package-lock.json), EDITOR_LOCAL_BACKEND (decap-server's address; set only by
`invoke admin`, so only that preview saves to the files on this computer) and EDITOR_REQUIRED (publishconf.py:
stop when the editor's files are missing instead of leaving /admin/ out).
Adds: nothing to the context. Writes admin/index.html, admin/config.yml, admin/editor.js and Decap's files;
none of them goes into the sitemap, the feeds or the search index (no content_written signal, no
data-pagefind-body).
"""

from __future__ import annotations

import difflib
import json
import logging
import mimetypes
import os
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from content_checks import fields as tables
from content_checks.plugin import register_check
from content_checks.problems import Problem
from incremental.files import copy_if_changed, write_if_changed
from sources.textfiles import UnreadableFile, read_text_file
from sources.problems import shown_path

from .config import editor_config

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULTS = {
    "EDITOR_URL": "admin/",
    "EDITOR_FILES": str(ROOT / "admin" / "node_modules" / "decap-cms"),
    "EDITOR_LOCAL_BACKEND": "",
    "EDITOR_REQUIRED": False,
    "EDITOR_SITE_FILE": "",
}
EDITOR_KEYS = ("repo", "branch", "auth_url", "auth_endpoint", "api_url")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
GITHUB_API = "https://api.github.com"


def _settings(settings) -> dict:
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


def site_file(settings) -> Path:
    """data/site.toml of the campaign being built (next to its content folder)."""
    chosen = _settings(settings)["EDITOR_SITE_FILE"]
    return Path(chosen) if chosen else Path(settings["PATH"]).resolve().parent / "data" / "site.toml"


def read_editor_table(path: Path) -> tuple[dict, list[Problem]]:
    """The [editor] table of the site file, and its mistakes (file, line, how to fix)."""
    if not path.is_file():
        return {}, []
    shown = shown_path(path)
    try:
        text = read_text_file(path, shown)
        table = tomllib.loads(text).get("editor", {})
    except UnreadableFile as error:
        return {}, [Problem(error.shown, error.line, "", error.what, error.fix)]
    except tomllib.TOMLDecodeError:
        return {}, []  # the site file's own check reports it
    lines = text.splitlines()
    line = next((number for number, row in enumerate(lines, 1) if row.strip() == "[editor]"), None)
    problems = []
    for key in table:
        if key not in EDITOR_KEYS:
            close = difflib.get_close_matches(key, EDITOR_KEYS, n=1, cutoff=0.6)
            key_line = next((number for number, row in enumerate(lines, 1) if row.strip().startswith(key)), line)
            problems.append(Problem(shown, key_line, key, "is not a setting of the [editor] table.",
                                    f'Did you mean "{close[0]}"?' if close else f"Use only: {', '.join(EDITOR_KEYS)}."))
    repo = str(table.get("repo", "")).strip()
    if repo and not _REPO.match(repo):
        repo_line = next((number for number, row in enumerate(lines, 1) if row.strip().startswith("repo")), line)
        match = re.search(r"github\.com[/:]([^/\s]+)/([^/\s]+?)(?:\.git)?/?$", repo)
        example = f"{match[1]}/{match[2]}" if match else "your-organization/your-site"
        problems.append(Problem(shown, repo_line, "repo", f'"{repo}" is not a GitHub repository name.',
                                f'Write the owner and the name only, like: repo = "{example}"'))
    for key in ("auth_url", "api_url"):
        value = str(table.get(key, "")).strip()
        if value and not value.startswith("https://"):
            key_line = next((number for number, row in enumerate(lines, 1) if row.strip().startswith(key)), line)
            problems.append(Problem(shown, key_line, key, f'"{value}" is not an https:// address.',
                                    f'Write the whole address, like: {key} = "https://sign-in.example.org"'))
    return table, problems


def decap_files(folder: Path) -> list[Path]:
    """The files a site serves from Decap's package: the main script, its numbered chunks, the WebAssembly
    files and the licence; never the source maps."""
    dist = folder / "dist"
    if not (dist / "decap-cms.js").is_file():
        return []
    return sorted(path for path in dist.iterdir() if path.is_file() and (
        re.fullmatch(r"(\d+\.)?decap-cms\.js", path.name) or path.suffix == ".wasm"
        or path.name == "decap-cms.js.LICENSE.txt"))


def decap_version(folder: Path) -> str:
    try:
        return json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


_state: dict = {}


def check_editor(settings) -> list[Problem]:
    """Start of build: read [editor]; stop when the public build needs the editor's files and they are missing."""
    options = _settings(settings)
    table, problems = read_editor_table(site_file(settings))
    _state.clear()
    _state["table"] = table
    wanted = bool(str(table.get("repo", "")).strip()) or bool(options["EDITOR_LOCAL_BACKEND"])
    files = decap_files(Path(options["EDITOR_FILES"]))
    if wanted and not files:
        if options["EDITOR_REQUIRED"]:
            problems.append(Problem("admin/package.json", None, "", "the browser editor's files are not installed.",
                                    "Run: make admin-files (it runs npm ci --prefix admin), then build again."))
        else:
            logger.info("Editor: Decap's files are not installed (make admin-files), so /admin/ is left out.")
    elif not wanted:
        logger.info("Editor: no repo in the [editor] table of the site file, so /admin/ is left out.")
    _state["enabled"] = wanted and bool(files)
    return problems


def content_security_policy(api_url: str, local_backend: str) -> str:
    """The editor page's own policy: Decap's scripts from this site only, its API calls to the git host only.

    Decap compiles its configuration checks at run time ('unsafe-eval'), runs WebAssembly ('wasm-unsafe-eval')
    and styles its interface with <style> elements it writes ('unsafe-inline' for styles).
    """
    connect = ["'self'", _origin(api_url)]
    if local_backend:
        connect.append(_origin(local_backend))
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class EditorGenerator(Generator):
    """Writes the editor page, its configuration and Decap's files into EDITOR_URL."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        # One editor per site, in the main edition: a language edition (EDITION_LANG, set by
        # pelican-i18n-subsites) edits the same files, so it gets no second /es/admin/.
        if not _state.get("enabled") or self.settings.get("EDITION_LANG"):
            return
        options = _settings(self.settings)
        table = _state.get("table", {})
        folder = Path(self.output_path) / options["EDITOR_URL"].strip("/")
        package = Path(options["EDITOR_FILES"])
        version = decap_version(package)
        decap_folder = folder / f"decap-{version}"
        decap_folder.mkdir(parents=True, exist_ok=True)
        # Unchanged files keep their bytes and times; files of an older Decap are removed by plugins/incremental.
        for path in decap_files(package):
            copy_if_changed(path, decap_folder / path.name)
        copy_if_changed(HERE / "editor.js", folder / "editor.js")

        repo_root = Path(self.settings.get("EDITOR_REPO_ROOT") or Path.cwd()).resolve()
        content_path = _relative(Path(self.settings["PATH"]).resolve(), repo_root)
        # The campaign's data/figures.toml (next to its content/), or FIGURES_FILE, as plugins/figures reads it.
        figures_file = Path(self.settings.get("FIGURES_FILE")
                            or Path(self.settings["PATH"]).resolve().parent / "data" / "figures.toml")
        figures_path = _relative(figures_file.resolve(), repo_root) if figures_file.is_file() else None
        from figures.load import FIGURE_KEYS

        local = options["EDITOR_LOCAL_BACKEND"]
        api_url = str(table.get("api_url", "")).strip() or GITHUB_API
        config = editor_config(
            content_path, figures_path, FIGURE_KEYS, repo=str(table.get("repo", "")).strip(),
            branch=str(table.get("branch", "")).strip(), site_url=self.settings.get("SITEURL", ""),
            auth_url=str(table.get("auth_url", "")).strip(), auth_endpoint=str(table.get("auth_endpoint", "")).strip(),
            local_backend_url=local)
        if table.get("api_url"):
            config["backend"]["api_root"] = api_url
        # JSON is YAML too, and needs no YAML library in the build.
        write_if_changed(folder / "config.yml", json.dumps(config, indent=2, ensure_ascii=False) + "\n")

        depth = len([part for part in options["EDITOR_URL"].strip("/").split("/") if part])
        to_root = "/".join([".."] * depth) or "."
        asset_url = self.env.globals.get("asset_url")
        stylesheet = f"{to_root}/{asset_url('css/site.css')}" if asset_url else f"{to_root}/theme/css/site.css"
        names = sorted({field.name for field in tables.FIELDS.values()})
        repeated = sorted(field.name for field in tables.FIELDS.values() if field.form == "lines")
        editor_settings = json.dumps({"stylesheet": stylesheet, "fields": names, "repeatedFields": repeated,
                                      "figureKeys": [key.name for key in FIGURE_KEYS]}, ensure_ascii=False)
        template = self.get_template("admin")
        page = template.render(
            **{**self.context, "SITEURL": to_root}, EDITOR_CSP=content_security_policy(api_url, local),
            EDITOR_SETTINGS=editor_settings.replace("</", "<\\/"), DECAP_SCRIPT=f"decap-{version}/decap-cms.js")
        write_if_changed(folder / "index.html", page)
        logger.info("Editor: wrote %s (Decap CMS %s)", folder, version)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return os.path.relpath(path, root).replace(os.sep, "/")


def get_generators(_pelican):
    return EditorGenerator


def register():
    # The preview servers (pelican --listen, make admin) must send config.yml as YAML, or Decap refuses it.
    mimetypes.add_type("text/yaml", ".yml")
    register_check(check_editor)
    signals.get_generators.connect(get_generators)
