"""The editor's file formats (plugins/editor/editor.js), run in Node: every shipped content file and the figures
file come back byte for byte when read and written without a change, a changed value changes only its line, and
what the editor writes is what the build's header reader reads."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from content_checks.header import read_header  # noqa: E402
from figures.load import FIGURE_KEYS  # noqa: E402

NODE = shutil.which("node")
EDITOR_JS = ROOT / "plugins" / "editor" / "editor.js"
# Loads editor.js with a stand-in for the page and for Decap's CMS object, then applies the registered formats.
RUNNER = r"""
const fs = require("fs");
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const formats = {};
global.window = {CMS: {registerCustomFormat: (name, ext, f) => { formats[name] = f; }, registerPreviewStyle: () => {}}};
const elements = {"editor-settings": {textContent: JSON.stringify(request.settings)}, "editor-fallback": {}};
global.document = {getElementById: (id) => elements[id], baseURI: "http://127.0.0.1/admin/"};
require(request.script);
const results = request.jobs.map((job) => {
  const format = formats[job.format];
  const data = format.fromFile(job.text);
  for (const [path, value] of job.changes || []) {
    let target = data;
    path.slice(0, -1).forEach((key) => { target = target[key]; });
    target[path[path.length - 1]] = value;
  }
  return {data, text: format.toFile(data, job.sortedKeys || [])};
});
process.stdout.write(JSON.stringify(results));
"""

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def run_formats(jobs: list[dict]) -> list[dict]:
    settings = {"stylesheet": "../theme/css/site.css", "figureKeys": [key.name for key in FIGURE_KEYS],
                "fields": ["Title", "Date", "Start", "End", "Step_free", "ASL", "Summary", "Location", "Url", "Action"],
                "repeatedFields": ["Action"]}
    request = {"script": str(EDITOR_JS), "settings": settings, "jobs": jobs}
    result = subprocess.run([NODE, "-e", RUNNER], input=json.dumps(request), capture_output=True, text=True,
                            timeout=60, check=True)
    return json.loads(result.stdout)


def test_every_shipped_file_comes_back_unchanged():
    paths = sorted((ROOT / "content").rglob("*.md"))
    jobs = [{"format": "pelican-markdown", "text": path.read_text(encoding="utf-8")} for path in paths]
    figures = ROOT / "data" / "figures.toml"
    jobs.append({"format": "figures-toml", "text": figures.read_text(encoding="utf-8")})
    results = run_formats(jobs)
    for path, job, result in zip([*paths, figures], jobs, results):
        assert result["text"] == job["text"], path.relative_to(ROOT)
    assert len(results[-1]["data"]["figure"]) == figures.read_text(encoding="utf-8").count("[[figure]]")


def test_a_changed_figure_changes_only_its_line_and_keeps_the_comments():
    text = (ROOT / "data" / "figures.toml").read_text(encoding="utf-8")
    [result] = run_formats([{"format": "figures-toml", "text": text,
                             "changes": [[["figure", 0, "note"], 'Checked again "today".']]}])
    before, after = text.splitlines(), result["text"].splitlines()
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert len(before) == len(after) and len(changed) == 1
    assert changed[0][1] == 'note = "Checked again \\"today\\"."'
    import tomllib

    assert tomllib.loads(result["text"])["figure"][0]["note"] == 'Checked again "today".'


def test_what_the_editor_writes_is_what_the_build_reads():
    data_text = "Title: Old\nStart: 2027-05-01 10:00\n\nText.\n"
    [result] = run_formats([{"format": "pelican-markdown", "text": data_text, "changes": [
        [["Title"], "Rally: a title with a colon"], [["Location"], "Main Library\nRoom 2"], [["ASL"], "yes"]],
        "sortedKeys": ["Title", "Start", "End", "Location", "ASL"]}])
    document = read_header(result["text"])
    assert document.value("title") == "Rally: a title with a colon"
    assert document.value("location") == "Main Library Room 2"  # one line per field
    assert document.value("asl") == "yes"
    assert document.body.strip() == "Text."


def test_a_figures_line_the_editor_cannot_keep_is_refused_not_rewritten():
    text = '[[figure]]\nid = "a"\nlabel = """Several\nlines"""\n'
    with pytest.raises(subprocess.CalledProcessError) as error:
        run_formats([{"format": "figures-toml", "text": text}])
    assert "Line 3 of the figures file is written in a way the editor cannot keep" in error.value.stderr


def test_a_key_written_on_several_lines_keeps_every_line():
    text = "Title: Home\nAction: Sign -> pages/a.md\nAction: Read -> pages/b.md\n\nText.\n"
    [result] = run_formats([{"format": "pelican-markdown", "text": text,
                             "changes": [[["Action", 1], "Read more -> pages/b.md"]]}])
    assert result["data"]["Action"] == ["Sign -> pages/a.md", "Read more -> pages/b.md"]
    assert result["text"] == "Title: Home\nAction: Sign -> pages/a.md\nAction: Read more -> pages/b.md\n\nText.\n"
