"""Source type `figures`: the hand-kept figures file (data/figures.toml), for programs that publish no data API.

Nothing is fetched or snapshotted: the file itself is the committed data. `refresh` reads it so that a broken
file shows up in the same report as the fetched sources; the build checks it fully (plugins/figures).
"""

from __future__ import annotations

import tomllib

from ..registry import FetchResult, Option, SourceError, register_source_type
from ..textfiles import UnreadableFile, read_text_file

NEEDED = ("id", "value", "unit", "as_of", "source_name")


def fetch_figures(source, client) -> FetchResult:
    path = (source.base_dir / source.options["path"]).resolve()
    try:
        data = tomllib.loads(read_text_file(path))
    except UnreadableFile as error:
        raise SourceError(str(error)) from None
    except OSError as error:
        raise SourceError(f"cannot read {path} ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{path} cannot be read: {error}; `make html` shows the line to fix") from None
    figures = data.get("figure", [])
    for number, figure in enumerate(figures, 1):
        missing = [key for key in NEEDED if not str(figure.get(key, "")).strip()]
        if missing:
            raise SourceError(f"{path}: figure {figure.get('id', number)} has no {', '.join(missing)}; "
                              "every figure needs its value, unit, as_of date and source")
    if not figures:
        raise SourceError(f"{path} has no [[figure]] tables")
    return FetchResult(records=figures, source_url=path.as_uri(), snapshot=False)


register_source_type(
    "figures", fetch_figures,
    description="The hand-kept figures file: each figure with value, unit, as_of and source.",
    options={"path": Option(str, required=True, help="The figures file, relative to sources.toml.",
                            example='"figures.toml"')},
    needs_url=False,
)
