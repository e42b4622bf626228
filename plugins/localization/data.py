"""Campaign words in another language for data files: `NAME.es.toml` next to `NAME.toml`. Knows nothing of Pelican.

The facts (numbers, dates, addresses, ids) stay in `NAME.toml`; the translation file repeats only the words, each
table found by the same `id` (or `name`) as in the original:

    # data/figures.es.toml
    [[figure]]
    id = "night-gap"
    unit = "horas cada noche sin respuesta"
    label = "El servicio no responde de medianoche a las 6 a.m."

`overlay(original, words)` returns the original with those words put in; a table or key the original does not
have is reported (`problems`), never added, so a translation cannot invent a figure.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from content_checks.problems import Problem

KEYS = ("id", "name")
# Keys that hold facts, never words: a translation file may not change them.
FACT_KEYS = {"id", "name", "page", "number", "as_of", "as_of_precision", "source_url", "url", "date", "period", "metric",
             "start", "end", "status", "deadline", "time_limit_minutes", "email", "phone", "link", "source"}


def translation_path(path: Path, lang: str) -> Path:
    """data/figures.toml -> data/figures.es.toml."""
    return path.with_name(f"{path.stem}.{lang}{path.suffix}")


def read_words(path: Path, lang: str, shown: str | None = None) -> tuple[dict | None, list[Problem]]:
    """The translation file of `path` for `lang`, or None when there is none."""
    words_path = translation_path(path, lang)
    if not words_path.is_file():
        return None, []
    shown_words = str(translation_path(Path(shown), lang)) if shown else str(words_path)
    try:
        return tomllib.loads(words_path.read_text(encoding="utf-8")), []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return None, [Problem(shown_words, getattr(error, "lineno", None), "", f"cannot be read ({error}).",
                              'Check quotes and brackets near that line; text needs quotes, like label = "Respuestas".',
                              unreadable=True)]


def in_language(file, path: Path, shown: str, lang: str | None) -> list[Problem]:
    """Put the words of `path`'s translation file for `lang` into `file.data` (a sources.tomlfile.TomlFile, read
    from `path`); nothing when `lang` is None (the main edition), the file could not be read, or there is no
    translation file. Lines stay the original's, for messages about it."""
    if not lang or file is None:
        return []
    words, problems = read_words(path, lang, shown)
    if words:
        file.data, found = overlay(file.data, words, shown=str(translation_path(Path(shown), lang)))
        problems += found
    return problems


def overlay(original, words, where: str = "", shown: str = "") -> tuple[object, list[Problem]]:
    """`original` with the words of `words` in place. Lists of tables match by id or name; strings are replaced."""
    problems: list[Problem] = []
    if isinstance(original, dict) and isinstance(words, dict):
        merged = dict(original)
        for key, value in words.items():
            here = f"{where}.{key}" if where else key
            if key not in original:
                problems.append(Problem(shown, None, here, "is not in the original file, so it cannot be translated.",
                                        "Translate only the keys the original has; add facts to the original."))
                continue
            # A fact key holds a fact (source = "indy-2025-04"); the same name over tables ([[source]],
            # [[period]]) holds words inside them, checked one by one below.
            if key in FACT_KEYS and key not in KEYS and not isinstance(original[key], (list, dict)):
                if value != original[key]:
                    problems.append(Problem(shown, None, here, f'is "{value}" but the original says "{original[key]}".',
                                            "Leave facts out of the translation file; it holds words only."))
                continue
            merged[key], found = overlay(original[key], value, here, shown)
            problems += found
        return merged, problems
    if isinstance(original, list) and isinstance(words, list):
        if all(isinstance(item, dict) for item in original) and all(isinstance(item, dict) for item in words):
            merged = list(original)
            for item in words:
                key = next((name for name in KEYS if name in item), None)
                if key is None and not any(name in candidate for candidate in original for name in KEYS):
                    # Tables without ids (a menu): the same order as the original.
                    if len(words) != len(original):
                        problems.append(Problem(shown, None, where, f"has {len(words)} entries; the original has "
                                                f"{len(original)}.", "Translate each entry, in the same order."))
                        return original, problems
                    for index, (first, second) in enumerate(zip(original, words)):
                        merged[index], found = overlay(first, second, f"{where}[{index + 1}]", shown)
                        problems += found
                    return merged, problems
                index = next((i for i, candidate in enumerate(original)
                              if key and candidate.get(key) == item.get(key)), None)
                if index is None:
                    problems.append(Problem(shown, None, where, f'has no table with {key or "id"} = '
                                            f'"{item.get(key or "id", "")}" in the original.',
                                            "Give each translated table the id (or name) of a table in the original."))
                    continue
                merged[index], found = overlay(original[index], item, f"{where}[{item.get(key)}]", shown)
                problems += found
            return merged, problems
        if len(words) != len(original):
            problems.append(Problem(shown, None, where, f"has {len(words)} entries; the original has {len(original)}.",
                                    "Translate each entry of the list, in the same order."))
            return original, problems
        return list(words), problems
    if isinstance(original, str) and isinstance(words, str):
        return words, problems
    if words != original:
        problems.append(Problem(shown, None, where, f'is "{words}" but the original says "{original}".',
                                "Leave numbers and dates out of the translation file; it holds words only."))
    return original, problems
