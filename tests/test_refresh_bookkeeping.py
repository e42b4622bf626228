"""Refresh bookkeeping: two refreshes at once keep every entry of checked.json (a lock), a refreshed snapshot keeps
its file mode, and the folder is synced after the rename. Real `invoke refresh` processes against 127.0.0.1."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time

from werkzeug import Response

from hostile import INVOKE, refresh_command, write_config
from sources.snapshots import CHECKED_FILE, snapshots_lock, write_atomic
from sources_server import arcgis_rows
from conftest import ROOT


def two_sources(url_a: str, url_b: str) -> str:
    return "".join(f"""
[[source]]
name = "{name}"
type = "arcgis"
url = "{url}"
[source.fields]
date = "RESPONSE_DATE"
""" for name, url in (("source-a", url_a), ("source-b", url_b)))


def test_two_refreshes_at_once_keep_every_checked_entry(tmp_path, httpserver):
    seen = []

    def answer(request):
        seen.append(request.path)
        return Response(json.dumps({"features": [{"attributes": row} for row in arcgis_rows(3)]}),
                        content_type="application/json")

    httpserver.expect_request("/a/0/query").respond_with_handler(answer)
    httpserver.expect_request("/b/0/query").respond_with_handler(answer)
    config = write_config(tmp_path, two_sources(httpserver.url_for("/a/0"), httpserver.url_for("/b/0")))
    checked = tmp_path / "snapshots" / CHECKED_FILE
    (tmp_path / "snapshots").mkdir()
    # This test plays the first refresh: it reads checked.json under the lock, and writes it back later,
    # while a second refresh (a real process) finishes in between.
    with snapshots_lock(tmp_path / "snapshots"):
        before = json.loads(checked.read_text()) if checked.exists() else {}
        second = subprocess.Popen([INVOKE, "refresh", "--config", str(config), "--only", "source-b"], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(300):
            if "/b/0/query" in seen:
                break
            time.sleep(0.1)
        time.sleep(1.5)  # the second refresh has its answer and now wants to record it
        write_atomic(checked, json.dumps({**before, "source-a": "2026-01-01T00:00:00Z"}))
    output, _ = second.communicate(timeout=120)
    assert "source-b: updated" in output, output
    entries = json.loads(checked.read_text())
    assert set(entries) == {"source-a", "source-b"}, entries


def test_a_refreshed_snapshot_keeps_its_file_mode(tmp_path, httpserver):
    rows = {"count": 3}
    httpserver.expect_request("/a/0/query").respond_with_handler(lambda request: Response(json.dumps(
        {"features": [{"attributes": row} for row in arcgis_rows(rows["count"])]}), content_type="application/json"))
    httpserver.expect_request("/b/0/query").respond_with_handler(lambda request: Response(json.dumps(
        {"features": [{"attributes": row} for row in arcgis_rows(2)]}), content_type="application/json"))
    config = write_config(tmp_path, two_sources(httpserver.url_for("/a/0"), httpserver.url_for("/b/0")))
    old_umask = os.umask(0o022)
    try:
        first = refresh_command(config)
    finally:
        os.umask(old_umask)
    assert "source-a: updated" in first.output, first.output
    snapshot = tmp_path / "snapshots" / "source-a.json"
    # A new snapshot is made like any new file (umask 022: readable by all), not private to its writer.
    assert stat.S_IMODE(snapshot.stat().st_mode) == 0o644
    snapshot.chmod(0o664)  # a shared checkout, group-writable
    rows["count"] = 4
    second = refresh_command(config)
    assert "source-a: updated" in second.output, second.output
    assert stat.S_IMODE(snapshot.stat().st_mode) == 0o664


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(descriptor):
        synced.append(stat.S_ISDIR(os.fstat(descriptor).st_mode))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(tmp_path / "snapshot.json", "{}\n")
    # First the file's data, then the folder that holds the new name (so a power cut keeps the rename).
    assert synced == [False, True]
