"""Pelican wiring: rebuilds keep the built site and rewrite only the files whose bytes changed.

Reads: OUTPUT_PATH, PATH, OUTPUT_RETENTION, CACHE_PATH. Adds: compiled templates shared by every generator and
kept in CACHE_PATH/jinja (templates.py); a writer (the `get_writer` signal)
that compares each page and feed with the file already there and leaves an identical file alone (bytes and
modification time stay), the same for theme and static files Pelican copies; and, after the build, removes the
files no step of this build produced (pages of deleted content), so keeping `output/` between builds never
publishes a page that no longer exists. Keep `incremental` last in PLUGINS: its clean-up runs after the other
plugins' `finalized` steps. Other plugins write their own files with `files.write_if_changed`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import time

from pelican import signals, utils
from pelican.writers import FileOverwriteFailedError, Writer

from .files import copy_if_changed, produced, remove_stale, restore_times, write_if_changed
from .fingerprint import Fingerprinter, is_content, narrowed
from .memo import render_memo, tree_digest
from .templates import bytecode_cache, read_uses

logger = logging.getLogger(__name__)

# Made after the build by the search step (`invoke build`, the preview): not this build's to remove.
SEARCH_INDEX_FOLDER = "pagefind"


class _PendingText(io.StringIO):
    """Collects what Pelican writes, then writes the file only if its bytes differ from the file there."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def close(self) -> None:
        if not self.closed:
            write_if_changed(self.path, self.getvalue())
        super().close()


class _RememberedTemplate:
    """Stands in for a Jinja template: renders only when the page's key differs from the last build's."""

    def __init__(self, template, writer: "ChangedOnlyWriter", key: bytes, list_keys: list[str]):
        self.template = template
        self.writer = writer
        self.key = key
        self.list_keys = list_keys

    def render(self, localcontext) -> str:
        name = localcontext["output_file"]
        parts = [self.key, name.encode("utf-8", "surrogatepass")]
        # The text of every item this page lists (for a paginated list, the items on this page only).
        for list_key in self.list_keys:
            page = localcontext.get(f"{list_key}_page")
            items = page.object_list if page is not None else localcontext.get(list_key) or []
            parts += [self.writer.fingerprints.body_digest(item) for item in items if is_content(item)]
        key = hashlib.blake2b(b"|".join(parts), digest_size=16).digest()
        path = os.path.join(self.writer.output_path, name)
        text = self.writer.memo.reuse(path, key)
        if text is None:
            text = self.template.render(localcontext)
            self.writer.rendered += 1
        else:
            self.writer.reused += 1
        self.writer.memo.pending[os.path.abspath(path)] = key
        return text

    def __getattr__(self, name):
        return getattr(self.template, name)


