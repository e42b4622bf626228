"""Pelican wiring: check every content file when the build starts, and stop with all problems at once."""

from __future__ import annotations

import logging
from functools import lru_cache, partial
from pathlib import Path

from pelican import signals
from pelican.utils import slugify

from . import problems
from .checks import check_content_folder

logger = logging.getLogger(__name__)

# Other plugins add checks of their data files here, so organizers see every problem in one run.
_extra_checks = []


def register_check(check) -> None:
    """Add `check(settings) -> list[Problem]`, run when the build starts (once per build and edition).

    Plugins register again each time a Pelican instance is made (pelican-i18n-subsites makes one per language
    edition, every build): a check already known is not added twice, or it would run once more per edition and,
    in the preview's long-lived process, once more per rebuild."""
    if check not in _extra_checks:
        _extra_checks.append(check)


def default_slugger(settings):
    """`slug(title)`: the address Pelican gives a page from its title with these settings (remembered per title:
    every build and edition asks again for the same titles)."""
    return partial(_default_slug, regex_subs=tuple(map(tuple, settings["SLUG_REGEX_SUBSTITUTIONS"])),
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


@lru_cache(maxsize=20000)
def _default_slug(title: str, regex_subs: tuple, preserve_case: bool, use_unicode: bool) -> str:
    return slugify(title, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode)


def check_content(pelican) -> None:
    settings = pelican.settings
    content_root = Path(settings["PATH"])
    for problem in check_content_folder(content_root, default_slugger(settings)):
        problems.add(problem)
    for check in _extra_checks:
        for problem in check(settings):
            problems.add(problem)
    problems.stop_if_any()


def stop_on_late_problems(*_args) -> None:
    # Data plugins report during the context phase; stop before anything is written.
    problems.stop_if_any()


class _NoTracebackForWarnings(logging.Filter):
    """In the strict build Pelican stops on a warning with a long traceback; organizers need one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.CRITICAL and "Warning or error encountered" in record.getMessage():
            if logging.getLogger("pelican").getEffectiveLevel() > logging.DEBUG:
                record.exc_info = None
                record.exc_text = None
                record.msg = ("The build stopped because of the warning above (strict mode). "
                              "Fix what it names, then run `make html` again.")
                record.args = ()
        return True


_FILTER = _NoTracebackForWarnings()


def register():
    logging.getLogger("pelican").addFilter(_FILTER)  # the same filter object: added once however often we register
    signals.initialized.connect(check_content)
    signals.all_generators_finalized.connect(stop_on_late_problems)
