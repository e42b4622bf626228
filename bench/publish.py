"""Print what each publish sends: first publish, same content again, one update changed. Asserts nothing.

Builds the shipped site with publishconf.py into a temporary folder, then publishes it to three local
targets: moto's S3 server on 127.0.0.1, a bare git repository (GitHub Pages) and a folder. Run with
`.venv/bin/python bench/publish.py`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from publishing.directory import DirectoryTarget  # noqa: E402
from publishing.pages import PagesTarget  # noqa: E402
from publishing.s3 import S3Target  # noqa: E402

SITEURL = "https://heart.example.org"
UPDATE = "updates/2025-06-16-budget-adds-heart-staff.md"


def build(content: Path, output: Path) -> Path:
    env = {**os.environ, "SITEURL": SITEURL, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([str(Path(sys.executable).parent / "invoke"), "build", "--settings", "publishconf.py",
                    "--path", str(content), "--output", str(output)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return output


def moto() -> tuple[subprocess.Popen, str]:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise SystemExit("moto_server did not start")


def sent_bytes(site: Path, keys) -> int:
    return sum((site / key).stat().st_size for key in keys if (site / key).is_file())


def main() -> None:
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"})
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        content = tmp / "content"
        shutil.copytree(ROOT / "content", content)
        first = build(content, tmp / "first")
        again = build(content, tmp / "again")
        (content / UPDATE).write_text((content / UPDATE).read_text(encoding="utf-8") + "\nOne more sentence.\n",
                                      encoding="utf-8")
        changed = build(content, tmp / "changed")
        total = sum(1 for p in first.rglob("*") if p.is_file())
        total_bytes = sum(p.stat().st_size for p in first.rglob("*") if p.is_file())
        print(f"Site: {total} files, {total_bytes:,} bytes (shipped content, publishconf.py)\n")

        process, endpoint = moto()
        try:
            import boto3

            client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
            client.create_bucket(Bucket="bench")
            subprocess.run(["git", "init", "--bare", "--quiet", str(tmp / "pages.git")], check=True)
            targets = {
                "s3 (moto)": S3Target("bench", client=client),
                "github-pages (bare repo)": PagesTarget(str(tmp / "pages.git"), cname="heart.example.org"),
                "directory": DirectoryTarget(tmp / "www" / "site"),
            }
            print("| target | publish | files sent | bytes sent | deleted | seconds |")
            print("| --- | --- | ---: | ---: | ---: | ---: |")
            for name, target in targets.items():
                for label, site in (("first", first), ("same content", again), ("one update changed", changed)):
                    started = time.perf_counter()
                    report = target.publish(site)
                    seconds = time.perf_counter() - started
                    keys = [f.key for f in report.changes.upload]
                    print(f"| {name} | {label} | {len(keys)} | {sent_bytes(site, keys):,} | "
                          f"{len(report.changes.delete)} | {seconds:.2f} |")
                    if label == "one update changed":
                        changed_files = ", ".join(sorted(keys))
            print(f"\nFiles sent after one update changed: {changed_files}")
        finally:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