class ChangedOnlyWriter(Writer):
    """Pelican's writer, except that a page or feed identical to the file already built is not rewritten.

    With CACHE_CONTENT on, a page whose inputs have the same fingerprint as in the last build (fingerprint.py)
    is not even rendered: the file already built is kept.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.memo = render_memo(self.settings) if self.settings.get("CACHE_CONTENT") else None
        if self.memo is not None:
            self.memo.pending = {}
        self.fingerprints = Fingerprinter()
        self._site: dict[tuple, bytes] = {}
        self._code = None
        self.rendered = 0
        self.reused = 0

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if self.memo is not None and name:
            key, list_keys = self._page_key(template, context, relative_urls, paginated, template_name, kwargs)
            template = _RememberedTemplate(template, self, key, list_keys)
        return super().write_file(name, template, context, relative_urls=relative_urls, paginated=paginated,
                                  template_name=template_name, override_output=override_output, url=url, **kwargs)

    def _page_key(self, template, context, relative_urls, paginated, template_name, kwargs) -> tuple[bytes, list[str]]:
        """The page's key without the text of the items it lists, and the names of those lists.

        Records that plugins pass for one page (an event, a meeting) are hashed whole, text included.
        """
        # Only the context values the page's templates can read, and of an object only the attributes they read
        # (CAMPAIGN.menu, not the figures the campaign also holds): a data file shown on the home page does not
        # make every update page render again. None when that cannot be known: then all of them.
        uses = read_uses(template)
        site_key = (id(context), None if uses is None else tuple(sorted(uses.items(), key=lambda item: item[0])))
        site = self._site.get(site_key)
        if site is None:
            values = context if uses is None else {name: narrowed(context[name], uses[name])
                                                   for name in sorted(uses) if name in context}
            site = self._site[site_key] = self.fingerprints.digest(values) + self._code_digest()
        fingerprints = self.fingerprints
        parts = [site, str(getattr(template, "name", template)).encode(), repr(bool(relative_urls)).encode(),
                 fingerprints.digest(kwargs), fingerprints.digest(paginated)]
        singles = [value for value in kwargs.values() if is_content(value)]
        # As Pelican's writer decides: lists split into pages, each page showing only its own items.
        split = paginated if paginated is not None else {key: kwargs[key] for key in ("articles", "dates")
                                                         if key in kwargs}
        if not (split and template_name in self.settings.get("PAGINATED_TEMPLATES", {})):
            split = {}
        # A page split from a list shows its own items; other lists it is given (all_articles on a tag page) are
        # there for navigation, and their items count by their fields (in the site's fingerprint). A page that
        # is not split (the home page) might show the text of any item in the lists it is given.
        list_keys = list(split) or [key for key, value in kwargs.items()
                                    if isinstance(value, list | tuple) and any(is_content(item) for item in value)]
        parts += [fingerprints.body_digest(value) for value in singles]
        return hashlib.blake2b(b"|".join(parts), digest_size=16).digest(), list_keys

    def _code_digest(self) -> bytes:
        """The theme (templates, styles, translations), the plugins' code, and the time the build stands for."""
        if self._code is None:
            folders = [self.settings.get("THEME", ""), *self.settings.get("PLUGIN_PATHS", [])]
            clock = os.environ.get("SOURCE_DATE_EPOCH", "") + time.strftime("%Y-%m-%dT%H", time.gmtime())
            self._code = tree_digest(folders) + clock.encode()
        return self._code

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own bookkeeping (one write per file unless overridden), without opening the file: opening
        # it for writing would empty it before we can compare.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                "(set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _PendingText(filename)


def share_compiled_templates(generator) -> None:
    """Every generator's Jinja environment reuses templates compiled by another one (or by an earlier build)."""
    environment = getattr(generator, "env", None)
    if environment is not None and environment.bytecode_cache is None:
        environment.bytecode_cache = bytecode_cache(os.path.join(generator.settings["CACHE_PATH"], "jinja"))


_writers: list = []


class _TrackedWriter(ChangedOnlyWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _writers.append(self)


def get_writer(_pelican):
    produced.reset()
    return _TrackedWriter


def _copy_file(source: str, destination: str) -> None:
    """Replaces pelican.utils.copy_file (theme and static files): leave an identical copy untouched."""
    try:
        copy_if_changed(source, destination)
    except OSError as error:
        logger.warning("A problem occurred copying file %s to %s; %s", source, destination, error)


def remove_stale_files(pelican) -> None:
    settings = pelican.settings
    memo = render_memo(settings) if settings.get("CACHE_CONTENT") else None
    if memo is not None:
        memo.commit()
    output = os.path.realpath(settings["OUTPUT_PATH"])
    content = os.path.realpath(settings["PATH"])
    if os.path.commonpath([output, content]) == output:
        return  # the content lives inside the output folder: never delete there (Pelican's own rule)
    keep = {*settings.get("OUTPUT_RETENTION", []), SEARCH_INDEX_FOLDER}
    untracked: list[str] = []
    removed = remove_stale(output, keep, untracked)
    if untracked:
        name = hashlib.blake2b(output.encode(), digest_size=8).hexdigest()
        restore_times(untracked, os.path.join(settings["CACHE_PATH"], f"{name}-incremental-times.pickle"))
    for path in removed:
        logger.info("Removed %s (no longer part of the site)", path)
    logger.debug("incremental: %d files written, %d unchanged, %d removed", produced.written, produced.unchanged,
                 len(removed))
    writer = _writers[-1] if _writers else None
    if writer is not None:
        logger.debug("incremental: %d pages rendered, %d kept from the last build", writer.rendered, writer.reused)
    _writers.clear()


def register():
    utils.copy_file = _copy_file
    signals.generator_init.connect(share_compiled_templates)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(remove_stale_files)
