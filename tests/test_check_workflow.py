"""The pull-request check: a valid workflow, and the build's own GitHub output reproduced locally.

A broken update gives an `::error file=...,line=...` annotation on its line and a job summary in plain
words; a good site gives neither.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_content, run_build

WORKFLOW = ROOT / ".github" / "workflows" / "check.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
BROKEN_UPDATE = "Title: Rally at City Hall\nDat: 2023-05-01\n\nBody.\n"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


def load_workflow(path: Path = WORKFLOW) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)  # PyYAML reads the key `on` as the boolean True
    return workflow


def test_check_workflow_matches_the_github_workflow_schema():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_check_workflow(tmp_path):
    workflow = load_workflow()
    workflow["jobs"]["check"]["steps"][-1]["with"] = "output/"  # `with` must be a mapping
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
    assert validate(broken).returncode != 0


def test_check_workflow_runs_on_proposed_changes_builds_checks_and_attaches_the_site():
    workflow = load_workflow()
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches-ignore"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}  # a check never writes to the repository
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    build = next(i for i, run in enumerate(runs) if "make html" in run)
    check = next(i for i, run in enumerate(runs) if "invoke check --fast" in run or "make check FAST=1" in run)
    upload = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-artifact"))
    assert build < check < upload
    assert "GITHUB_STEP_SUMMARY" in "".join(runs)
    assert steps[upload]["with"]["path"] == "output/"
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")


def test_a_broken_update_is_annotated_on_its_line_with_a_job_summary(tmp_path):
    content = copy_content(tmp_path)
    (content / "updates" / "2025-07-01-rally.md").write_text(BROKEN_UPDATE, encoding="utf-8")
    summary = tmp_path / "step-summary.md"
    build = run_build(tmp_path / "output", content,
                      env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert build.returncode != 0
    annotations = [line for line in build.stdout.splitlines() if line.startswith("::error ")]
    assert annotations == [
        "::error file=content/updates/2025-07-01-rally.md,line=1,title=Date%3A needs a fix::Date: is missing. "
        "Every update needs the day it was published. Write it like 2023-05-01, or 2023-05-01 18:30 with a time.",
        "::error file=content/updates/2025-07-01-rally.md,line=2,title=Dat%3A needs a fix::Dat: is not a field "
        'the site knows for an update. Did you mean "Date"? Write it like: Date: 2023-10-23 or 2023-10-23 09:30',
    ]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## The site was not built\n")
    assert "The build found 2 problems in 1 file." in text
    assert "- `content/updates/2025-07-01-rally.md`, line 2: **Dat**: is not a field" in text
    # The organizer's usual message is still printed, for anyone reading the raw log.
    assert "content/updates/2025-07-01-rally.md:2: Dat: is not a field" in build.stderr


def test_a_broken_data_file_is_annotated_too(tmp_path):
    content = copy_content(tmp_path)
    figures = tmp_path / "figures.toml"
    text = (ROOT / "data" / "figures.toml").read_text(encoding="utf-8")
    figures.write_text(text.replace("\nas_of = ", "\nas_off = ", 1), encoding="utf-8")
    build = run_build(tmp_path / "output", content, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""},
                      extra={"FIGURES_FILE": str(figures)})
    assert build.returncode != 0
    annotations = [line for line in build.stdout.splitlines() if line.startswith("::error ")]
    shown = str(figures).replace(":", "%3A").replace(",", "%2C")
    assert any(line.startswith(f"::error file={shown},line=") and "as_off" in line for line in annotations), \
        build.messages


def test_outside_github_actions_the_build_writes_no_annotations(tmp_path):
    content = copy_content(tmp_path)
    (content / "updates" / "2025-07-01-rally.md").write_text(BROKEN_UPDATE, encoding="utf-8")
    build = run_build(tmp_path / "output", content, env={"GITHUB_ACTIONS": ""})
    assert build.returncode != 0
    assert "::error" not in build.messages


def test_a_good_site_gives_no_annotation_and_no_problem_summary(ci_build):
    build, summary = ci_build
    assert "::error" not in build.messages
    assert not summary.exists()
