"""The theme's translation catalogs: compiled when the site is built, and checked for strings left untranslated.

Theme strings are the `_()` texts in theme/templates/ and the menu labels marked `_()` in pelicanconf.py; each
language has theme/translations/LANG/LC_MESSAGES/messages.po, kept up to date with `invoke messages --lang LANG`.
The build compiles every .po into cache/ (no compiled file is committed) and lists every theme string that has no
translation, with the template and line that uses it. Knows nothing of Pelican.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import __version__ as babel_version
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sources.atomicfile import write_atomic
from sources.filememo import per_file
from sources.problems import shown_path

DOMAIN = "messages"
# Python calls that mark a message: `_()` and `gettext()`, and localization.text's `text.n_(singular, plural, n)`.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "n_": (1, 2)}


@dataclass
class Coverage:
    lang: str
    total: int = 0
    translated: int = 0
    missing: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)  # (string, [(file, line)])

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def po_path(theme: Path, lang: str) -> Path:
    return theme / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


# A Python file that has none of these calls has no string for the catalog: Babel's tokenizer (most of the time
# this step took) is not run on it. Same names as KEYWORDS; `\s*` also allows a call split over lines.
_MARKED = re.compile(r"(?<![A-Za-z0-9_])(?:%s)\s*\(" % "|".join(re.escape(name) for name in KEYWORDS))
# Files' (path, size, mtime) -> what they hold: the preview builds again and again in one process.
_extracted: dict[tuple, dict[str, list[tuple[str, int]]]] = {}


def theme_strings(root: Path, theme: Path, settings_files: list[Path],
                  cache_dir: Path | None = None) -> dict[str, list[tuple[str, int]]]:
    """Every translatable string of the theme, the settings and the plugins' Python text, with where it is used
    (path from `root`, line). `settings_files` are Python files or folders of them. With `cache_dir`, what was
    found is kept there under a digest of every file read, so a new build process does not extract it again."""
    templates = theme / "templates"
    files = []
    for path in settings_files:
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
    template_files = sorted(templates.rglob("*"))
    key = (str(root), str(templates), _signature(template_files), _signature(files))
    if key in _extracted:
        return {text: list(where) for text, where in _extracted[key].items()}
    stored = cache_dir / f"theme-strings-{_digest(root, [*template_files, *files])}.json" if cache_dir else None
    try:
        found = {text: [(shown, line) for shown, line in where]
                 for text, where in json.loads(stored.read_text(encoding="utf-8")).items()}
    except (AttributeError, OSError, ValueError, TypeError):
        found = _extract(root, templates, files)
        if stored is not None:
            try:
                write_atomic(stored, json.dumps(found, ensure_ascii=False))
            except OSError:
                pass  # the next build extracts them again
    _extracted.clear()
    _extracted[key] = {text: list(where) for text, where in found.items()}
    return found


def _digest(root: Path, paths: list[Path]) -> str:
    """Of the files' names and bytes, Babel's version and this module's code: what the strings are found from."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (str(root), babel_version, Path(__file__).read_bytes()):
        digest.update(part if isinstance(part, bytes) else part.encode())
    for path in paths:
        if path.is_file():
            digest.update(str(path).encode("utf-8", "surrogatepass") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _extract(root: Path, templates: Path, files: list[Path]) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(templates), method_map=[("**.html", "jinja2"), ("**.txt", "jinja2")],
            options_map={"**.html": options, "**.txt": options}):
        _add(found, message, shown_path(templates / filename, root), lineno)
    from babel.messages.extract import extract_from_file

    for path in files:
        try:
            if not _MARKED.search(path.read_text(encoding="utf-8", errors="replace")):
                continue
        except OSError:
            pass  # Babel says what is wrong with it
        for lineno, message, _comments, _context in extract_from_file("python", str(path), keywords=KEYWORDS):
            _add(found, message, shown_path(path, root), lineno)
    return found


def _signature(paths) -> tuple:
    signature = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        signature.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(signature)


def _add(found, message, shown: str, line: int) -> None:
    # Plural forms come as a tuple (singular, plural); the singular names the string.
    key = message[0] if isinstance(message, tuple) else message
    if key:
        found.setdefault(key, []).append((shown, line))


def read_catalog(path: Path, lang: str) -> Catalog | None:
    """The .po file's catalog, None when there is none; read again only when the file changes (sources.filememo).
    Callers must not change the catalog."""
    def read() -> Catalog:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang)

    try:
        return per_file(path, "catalog", read, lang)
    except OSError:
        return None


def coverage(strings: dict[str, list[tuple[str, int]]], catalog: Catalog | None, lang: str) -> Coverage:
    """How many theme strings the catalog translates; a fuzzy or empty entry counts as untranslated."""
    result = Coverage(lang, total=len(strings))
    for text, where in sorted(strings.items(), key=lambda item: item[1][0]):
        message = catalog.get(text) if catalog is not None else None
        translation = message.string if message is not None else None
        if isinstance(translation, (list, tuple)):
            done = all(translation)
        else:
            done = bool(translation)
        if done and message is not None and not message.fuzzy:
            result.translated += 1
        else:
            result.missing.append((text, where))
    return result


def compile_catalog(catalog: Catalog, target_dir: Path, lang: str) -> Path:
    """Write the compiled catalog (.mo) where gettext looks for it: target_dir/LANG/LC_MESSAGES/messages.mo."""
    target = target_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    compiled = buffer.getvalue()
    try:
        if target.read_bytes() == compiled:
            return target
    except OSError:
        pass
    # Renamed into place: another build sharing this cache folder may be reading it through gettext.
    write_atomic(target, compiled)
    return target
