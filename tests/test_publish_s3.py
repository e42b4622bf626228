"""Publishing to S3-compatible storage: moto's S3 server on 127.0.0.1, real boto3, real builds."""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from conftest import ROOT
from publish_helpers import SITEURL, local_references, start_moto_server
from publishing.errors import PublishError
from publishing.s3 import S3Target

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing-key-id", "AWS_SECRET_ACCESS_KEY": "testing-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    process, endpoint = start_moto_server()
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          config=Config(retries={"max_attempts": 1}))
    name = f"site-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return client, name


@pytest.fixture
def sites(public_sites):
    return public_sites.first, public_sites.again, public_sites.changed, public_sites.changed_url


def counting(client):
    """Count the PutObject and DeleteObjects requests a client really sends."""
    calls = {"PutObject": 0, "DeleteObjects": 0}

    def count(event_name, **_kwargs):
        calls[event_name.split(".")[-1]] += 1

    client.meta.events.register("before-call.s3.PutObject", count)
    client.meta.events.register("before-call.s3.DeleteObjects", count)
    return calls


def bucket_state(client, name) -> dict[str, dict]:
    state = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=name, Key=item["Key"])
            state[item["Key"]] = {"md5": hashlib.md5(body["Body"].read()).hexdigest(),
                                  "type": body["ContentType"], "cache": body.get("CacheControl")}
    return state


def local_state(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file()}


def test_publish_uploads_every_file_with_its_type_and_cache_rule(bucket, sites):
    client, name = bucket
    first = sites[0]
    report = S3Target(name, client=client).publish(first)

    state = bucket_state(client, name)
    assert {key: value["md5"] for key, value in state.items()} == local_state(first)
    stylesheet = next(key for key in state if key.startswith("theme/css/site.") and key.count(".") == 2)
    assert state[stylesheet]["type"] == "text/css; charset=utf-8"
    assert "immutable" in state[stylesheet]["cache"] and "max-age=31536000" in state[stylesheet]["cache"]
    assert state["index.html"]["type"] == "text/html; charset=utf-8"
    assert state["index.html"]["cache"] == "public, max-age=300"
    # The policy each page carries in its <meta>, stored for the CDN in front to send as the header.
    page_policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                            (first / "index.html").read_text(encoding="utf-8"))[1]
    sent = client.head_object(Bucket=name, Key="index.html")["Metadata"]["content-security-policy"]
    assert sent.startswith(html.unescape(page_policy)) and "frame-ancestors 'none'" in sent
    assert state["feeds/updates.atom.xml"]["type"] == "application/atom+xml"
    assert state["sitemap.xml"]["type"] == "application/xml"

    # Assets before any page, pages before the sitemap and feed that point at them.
    order = report.uploaded
    first_page = min(order.index(key) for key in order if key.endswith(".html"))
    assert order.index(stylesheet) < first_page
    assert order.index("sitemap.xml") > max(order.index(key) for key in order if key.endswith(".html"))


def test_second_publish_of_the_same_content_sends_nothing(bucket, sites):
    client, name = bucket
    first, again = sites[0], sites[1]
    S3Target(name, client=client).publish(first)
    calls = counting(client)

    report = S3Target(name, client=client).publish(again)

    assert report.changes.empty
    assert calls == {"PutObject": 0, "DeleteObjects": 0}


def test_after_one_page_changes_only_it_and_the_lists_that_show_it_are_uploaded(bucket, sites):
    client, name = bucket
    first, _again, changed, changed_url = sites
    S3Target(name, client=client).publish(first)
    calls = counting(client)

    report = S3Target(name, client=client).publish(changed)

    page_key = changed_url + "index.html"
    assert page_key in report.uploaded
    assert calls["PutObject"] == len(report.uploaded)
    # The search index (pagefind/) changes with any page's words; every other uploaded file lists the page.
    others = [key for key in report.uploaded if key != page_key and not key.startswith("pagefind/")]
    for key in others:
        text = (changed / key).read_text(encoding="utf-8")
        assert changed_url in text, f"{key} was uploaded but does not list the changed page"
    assert len(report.uploaded) < len(local_state(changed)) / 2
    # The search index names its files by their content, so a changed page replaces its own index files.
    assert [key for key in report.deleted if not key.startswith("pagefind/")] == []
    assert {k: v["md5"] for k, v in bucket_state(client, name).items()} == local_state(changed)


