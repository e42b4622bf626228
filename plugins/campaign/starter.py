"""Write a new campaign folder from the starter template (starter/ in the repository). No Pelican.

    write_starter(Path("starter"), Path("/tmp/x"), name="Springfield Tenants United", city="Springfield",
                  timezone="America/Chicago")

The template's `{{name}}`, `{{city}}`, `{{timezone}}`, `{{slug}}` and `{{event_start}}` are filled in; the rest is
copied as it is. Raises StarterError, with what to do, for a folder that is not empty or a value that cannot be used.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TEMPLATE_SUFFIXES = (".md", ".toml")
# How far ahead the starter's example event is: soon enough to show as coming up, far enough to stay so a while.
EVENT_DAYS_AHEAD = 28


class StarterError(ValueError):
    """A value new-campaign cannot use; the message says which and how to fix it."""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "campaign"


def _check(directory: Path, name: str, city: str, timezone: str) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise StarterError(f"{directory} already exists and is not empty. Choose a new folder, "
                           f"like: invoke new-campaign {directory}-site --name ...")
    for option, value, example in (("--name", name, '"Springfield Tenants United"'), ("--city", city, "Springfield"),
                                   ("--timezone", timezone, "America/Chicago")):
        if not value.strip():
            raise StarterError(f"{option} is missing. Give it like: {option} {example}")
        if "\n" in value or "{{" in value:
            raise StarterError(f"{option}: {value!r} must be one line of plain words. Give it like: {option} {example}")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise StarterError(f'--timezone: "{timezone}" is not a time zone. Use a name from the tz database, '
                           "like: --timezone America/Chicago") from None


def _toml_text(value: str) -> str:
    """`value` safe inside a TOML basic string (the template already has the quotes)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def write_starter(template: Path, directory: Path, *, name: str, city: str, timezone: str,
                  today: date | None = None) -> Path:
    """Copy `template` to `directory` with the campaign's values filled in; return the folder."""
    directory = Path(directory)
    _check(directory, name, city, timezone)
    values = {"name": name.strip(), "city": city.strip(), "timezone": timezone.strip(),
              "slug": slugify(name), "event_start": ((today or date.today()) + timedelta(days=EVENT_DAYS_AHEAD)).isoformat()}
    directory.mkdir(parents=True, exist_ok=True)
    for source in sorted(template.rglob("*")):
        relative = source.relative_to(template)
        if source.is_dir() or relative == Path("README.md"):
            continue
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix not in TEMPLATE_SUFFIXES:
            shutil.copy2(source, target)
            continue
        text = source.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", _toml_text(value) if source.suffix == ".toml" else value)
        target.write_text(text, encoding="utf-8")
    (directory / "data" / "snapshots").mkdir(parents=True, exist_ok=True)
    return directory
