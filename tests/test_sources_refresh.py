"""The fetch layer and snapshots against a real HTTP server on 127.0.0.1 serving real payload shapes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from werkzeug import Response

from sources.refresh import refresh
from sources.snapshots import load_snapshot
from sources_server import DataServer, arcgis_rows, start_server

ROOT = Path(__file__).resolve().parent.parent
FORMATS = Path("/work/shared/formats")


@pytest.fixture(scope="module")
def http_server():
    server = start_server()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def data_server(http_server):
    http_server.clear()
    return DataServer(http_server)


ARCGIS_FIELDS = """
[source.fields]
date = "RESPONSE_DATE"
category = "RESPONSE_TYPE"
count = "UNIT_COUNT"
beat = "BEAT"
"""


def write_config(folder: Path, sources: str, **settings) -> Path:
    values = {"snapshot_dir": "snapshots", "cache_dir": "cache", "read_timeout": 2, "connect_timeout": 2,
              "retries": 2, "backoff": 0, "max_retry_after": 5, **settings}
    lines = ["[refresh]"] + [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    path = folder / "sources.toml"
    path.write_text("\n".join(lines) + "\n\n" + sources, encoding="utf-8")
    return path


def arcgis_source(url: str, name: str = "responses", extra: str = "") -> str:
    return f'[[source]]\nname = "{name}"\ntype = "arcgis"\nurl = "{url}"\npage_size = 1000\n{extra}{ARCGIS_FIELDS}\n'


def run(config: Path, **kwargs):
    out = io.StringIO()
    report = refresh(config, stream=out, **kwargs)
    return report, out.getvalue()


def status(report, name="responses"):
    return next(result for result in report.results if result.name == name)


def test_arcgis_pages_until_the_server_stops_saying_there_is_more(tmp_path, data_server):
    rows = arcgis_rows(2500)
    data_server.serve_arcgis("/arcgis/rest/services/HEART/FeatureServer/0", lambda: rows)
    config = write_config(tmp_path, arcgis_source(data_server.url("/arcgis/rest/services/HEART/FeatureServer/0")))

    report, printed = run(config)

    assert status(report).status == "updated", printed
    snapshot = load_snapshot(tmp_path / "snapshots" / "responses.json")
    assert snapshot.record_count == 2500
    assert snapshot.meta["pages"] == 3
    assert {record["category"] for record in snapshot.records} == {"Crisis Call Diversion", "Care Navigation",
                                                                   "Community Response"}
    # 1656691200000 ms is 2022-07-01 16:00 UTC, noon in Durham.
    assert min(record["date"] for record in snapshot.records) == "2022-07-01"
    assert snapshot.etag and snapshot.source_url.startswith(data_server.url("/arcgis"))
    assert "responses: updated" in printed


def test_second_refresh_is_unchanged_and_transfers_no_body(tmp_path, data_server):
    rows = arcgis_rows(2500)
    data_server.serve_arcgis("/layer/0", lambda: rows)
    data_server.serve_bytes("/export.csv", (FORMATS.parent / "formats" / "socrata-soda.json").read_bytes()
                            and b"date,type\n2023-01-05,Care Navigation\n", content_type="text/csv",
                            validators=("last-modified",))
    config = write_config(tmp_path, arcgis_source(data_server.url("/layer/0")) +
                          f'[[source]]\nname = "csv-export"\ntype = "csv"\nurl = "{data_server.url("/export.csv")}"\n'
                          '[source.fields]\ndate = "date"\ncategory = "type"\n')
    run(config)
    before = {path.name: path.read_bytes() for path in (tmp_path / "snapshots").glob("*.json") if path.name != "checked.json"}
    data_server.reset_counts()

    report, printed = run(config)

    assert [result.status for result in report.results] == ["unchanged", "unchanged"], printed
    assert "304 Not Modified" in printed
    assert data_server.body_bytes == 0 and data_server.not_modified == data_server.requests == 4
    assert report.bytes_received == 0
    after = {path.name: path.read_bytes() for path in (tmp_path / "snapshots").glob("*.json") if path.name != "checked.json"}
    assert after == before


def test_changed_data_is_fetched_again(tmp_path, data_server):
    rows = arcgis_rows(1500)
    data_server.serve_arcgis("/layer/0", lambda: rows)
    config = write_config(tmp_path, arcgis_source(data_server.url("/layer/0")))
    run(config)
    rows.extend(arcgis_rows(1600)[1500:])

    report, printed = run(config)

    assert status(report).status == "updated", printed
    assert load_snapshot(tmp_path / "snapshots" / "responses.json").record_count == 1600


def test_429_with_retry_after_is_waited_for_then_retried(tmp_path, data_server):
    answers = []

    def handler(request):
        answers.append(time.monotonic())
        if len(answers) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response(json.dumps({"features": [{"attributes": row} for row in arcgis_rows(3)]}),
                        content_type="application/json")
    data_server.server.expect_request("/busy/0/query").respond_with_handler(handler)
    config = write_config(tmp_path, arcgis_source(data_server.url("/busy/0")))

    report, printed = run(config)

    assert status(report).status == "updated", printed
    assert len(answers) == 2 and answers[1] - answers[0] >= 0.9


def good_snapshot(tmp_path, data_server, rows=None) -> tuple[Path, bytes]:
    """Fill a snapshot from a good server answer; return the config and the snapshot's bytes."""
    rows = rows or arcgis_rows(40)
    data_server.serve_arcgis("/good/0", lambda: rows)
    config = write_config(tmp_path, arcgis_source(data_server.url("/good/0")))
    report, printed = run(config)
    assert status(report).status == "updated", printed
    data_server.server.clear()
    return config, (tmp_path / "snapshots" / "responses.json").read_bytes()


