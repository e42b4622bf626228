"""Docs coverage: every setting and every invoke option is documented in docs/developers/, and the
organizer docs' links point at files that exist.

Settings are the UPPERCASE names assigned in pelicanconf.py and publishconf.py, plus the keys of every
`DEFAULTS` dict in plugins/ and checks/ (the plugins' own settings with their defaults). Options are read
from tasks.py through invoke itself, so a new task or option is seen as soon as it exists.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DOC = Path("docs/developers/settings.md")
TASKS_DOC = Path("docs/developers/invoke-tasks.md")
SETTINGS_FILES = ("pelicanconf.py", "publishconf.py")
DEFAULTS_FOLDERS = ("plugins", "checks")
UPPERCASE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def engine_settings(root: Path) -> dict[str, str]:
    """Every setting name -> where it is first defined (`file:line`)."""
    found: dict[str, str] = {}
    for name in SETTINGS_FILES:
        path = root / name
        for node in _module_level(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            for target in targets:
                if isinstance(target, ast.Name) and UPPERCASE.match(target.id):
                    found.setdefault(target.id, f"{name}:{node.lineno}")
    for folder in DEFAULTS_FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict)):
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if not any(isinstance(t, ast.Name) and t.id.endswith("DEFAULTS") for t in targets):
                    continue
                for key in node.value.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str) and UPPERCASE.match(key.value):
                        found.setdefault(key.value, f"{path.relative_to(root)}:{key.lineno}")
    return found


def _module_level(tree: ast.Module):
    """Statements run when the module is imported: the body, and inside `with`, `if` and `try` there."""
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        yield node
        if isinstance(node, (ast.With, ast.If, ast.Try)):
            pending[:0] = [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", []),
                           *[s for handler in getattr(node, "handlers", []) for s in handler.body]]


def documented_settings(doc: str) -> set[str]:
    """Names in the first column of the settings tables (`| `NAME` | ...` or `| `NAME`, `OTHER` | ...`)."""
    names = set()
    # The environment variables' table at the end is not a list of settings.
    for line in doc.split("\n## Environment variables")[0].splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def undocumented_settings(root: Path) -> list[str]:
    """One message per setting missing from the docs, and per documented setting that no longer exists."""
    doc = (root / SETTINGS_DOC).read_text(encoding="utf-8")
    settings = engine_settings(root)
    documented = documented_settings(doc)
    problems = [f"{where}: {name}: is not documented. Add a row to {SETTINGS_DOC}, like: "
                f"| `{name}` | what it does and who sets it | default |"
                for name, where in sorted(settings.items()) if name not in documented]
    problems += [f"{SETTINGS_DOC}: {name}: is documented but no settings file or plugin defines it any more. "
                 f"Remove its row." for name in sorted(documented - set(settings))]
    return problems


def task_options(tasks_file: Path) -> dict[str, list[tuple[str, str]]]:
    """Each invoke task -> its options as (flag, help), read through invoke as `invoke --help` does."""
    from invoke import Collection

    spec = importlib.util.spec_from_file_location(f"tasks_under_test_{abs(hash(str(tasks_file)))}", tasks_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    collection = Collection.from_module(module)
    options = {}
    for name in sorted(collection.task_names):
        task = collection[name]
        options[name] = [("--" + argument.name.replace("_", "-"), argument.help or "")
                         for argument in task.get_arguments()]
    return options


def task_sections(doc: str) -> dict[str, str]:
    """The text of each `## invoke NAME` section of the tasks doc."""
    sections = {}
    parts = re.split(r"^## `invoke ([a-z0-9-]+)", doc, flags=re.MULTILINE)
    for name, body in zip(parts[1::2], parts[2::2]):
        sections[name] = body
    return sections


def undocumented_options(root: Path) -> list[str]:
    """One message per task or option missing from the docs, or without help text in tasks.py."""
    sections = task_sections((root / TASKS_DOC).read_text(encoding="utf-8"))
    problems = []
    for name, options in task_options(root / "tasks.py").items():
        if name not in sections:
            problems.append(f"tasks.py: {name}: the task is not documented. Add a section to {TASKS_DOC}: "
                            f"## `invoke {name}`, with a row for each option.")
            continue
        for flag, help_text in options:
            if not help_text.strip():
                problems.append(f"tasks.py: {name} {flag}: has no help text. Add it to the task's "
                                f"help={{...}}, so `invoke --help {name}` explains it.")
            if f"`{flag}" not in sections[name]:
                problems.append(f"{TASKS_DOC}: {name} {flag}: is not documented. Add a row to the "
                                f"`invoke {name}` section, like: | `{flag}` | {help_text or 'what it does'} |")
    return problems


def test_every_setting_is_documented():
    problems = undocumented_settings(ROOT)
    assert not problems, "\n".join(problems)


def test_every_invoke_task_and_option_is_documented():
    problems = undocumented_options(ROOT)
    assert not problems, "\n".join(problems)


def _engine_copy(tmp_path: Path) -> Path:
    """The files the checks read, copied so a test may plant a violation in them."""
    for name in (*SETTINGS_FILES, "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in DEFAULTS_FOLDERS:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "docs").mkdir()
    shutil.copytree(ROOT / "docs" / "developers", tmp_path / "docs" / "developers")
    return tmp_path


def test_a_planted_undocumented_setting_fails(tmp_path):
    root = _engine_copy(tmp_path)
    assert undocumented_settings(root) == []
    with (root / "pelicanconf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nPLANTED_SECRET_KNOB = 3\n")
    lines = len((root / "pelicanconf.py").read_text(encoding="utf-8").splitlines())
    defaults = next(path for path in sorted((root / "plugins").rglob("*.py"))
                    if "\nDEFAULTS = {" in path.read_text(encoding="utf-8"))
    planted = defaults.read_text(encoding="utf-8").replace('\nDEFAULTS = {', '\nDEFAULTS = {\n    "NEWS_PLANTED_DEFAULT": 1,', 1)
    defaults.write_text(planted, encoding="utf-8")
    planted_line = planted[:planted.index("NEWS_PLANTED_DEFAULT")].count("\n") + 1
    # A row for a setting that does not exist is stale documentation, and fails too.
    doc = root / SETTINGS_DOC
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "\n## Environment variables", "| `GONE_SETTING` | removed long ago | |\n\n## Environment variables"),
        encoding="utf-8")

    assert undocumented_settings(root) == [
        f"{defaults.relative_to(root)}:{planted_line}: NEWS_PLANTED_DEFAULT: is not documented. Add a row to {SETTINGS_DOC}, like: "
        "| `NEWS_PLANTED_DEFAULT` | what it does and who sets it | default |",
        f"pelicanconf.py:{lines}: PLANTED_SECRET_KNOB: is not documented. Add a row to {SETTINGS_DOC}, like: "
        "| `PLANTED_SECRET_KNOB` | what it does and who sets it | default |",
        f"{SETTINGS_DOC}: GONE_SETTING: is documented but no settings file or plugin defines it any more. "
        "Remove its row.",
    ]


def test_a_planted_undocumented_option_fails(tmp_path):
    root = _engine_copy(tmp_path)
    assert undocumented_options(root) == []
    tasks = root / "tasks.py"
    tasks.write_text(tasks.read_text(encoding="utf-8") + '''

@task(help={"level": "How loud."})
def planted(c, level=1):
    """A task nobody documented."""


@task(help={"settings": "Settings file."})
def clean_more(c, settings="pelicanconf.py", quietly=False):
    """A task with one undocumented option without help."""
''', encoding="utf-8")
    doc = root / TASKS_DOC
    doc.write_text(doc.read_text(encoding="utf-8") + "\n## `invoke clean-more`\n\n| `--settings` | Settings file. |\n",
                   encoding="utf-8")

    assert undocumented_options(root) == [
        "tasks.py: clean-more --quietly: has no help text. Add it to the task's help={...}, "
        "so `invoke --help clean-more` explains it.",
        f"{TASKS_DOC}: clean-more --quietly: is not documented. Add a row to the `invoke clean-more` section, "
        "like: | `--quietly` | what it does |",
        f"tasks.py: planted: the task is not documented. Add a section to {TASKS_DOC}: ## `invoke planted`, "
        "with a row for each option.",
    ]


def broken_doc_links(root: Path) -> list[str]:
    """Relative links in README.md and docs/ that point at no file, as `file:line: link: ...`."""
    problems = []
    for doc in [root / "README.md", *sorted((root / "docs").rglob("*.md"))]:
        in_code = False
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("```"):
                in_code = not in_code
            if in_code:
                continue
            for target in re.findall(r"\]\(([^)\s]+)\)", line):
                path = target.split("#")[0]
                if not path or re.match(r"^[a-z]+:", path):
                    continue
                if not (doc.parent / path).exists():
                    problems.append(f"{doc.relative_to(root)}:{number}: link: {target} points at no file.")
    return problems


def test_doc_links_point_at_files():
    problems = broken_doc_links(ROOT)
    assert not problems, "\n".join(problems)
