"""The scheduled-rebuild workflow is valid for GitHub Actions and runs the same pipeline as `make publish`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_workflow_matches_the_github_workflow_schema():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("break_it", [
    lambda wf: wf["jobs"]["publish"].pop("runs-on"),
    lambda wf: wf["on"]["schedule"][0].update({"cron": 6}),
    lambda wf: wf["jobs"]["publish"]["steps"][0].update({"uses": "actions/checkout@v4", "run": "echo both"}),
])
def test_the_schema_check_catches_a_broken_workflow(tmp_path, break_it):
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)  # PyYAML reads the key `on` as the boolean True
    break_it(workflow)
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
    assert validate(broken).returncode != 0


def test_workflow_runs_on_push_to_main_and_on_a_schedule_then_refreshes_and_publishes():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"]
    runs = [step.get("run", "") for step in workflow["jobs"]["publish"]["steps"]]
    refresh = next(i for i, run in enumerate(runs) if "make refresh" in run)
    publish = next(i for i, run in enumerate(runs) if "make publish" in run)
    assert refresh < publish
    # Secrets reach only the step that publishes, through the environment.
    for step in workflow["jobs"]["publish"]["steps"]:
        if "make publish" not in step.get("run", ""):
            assert "secrets." not in yaml.safe_dump(step)