@pytest.mark.parametrize("case, answer, expected", [
    ("http_500", lambda: Response("Internal error", status=500), "HTTP 500"),
    ("truncated_json", lambda: Response('{"features": [{"attributes": {"OBJECTID": 1, "RESP',
                                        content_type="application/json"), "cut off"),
    ("html_page_with_200", lambda: Response("<!DOCTYPE html><html><body>Down for maintenance</body></html>",
                                            content_type="text/html"), "web page (HTML)"),
    ("arcgis_error_200", lambda: Response((FORMATS / "arcgis-error-200.json").read_bytes(),
                                          content_type="application/json"), "ArcGIS error 400"),
    ("renamed_field", lambda: Response(json.dumps({"features": [
        {"attributes": {**{k: v for k, v in row.items() if k != "RESPONSE_DATE"}, "RESPONSE_DAY": row["RESPONSE_DATE"]}}
        for row in arcgis_rows(40)]}), content_type="application/json"), "RESPONSE_DATE is not in the answer"),
    ("empty", lambda: Response(json.dumps({"features": []}), content_type="application/json"), "no records"),
    ("oversized", lambda: Response(json.dumps({"features": [{"attributes": row} for row in arcgis_rows(3000)]}),
                                   content_type="application/json"), "more than the limit"),
])
def test_a_bad_answer_keeps_the_old_snapshot_byte_identical(tmp_path, data_server, case, answer, expected):
    config, before = good_snapshot(tmp_path, data_server)
    data_server.server.expect_request("/good/0/query").respond_with_handler(lambda request: answer())
    config.write_text(config.read_text().replace("[refresh]", "[refresh]\nmax_bytes = 100000"))

    report, printed = run(config)

    result = status(report)
    assert result.status == "kept-old", printed
    assert expected in result.reason, printed
    assert "kept the snapshot from" in result.reason
    assert (tmp_path / "snapshots" / "responses.json").read_bytes() == before
    assert report.exit_code(strict=True) == 1 and report.exit_code(strict=False) == 0


def test_a_hang_past_the_read_timeout_keeps_the_old_snapshot(tmp_path, data_server):
    config, before = good_snapshot(tmp_path, data_server)

    def hang(request):
        time.sleep(2.5)
        return Response("{}", content_type="application/json")
    data_server.server.expect_request("/good/0/query").respond_with_handler(hang)
    config.write_text(config.read_text().replace("read_timeout = 2", "read_timeout = 0.5")
                      .replace("retries = 2", "retries = 0"))

    started = time.monotonic()
    report, printed = run(config)

    assert time.monotonic() - started < 2.4
    assert status(report).status == "kept-old" and "did not answer within 0.5 seconds" in printed, printed
    assert (tmp_path / "snapshots" / "responses.json").read_bytes() == before


def test_a_count_that_halves_is_refused_unless_forced(tmp_path, data_server):
    config, before = good_snapshot(tmp_path, data_server, arcgis_rows(1000))
    rows = arcgis_rows(400)
    data_server.serve_arcgis("/good/0", lambda: rows)

    report, printed = run(config)
    assert status(report).status == "kept-old", printed
    assert "fell from 1,000 to 400 records" in printed and "--force" in printed
    assert (tmp_path / "snapshots" / "responses.json").read_bytes() == before

    report, printed = run(config, force=True)
    assert status(report).status == "updated", printed
    assert load_snapshot(tmp_path / "snapshots" / "responses.json").record_count == 400


