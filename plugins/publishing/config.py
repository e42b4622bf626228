"""Read and check the deploy file (data/deploy.toml): which targets exist and how to reach them.

Credentials never live in this file. Values may name environment variables as ${NAME} or
${NAME:-default}, so CI can set a bucket or an address as a secret or variable.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from content_checks.problems import Problem
from sources.textfiles import UnreadableFile, read_text_file

TARGET_TYPES = {
    "github-pages": {"required": (), "optional": ("repository", "branch", "cname", "message")},
    "s3": {"required": ("bucket",),
           "optional": ("prefix", "region", "endpoint_url", "cache_page", "cache_fingerprinted", "cache_other")},
    "directory": {"required": ("path",), "optional": ("keep",)},
}
COMMON = ("type", "description")
TOP_LEVEL = ("default_target", "check", "targets")

# A key that looks like a credential is refused: it belongs in the environment, never in a committed file.
_SECRET = re.compile(r"secret|password|passwd|token|access_key|credential|private_key", re.IGNORECASE)
_VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")

CREDENTIALS_HELP = {
    "s3": "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (a CI secret), not in this file.",
    "github-pages": "Set GITHUB_TOKEN in the environment (a CI secret), not in this file.",
    "directory": "A directory target needs no credentials.",
}


@dataclass
class Target:
    name: str
    type: str
    options: dict[str, object] = field(default_factory=dict)
    # Environment variables a required value names but that are not set: a problem only for the chosen target.
    unset: list[Problem] = field(default_factory=list)

    def get(self, key: str, default=None):
        value = self.options.get(key, default)
        return default if value == "" else value


@dataclass
class DeployConfig:
    path: Path
    default_target: str | None
    check: list[str] | None
    targets: dict[str, Target]


class DeployConfigError(Exception):
    """The deploy file has mistakes; `problems` lists every one."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _line_of(lines: list[str], table: str | None, key: str | None) -> int | None:
    """Line number of `key` inside `[table]` (or of the table header), for messages."""
    start = 0
    if table:
        header = re.compile(r"^\s*\[\s*" + re.escape(table).replace(r"\.", r"\s*\.\s*") + r"\s*\]")
        for number, text in enumerate(lines):
            if header.match(text):
                start = number
                break
        else:
            return None
        if key is None:
            return start + 1
    for number in range(start, len(lines)):
        if number > start and table and lines[number].lstrip().startswith("["):
            break
        if key and re.match(r"^\s*" + re.escape(key) + r"\s*=", lines[number]):
            return number + 1
    return start + 1 if table else None


def expand(value: str, environ) -> tuple[str, list[str]]:
    """Replace ${NAME} and ${NAME:-default}; return the text and the names that were not set."""
    missing = []

    def replace(match):
        name, default = match.group("name"), match.group("default")
        if environ.get(name):
            return environ[name]
        if default is not None:
            return default
        missing.append(name)
        return ""

    return _VARIABLE.sub(replace, value), missing


