"""plugins/sources is the base layer: plain Python that imports nothing of Pelican and nothing of another plugin
(other plugins may import from it). Read from the source code with ast, so an import inside a function counts too."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from conftest import ROOT

BASE = "sources"


def imported_modules(path: Path, plugins: Path, package: str) -> list[tuple[int, str]]:
    """(line, top-level module) for every import in the file; relative imports resolved inside `package`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, (node.module or "").split(".")[0]))
            else:
                depth = len(path.relative_to(plugins).parts) - 1  # folders below plugins/
                # `from .x` stays in this folder; each extra dot climbs one folder; above plugins/<base> is another plugin.
                found.append((node.lineno, package if node.level <= depth else "<outside the package>"))
    return found


def import_direction_problems(plugins: Path) -> list[str]:
    """One `file:line: imports X` for every import in plugins/sources of Pelican or of another plugin."""
    others = {folder.name for folder in plugins.iterdir() if folder.is_dir() and folder.name != BASE
              and not folder.name.startswith((".", "_"))}
    problems = []
    for path in sorted((plugins / BASE).rglob("*.py")):
        for line, module in imported_modules(path, plugins, BASE):
            if module == "pelican" or module in others or module == "<outside the package>":
                problems.append(f"{path.relative_to(plugins.parent)}:{line}: imports {module}")
    return problems


def test_sources_imports_neither_pelican_nor_another_plugin():
    problems = import_direction_problems(ROOT / "plugins")
    assert not problems, "plugins/sources must stay plain Python:\n" + "\n".join(problems)


def test_a_planted_import_is_caught(tmp_path):
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__"))
    config = plugins / "sources" / "config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\n\ndef _late():\n    from content_checks.problems import add\n"
                      "    import pelican.signals\n    from ..campaign import of\n", encoding="utf-8")
    lines = len(config.read_text(encoding="utf-8").splitlines())
    problems = import_direction_problems(plugins)
    assert problems == [f"plugins/sources/config.py:{lines - 2}: imports content_checks",
                        f"plugins/sources/config.py:{lines - 1}: imports pelican",
                        f"plugins/sources/config.py:{lines}: imports <outside the package>"]


def test_reading_the_campaigns_data_imports_no_http_library():
    """Every build reads data/sources.toml (the news pages list each source's items); only `invoke refresh` uses
    the network. Importing requests, CacheControl and filelock for that cost every build about a tenth of a second."""
    import subprocess
    import sys

    code = ("import sys; sys.path.insert(0, 'plugins'); import sources.config, sources.snapshots, news.stored; "
            "from pathlib import Path; sources.config.load_config(Path('data/sources.toml')); "
            "print(sorted(name for name in ('requests', 'cachecontrol', 'filelock', 'urllib3') if name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