def test_dry_run_lists_changes_and_sends_nothing(bucket, sites):
    client, name = bucket
    first, _again, changed, changed_url = sites
    S3Target(name, client=client).publish(first)
    before = bucket_state(client, name)

    report = S3Target(name, client=client).publish(changed, dry_run=True)

    assert f"  update {changed_url}index.html" in report.changes.lines()
    assert report.uploaded == []
    assert bucket_state(client, name) == before


@pytest.fixture
def next_site(public_sites):
    """One update removed, one added: lists change and one page goes away."""
    return public_sites.next


@pytest.mark.parametrize("stop_after", [0, 1, 3, 5])
def test_an_upload_stopped_part_way_leaves_the_site_whole_and_a_rerun_converges(bucket, sites, next_site,
                                                                                   stop_after):
    client, name = bucket
    first = sites[0]
    S3Target(name, client=client).publish(first)
    old_keys = set(local_state(first))

    second = next_site
    second_state = local_state(second)
    second_state_keys = set(second_state)

    sent = {"count": 0}

    def stop_part_way(**_kwargs):
        sent["count"] += 1
        if sent["count"] > stop_after:
            raise ConnectionError("network went away")

    client.meta.events.register("before-call.s3.PutObject", stop_part_way)
    with pytest.raises((PublishError, ConnectionError)):
        S3Target(name, client=client).publish(second)
    client.meta.events.unregister("before-call.s3.PutObject", stop_part_way)

    state = bucket_state(client, name)
    assert old_keys <= set(state), "nothing of the old site may be deleted before the new one is complete"
    for key in state:
        if key.endswith(".html"):
            html = client.get_object(Bucket=name, Key=key)["Body"].read().decode()
            missing = local_references(key, html) - set(state)
            assert not missing, f"{key} links to {missing}, which are not published"

    report = S3Target(name, client=client).publish(second)
    assert {k: v["md5"] for k, v in bucket_state(client, name).items()} == second_state
    assert any(key.startswith("updates/") and key.endswith("/index.html") for key in report.deleted)
    assert set(state) - second_state_keys == set(report.deleted)


def test_missing_credentials_are_reported_plainly(s3_endpoint, sites, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    target = S3Target("any-bucket", endpoint_url=s3_endpoint, region="us-east-1")
    with pytest.raises(PublishError, match="AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"):
        target.publish(sites[0])


def test_invoke_publish_to_s3_takes_credentials_from_the_environment_and_writes_them_nowhere(
        s3_endpoint, bucket, tmp_path):
    client, name = bucket
    secret_id, secret_key = "AKIDPUBLISHTEST7Q2", "sEcReT/publish+test/9f8e7d6c5b4a"
    config = tmp_path / "deploy.toml"
    config.write_text(f'check = ["{sys.executable}", "-c", "pass"]\n'
                      '[targets.s3]\ntype = "s3"\nbucket = "${S3_BUCKET}"\nendpoint_url = "${S3_ENDPOINT_URL}"\n',
                      encoding="utf-8")
    env = {**os.environ, "SITEURL": SITEURL, "SOURCE_DATE_EPOCH": "1700000000", "S3_BUCKET": name,
           "S3_ENDPOINT_URL": s3_endpoint, "AWS_ACCESS_KEY_ID": secret_id, "AWS_SECRET_ACCESS_KEY": secret_key}
    command = [str(Path(sys.executable).parent / "invoke"), "publish", "--config", str(config), "--target", "s3",
               "--output", str(tmp_path / "out")]

    first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    assert first.returncode == 0, first.stdout + first.stderr
    assert "Changed: " in first.stdout
    assert client.get_object(Bucket=name, Key="index.html")["ContentType"] == "text/html; charset=utf-8"
    logs = first.stdout + first.stderr
    for secret in (secret_id, secret_key):
        assert secret not in logs
        for path in (tmp_path / "out").rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path