def load_deploy_config(path: Path, environ=None, shown: str | None = None) -> DeployConfig:
    """Read the deploy file. Raises DeployConfigError listing every problem, each with file and line."""
    environ = os.environ if environ is None else environ
    shown = shown or str(path)
    problems: list[Problem] = []
    try:
        text = read_text_file(path, shown)
    except UnreadableFile as error:
        raise DeployConfigError([Problem(shown, error.line, "", error.what, error.fix)]) from None
    except FileNotFoundError:
        raise DeployConfigError([Problem(shown, None, "", "does not exist.",
                                         "Create it with a [targets.NAME] table for each place to publish to; "
                                         "see docs/developers/publishing.md.")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise DeployConfigError([Problem(shown, int(line.group(1)) if line else None, "",
                                         f"is not valid TOML ({error}).",
                                         'Check quotes and brackets, for example: bucket = "my-site"')]) from None
    lines = text.splitlines()

    for key in data:
        if key not in TOP_LEVEL:
            problems.append(Problem(shown, _line_of(lines, None, key), key, "is not a setting of the deploy file.",
                                    f"Use one of: {', '.join(TOP_LEVEL)}."))

    check = data.get("check")
    if check is not None and not (isinstance(check, list) and check and all(isinstance(x, str) for x in check)):
        problems.append(Problem(shown, _line_of(lines, None, "check"), "check", "must be a list of words.",
                                'Write it like: check = ["invoke", "check", "--output", "{site}"]'))

    targets: dict[str, Target] = {}
    raw_targets = data.get("targets", {})
    if not isinstance(raw_targets, dict) or not raw_targets:
        problems.append(Problem(shown, None, "targets", "no target is configured.",
                                'Add one, for example:\n[targets.site-folder]\ntype = "directory"\npath = "/var/www/site"'))
        raw_targets = {}
    for name, raw in raw_targets.items():
        table = f"targets.{name}"
        if not isinstance(raw, dict):
            problems.append(Problem(shown, _line_of(lines, None, name), table, "must be a table.",
                                    f'Write it like: [targets.{name}] then type = "directory" on the next line.'))
            continue
        kind = raw.get("type")
        if kind not in TARGET_TYPES:
            problems.append(Problem(shown, _line_of(lines, table, "type"), f"{table}.type",
                                    f"{kind!r} is not a kind of target." if kind else "is missing.",
                                    f"Use one of: {', '.join(TARGET_TYPES)}. For example: type = \"s3\""))
            continue
        allowed = set(COMMON) | set(TARGET_TYPES[kind]["required"]) | set(TARGET_TYPES[kind]["optional"])
        options: dict[str, object] = {}
        unset: list[Problem] = []
        for key, value in raw.items():
            line = _line_of(lines, table, key)
            if _SECRET.search(key):
                problems.append(Problem(shown, line, f"{table}.{key}",
                                        "looks like a password or key, and the deploy file is public.",
                                        f"Delete this line. {CREDENTIALS_HELP[kind]}"))
                continue
            if key not in allowed:
                problems.append(Problem(shown, line, f"{table}.{key}", f"is not a setting of a {kind} target.",
                                        f"Use one of: {', '.join(sorted(allowed - {'type'}))}."))
                continue
            if isinstance(value, str):
                value, missing = expand(value, environ)
                if missing and key in TARGET_TYPES[kind]["required"]:
                    names = ", ".join(missing)
                    unset.append(Problem(shown, line, f"{table}.{key}",
                                         f"needs the environment variable {names}, which is not set.",
                                         f"Set it before publishing, for example: export {missing[0]}=..."))
                    continue
            options[key] = value
        for key in TARGET_TYPES[kind]["required"]:
            if key not in raw:
                problems.append(Problem(shown, _line_of(lines, table, None), f"{table}.{key}", "is missing.",
                                        f"Add it to [targets.{name}], for example: {key} = \"...\""))
        if kind == "directory" and "keep" in options:
            keep = options["keep"]
            if not isinstance(keep, int) or isinstance(keep, bool) or keep < 2:
                problems.append(Problem(shown, _line_of(lines, table, "keep"), f"{table}.keep",
                                        "must be a whole number, 2 or more (the live copy and one to go back to).",
                                        "Write it like: keep = 3"))
        targets[name] = Target(name, kind, options, unset)

    default = data.get("default_target")
    if default is not None and default not in raw_targets:
        problems.append(Problem(shown, _line_of(lines, None, "default_target"), "default_target",
                                f"names {default!r}, but there is no [targets.{default}].",
                                f"Use one of: {', '.join(raw_targets) or 'a target you add below'}."))
    if problems:
        raise DeployConfigError(problems)
    return DeployConfig(path, default, check, targets)


def choose_target(config: DeployConfig, name: str | None) -> Target:
    """The target called `name`, or the default. Raises DeployConfigError naming the known targets."""
    name = name or config.default_target
    if not name:
        raise DeployConfigError([Problem(str(config.path), None, "default_target", "is not set and no target was named.",
                                         f"Run: make publish TARGET={next(iter(config.targets))}")])
    if name not in config.targets:
        raise DeployConfigError([Problem(str(config.path), None, "targets", f"there is no target called {name!r}.",
                                         f"Use one of: {', '.join(config.targets)}.")])
    chosen = config.targets[name]
    if chosen.unset:
        raise DeployConfigError(chosen.unset)
    return chosen
