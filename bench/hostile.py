"""Print what hostile sources cost a refresh: a paged source that never stops, a server that sends one byte at a time,
and recurring calendar entries that would expand for ever. Not a test: figures for README "Security".

    .venv/bin/python bench/hostile.py

Runs `invoke refresh` against a threaded HTTP server on 127.0.0.1 and reports wall time, body bytes the server
sent and the refresh process's peak memory (max RSS); then times the iCalendar expansion of a few rules.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from sources.icalendar_meetings import parse_calendar  # noqa: E402

PAGE = json.dumps({"exceededTransferLimit": True, "features": [
    {"attributes": {"OBJECTID": n, "RESPONSE_DATE": 1656691200000 + n, "RESPONSE_TYPE": "Care Navigation",
                    "PADDING": "x" * 500}} for n in range(1000)]}).encode()
sent = {"bytes": 0}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/greedy"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            try:
                self.wfile.write(PAGE)
                sent["bytes"] += len(PAGE)
            except OSError:
                pass
        else:  # /drip: one byte every 0.1 s, for at most 60 s
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            for _ in range(600):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    sent["bytes"] += 1
                except OSError:
                    return
                time.sleep(0.1)


def refresh(folder: Path, path: str, extra: str) -> tuple[float, int, str]:
    config = folder / "sources.toml"
    config.write_text(f"""[refresh]
snapshot_dir = "snapshots"
cache_dir = "cache"
retries = 0
{extra}
[[source]]
name = "hostile"
type = "arcgis"
url = "http://127.0.0.1:{server.server_port}{path}"
max_pages = 500
[source.fields]
date = "RESPONSE_DATE"
""", encoding="utf-8")
    sent["bytes"] = 0
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([str(Path(sys.executable).parent / "invoke"), "refresh", "--config", str(config)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = next((line for line in result.stdout.splitlines() if line.startswith("hostile:")), result.stdout)
    return time.monotonic() - started, max(peak, before), line


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with tempfile.TemporaryDirectory() as scratch:
    seconds, peak_kb, line = refresh(Path(scratch), "/greedy/0", "max_bytes = 10000000")
    print(f"endless pages, max_bytes = 10 MB: {seconds:.1f} s, server sent {sent['bytes']:,} bytes, "
          f"peak memory {peak_kb / 1024:.0f} MB\n  {line}")
    seconds, _peak, line = refresh(Path(scratch), "/drip/0", "deadline = 5")
    print(f"one byte every 0.1 s, deadline = 5: {seconds:.1f} s in all, server sent {sent['bytes']:,} bytes\n  {line}")
server.shutdown()

print("iCalendar expansion, window 2023-01-01 to 2024-01-01 (DTSTART 1900-01-01):")
for rule in ("FREQ=WEEKLY", "FREQ=SECONDLY", "FREQ=MINUTELY;COUNT=1000000000", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
             "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3", "FREQ=SECONDLY;BYHOUR=19", "FREQ=MONTHLY;INTERVAL=0"):
    calendar = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:19000101T000000Z\r\n"
                f"DTSTART:19000101T190000Z\r\nRRULE:{rule}\r\nSUMMARY:Board\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    started = time.monotonic()
    meetings, warnings = parse_calendar(calendar, config={}, source_url="bench", retrieved_at="",
                                        zone=ZoneInfo("America/New_York"), since=date(2023, 1, 1),
                                        until=date(2024, 1, 1))
    outcome = f"{len(meetings)} meetings" if not warnings else warnings[0].split("skipped: ", 1)[1][:70]
    print(f"  {rule:45} {time.monotonic() - started:6.2f} s  {outcome}")
