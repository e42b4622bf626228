"""Benchmark `invoke refresh`: 5 sources x 10,000 records from a local server, fetched twice.

Run: .venv/bin/python bench/refresh.py [--records 10000] [--latency 0.02]

Starts a threaded HTTP server on 127.0.0.1 (a free port) that answers like ArcGIS (2,000 per page),
Socrata (one page), Opendatasoft (100 per page, the API's limit), a CSV export and a JSON file, each with
ETag validators and 304 answers. Then runs `invoke refresh --config ...` twice as a child process and prints:
wall time of each run, the sum of per-source times (to show sources run at the same time), peak memory
(max RSS of the refresh process) and body bytes the server sent. Targets: under 10 s wall and 300 MB,
and 0 body bytes on the second run. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("Crisis Call Diversion", "Care Navigation", "Community Response")


def rows(count: int, seed: int) -> list[dict]:
    start = 1656691200000 + seed * 1000
    return [{"OBJECTID": number + 1, "RESPONSE_DATE": start + number * 600_000, "RESPONSE_TYPE": TYPES[number % 3],
             "BEAT": str(211 + number % 12), "UNIT_COUNT": 1 + number % 2} for number in range(count)]


class Data:
    def __init__(self, count: int, latency: float):
        self.latency = latency
        self.arcgis = rows(count, 1)
        self.socrata = [{"response_date": f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}T00:00:00.000",
                         "response_type": TYPES[n % 3], "beat": str(211 + n % 12), "responses": str(1 + n % 3)}
                        for n in range(count)]
        self.ods = [{"month": f"2022-{1 + n % 12:02d}", "response_type": TYPES[n % 3], "responses": 1 + n % 4,
                     "beat": str(211 + n % 12)} for n in range(count)]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["date", "type", "count"])
        writer.writeheader()
        for n in range(count):
            writer.writerow({"date": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}", "type": TYPES[n % 3], "count": 1})
        self.csv = out.getvalue().encode()
        self.json = json.dumps({"data": rows(count, 5)}).encode()
        self.body_bytes = 0
        self.requests = 0
        self.not_modified = 0
        self.lock = threading.Lock()

    def body(self, path: str, query: dict) -> tuple[bytes, str]:
        if path.startswith("/arcgis/"):
            offset, size = int(query["resultOffset"]), min(int(query["resultRecordCount"]), 2000)
            page = {"features": [{"attributes": row} for row in self.arcgis[offset:offset + size]]}
            if offset + size < len(self.arcgis):
                page["exceededTransferLimit"] = True
            return json.dumps(page).encode(), "application/json"
        if path.startswith("/resource/"):
            offset, limit = int(query["$offset"]), int(query["$limit"])
            return json.dumps(self.socrata[offset:offset + limit]).encode(), "application/json"
        if path.startswith("/api/explore/"):
            offset, limit = int(query["offset"]), int(query["limit"])
            return json.dumps({"total_count": len(self.ods), "results": self.ods[offset:offset + limit]}).encode(), \
                "application/json"
        if path.endswith(".csv"):
            return self.csv, "text/csv; charset=utf-8"
        return self.json, "application/json"


def make_handler(data: Data):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle on, the client's delayed ACK adds 40 ms to every
        # keep-alive request, which would measure this test server instead of refresh.
        disable_nagle_algorithm = True

        def do_GET(self):
            parsed = urlparse(self.path)
            query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
            body, content_type = data.body(parsed.path, query)
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if data.latency:
                time.sleep(data.latency)
            with data.lock:
                data.requests += 1
                if self.headers.get("If-None-Match") == etag:
                    data.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                data.body_bytes += len(body)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    return Handler


CONFIG = """
[refresh]
snapshot_dir = "snapshots"
cache_dir = "cache"
workers = 6

[[source]]
name = "arcgis"
type = "arcgis"
url = "{base}/arcgis/rest/services/HEART/FeatureServer/0"
page_size = 2000
[source.fields]
date = "RESPONSE_DATE"
category = "RESPONSE_TYPE"
count = "UNIT_COUNT"
beat = "BEAT"

[[source]]
name = "socrata"
type = "socrata"
url = "{base}/resource/heart-0001.json"
[source.fields]
date = "response_date"
category = "response_type"
count = "responses"

[[source]]
name = "opendatasoft"
type = "opendatasoft"
url = "{base}/api/explore/v2.1/catalog/datasets/heart/records"
[source.fields]
date = "month"
category = "response_type"
count = "responses"

[[source]]
name = "csv"
type = "csv"
url = "{base}/exports/heart.csv"
[source.fields]
date = "date"
category = "type"
count = "count"

[[source]]
name = "json"
type = "json"
url = "{base}/files/heart.json"
records_path = "data"
[source.fields]
date = "RESPONSE_DATE"
category = "RESPONSE_TYPE"
"""


def run_refresh(config: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "invoke"), "refresh", "--config", str(config)],
                            cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"refresh failed:\n{result.stdout}{result.stderr}")
    return wall, result.stdout


def per_source_sum(output: str) -> float:
    return sum(float(seconds) for seconds in re.findall(r"\[(\d+\.\d)s", output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="records per source")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the server waits before each answer")
    args = parser.parse_args()

    data = Data(args.records, args.latency)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(data))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "sources.toml"
        config.write_text(CONFIG.replace("{base}", base), encoding="utf-8")

        first_wall, first_output = run_refresh(config)
        first_bytes, first_requests = data.body_bytes, data.requests
        data.body_bytes = data.requests = data.not_modified = 0
        second_wall, second_output = run_refresh(config)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        snapshot_bytes = sum(path.stat().st_size for path in (Path(folder) / "snapshots").glob("*.json"))
    server.shutdown()

    print(f"sources: 5 x {args.records:,} records, server latency {args.latency * 1000:.0f} ms per request")
    print(first_output.strip())
    print(second_output.strip())
    print()
    print(f"first refresh:  {first_wall:.2f} s wall (per-source times add up to {per_source_sum(first_output):.1f} s), "
          f"{first_requests} requests, {first_bytes:,} body bytes sent")
    print(f"second refresh: {second_wall:.2f} s wall, {data.requests} requests, {data.not_modified} answered 304, "
          f"{data.body_bytes:,} body bytes sent")
    print(f"peak memory (max RSS of a refresh process): {peak_mb:.0f} MB")
    print(f"snapshots on disk: {snapshot_bytes:,} bytes")
    ok = first_wall < 10 and second_wall < 10 and peak_mb < 300 and data.body_bytes == 0
    print("targets (<10 s, <300 MB, 0 body bytes on the second refresh):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