def test_server_stopped_keeps_every_snapshot(tmp_path, data_server):
    config, before = good_snapshot(tmp_path, data_server)
    server = start_server()
    dead_url = server.url_for("/gone/0")
    server.stop()
    config.write_text(config.read_text().replace(data_server.url("/good/0"), dead_url))

    report, printed = run(config)

    assert status(report).status == "kept-old", printed
    assert "could not connect" in printed
    assert (tmp_path / "snapshots" / "responses.json").read_bytes() == before


def test_socrata_pages_by_id_until_a_short_page(tmp_path, data_server):
    rows = [{"response_date": f"2022-{month:02d}-01T00:00:00.000", "response_type": "Care Navigation",
             "responses": str(month)} for month in range(1, 13)] * 3
    data_server.serve_socrata("/resource/abcd-1234.json", lambda: rows)
    config = write_config(tmp_path, f'[[source]]\nname = "soda"\ntype = "socrata"\n'
                          f'url = "{data_server.url("/resource/abcd-1234.json")}"\npage_size = 10\n'
                          '[source.fields]\ndate = "response_date"\ncategory = "response_type"\ncount = "responses"\n')

    report, printed = run(config)

    assert status(report, "soda").status == "updated", printed
    snapshot = load_snapshot(tmp_path / "snapshots" / "soda.json")
    assert snapshot.meta["pages"] == 4 and snapshot.record_count == 36
    assert sum(record["count"] for record in snapshot.records) == 3 * sum(range(1, 13))


def test_opendatasoft_pages_at_most_100_and_applies_the_filter(tmp_path, data_server):
    sample = json.loads((FORMATS / "opendatasoft-records.json").read_text())["results"]
    rows = sample * 90
    data_server.serve_opendatasoft("/api/explore/v2.1/catalog/datasets/heart/records", lambda: rows)
    config = write_config(tmp_path, f'[[source]]\nname = "ods"\ntype = "opendatasoft"\n'
                          f'url = "{data_server.url("/api/explore/v2.1/catalog/datasets/heart/records")}"\n'
                          'page_size = 500\n[source.fields]\ndate = "month"\ncategory = "response_type"\n'
                          'count = "responses"\n[source.filter]\nresponse_type = ["Care Navigation", "Community Response"]\n')

    report, printed = run(config)

    assert status(report, "ods").status == "updated", printed
    snapshot = load_snapshot(tmp_path / "snapshots" / "ods.json")
    assert snapshot.meta["pages"] == 3 and snapshot.record_count == 180
    assert {record["date"] for record in snapshot.records} == {"2022-07", "2022-08"}


def test_json_url_with_records_path(tmp_path, data_server):
    body = {"data": {"items": json.loads((FORMATS / "socrata-soda.json").read_text())}}
    data_server.serve_bytes("/plain.json", json.dumps(body).encode())
    config = write_config(tmp_path, f'[[source]]\nname = "plain"\ntype = "json"\nurl = "{data_server.url("/plain.json")}"\n'
                          'records_path = "data.items"\n[source.fields]\ndate = "response_date"\ncount = "responses"\n')

    report, printed = run(config)

    assert status(report, "plain").status == "updated", printed
    assert sorted(record["count"] for record in load_snapshot(tmp_path / "snapshots" / "plain.json").records) == [3, 9, 14]


@pytest.mark.parametrize("source, expected", [
    # {N} is the line number of [[source]] in the written file.
    ('[[source]]\nname = "x"\ntype = "arcgis"\nurll = "https://a.example/0"\n[source.fields]\ndate = "D"\n',
     'sources.toml:{N}: url: is missing in source "x". Add a line like: url = "https://example.org/data.json"'),
    ('[[source]]\nname = "x"\ntype = "arcgis"\nurll = "https://a.example/0"\n[source.fields]\ndate = "D"\n',
     'sources.toml:{N+3}: urll: is not a setting source "x" knows. Did you mean "url"?'),
    ('[[source]]\nname = "x"\ntype = "arcgiss"\nurl = "https://a.example/0"\n',
     'sources.toml:{N+2}: type: "arcgiss" is not a source type (source "x"). Did you mean "arcgis"?'),
    ('[[source]]\nname = "x"\ntype = "socrata"\nurl = "https://a.example/r.json"\npage_size = "ten"\n'
     '[source.fields]\ndate = "d"\n', 'sources.toml:{N+4}: page_size: should be a whole number in source "x".'),
    ('[[source]]\nname = "x"\ntype = "csv"\nurl = "https://a.example/r.csv"\n',
     'sources.toml:{N}: fields: is missing in source "x".'),
    ('[[source]]\nname = "x"\ntype = "csv"\nurl = "https://a.example/r.csv"\n[source.fields]\ndate = 3\n',
     'sources.toml:{N+5}: fields.date: should be the source\'s column name in quotes (source "x").'),
    ('[[source]]\nname = "Bad Name"\ntype = "figures"\npath = "f.toml"\n[[source]]\nname = "ok"\ntype = "figures"\n',
     'sources.toml:{N+1}: name: "Bad Name" is not a usable name'),
])
def test_config_mistakes_name_the_line_source_and_field(tmp_path, source, expected):
    config = write_config(tmp_path, source)
    start = config.read_text().splitlines().index("[[source]]") + 1
    expected = expected.replace("{N}", str(start))
    for offset in range(1, 6):
        expected = expected.replace(f"{{N+{offset}}}", str(start + offset))
    report, printed = run(config)
    assert report.exit_code(strict=False) == 2
    assert expected in printed, printed
    assert "Traceback" not in printed


def test_invoke_refresh_only_and_strict_exit_codes(tmp_path, data_server):
    data_server.serve_arcgis("/a/0", lambda: arcgis_rows(5))
    data_server.server.expect_request("/b/0/query").respond_with_handler(lambda request: Response("no", status=503))
    config = write_config(tmp_path, arcgis_source(data_server.url("/a/0"), "good-one") +
                          arcgis_source(data_server.url("/b/0"), "bad-one"), retries=0)
    invoke = [str(Path(sys.executable).parent / "invoke"), "refresh", "--config", str(config)]

    only = subprocess.run(invoke + ["--only", "good-one", "--strict"], cwd=ROOT, capture_output=True, text=True)
    assert only.returncode == 0, only.stdout + only.stderr
    assert "good-one: updated" in only.stdout and "bad-one" not in only.stdout

    strict = subprocess.run(invoke + ["--strict"], cwd=ROOT, capture_output=True, text=True)
    assert strict.returncode == 1
    assert "bad-one: kept-old (HTTP 503" in strict.stdout and "good-one: unchanged" in strict.stdout
    assert "Traceback" not in strict.stdout + strict.stderr

    unknown = subprocess.run(invoke + ["--only", "good-on"], cwd=ROOT, capture_output=True, text=True)
    assert unknown.returncode == 2 and "--only good-on: no source with that name" in unknown.stdout


def test_sources_are_fetched_at_the_same_time(tmp_path, data_server):
    def slow(request):
        time.sleep(0.6)
        return Response(json.dumps({"features": [{"attributes": row} for row in arcgis_rows(3)]}),
                        content_type="application/json")
    names = [f"slow-{number}" for number in range(4)]
    for name in names:
        data_server.server.expect_request(f"/{name}/0/query").respond_with_handler(slow)
    config = write_config(tmp_path, "".join(arcgis_source(data_server.url(f"/{name}/0"), name) for name in names))

    started = time.monotonic()
    report, printed = run(config)

    assert [result.status for result in report.results] == ["updated"] * 4, printed
    assert time.monotonic() - started < 4 * 0.6


def test_snapshot_file_is_sorted_indented_json_one_record_per_line(tmp_path, data_server):
    rows = arcgis_rows(30, types=('Crisis "Call" Diversion', "Atención comunitaria", "Care\nNavigation"))
    data_server.serve_arcgis("/layer/0", lambda: rows)
    config = write_config(tmp_path, arcgis_source(data_server.url("/layer/0")))
    run(config)
    text = (tmp_path / "snapshots" / "responses.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data) and data["record_count"] == 30 == len(data["records"])
    assert data["content_hash"].startswith("sha256:") and data["fetched_at"].endswith("Z")
    lines = text.splitlines()
    start = lines.index('  "records": [')
    assert all(json.loads(line.strip().rstrip(",")) in data["records"] for line in lines[start + 1:start + 31])
    assert "Atención" in text
    assert not list((tmp_path / "snapshots").glob(".*.tmp"))


def test_a_bad_row_is_skipped_and_reported_not_fatal(tmp_path, data_server):
    rows = arcgis_rows(20)
    rows[3]["RESPONSE_DATE"] = "yesterday"
    rows[7]["UNIT_COUNT"] = "two"
    data_server.serve_arcgis("/layer/0", lambda: rows)
    config = write_config(tmp_path, arcgis_source(data_server.url("/layer/0")))

    report, printed = run(config)

    assert status(report).status == "updated" and status(report).record_count == 18, printed
    assert 'skipped 2 bad rows: count: "two" is not a whole number (1), date: "yesterday" is not a date (1)' in printed
