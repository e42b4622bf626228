"""Slow, greedy and redirecting servers never hold or flood a refresh: a total deadline per request and per source,
byte limits over a whole paged source (and a feed's limit) enforced while streaming, and redirects followed only
to http(s), never from https to http, and to another host only when the source lists it. Real servers on
127.0.0.1, real `invoke refresh`."""

from __future__ import annotations

import datetime
import ipaddress
import json
import re
import ssl
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from hostile import refresh_command, write_config
from sources_server import arcgis_rows


def arcgis_source(url: str, name: str = "responses", extra: str = "") -> str:
    return f"""
[[source]]
name = "{name}"
type = "arcgis"
url = "{url}"
{extra}
[source.fields]
date = "RESPONSE_DATE"
category = "RESPONSE_TYPE"
"""


def arcgis_page(count: int = 3, more: bool = False, padding: int = 0) -> bytes:
    body = {"features": [{"attributes": row} for row in arcgis_rows(count)], "padding": "x" * padding}
    if more:
        body["exceededTransferLimit"] = True
    return json.dumps(body).encode()


def waited_seconds(output: str) -> float:
    return float(re.search(r"waited (\d+\.\d) seconds", output)[1])


# ---------------------------------------------------------------- 4. slow servers


def test_a_server_sending_one_byte_at_a_time_is_cut_off_at_the_deadline(tmp_path, httpserver):
    stop = threading.Event()

    def drip(request):
        def body():
            # Each byte comes well within the read timeout, so only a total deadline can end this.
            for _ in range(600):
                if stop.is_set():
                    return
                yield b" "
                time.sleep(0.1)
        return Response(body(), content_type="application/json")

    httpserver.expect_request("/slow/0/query").respond_with_handler(drip)
    config = write_config(tmp_path, arcgis_source(httpserver.url_for("/slow/0"), extra="deadline = 2"))
    try:
        refreshed = refresh_command(config, timeout=50)
    finally:
        stop.set()
    assert "responses: kept-old" in refreshed.output, refreshed.output
    assert "did not finish sending within the limit of 2 seconds per request, retries included (deadline)" \
        in refreshed.output
    assert waited_seconds(refreshed.output) >= 2.0


def test_the_wait_reported_includes_every_retry(tmp_path, httpserver):
    asked = []

    def busy(request):
        asked.append(time.monotonic())
        return Response("busy", status=503, headers={"Retry-After": "1"})

    httpserver.expect_request("/busy/0/query").respond_with_handler(busy)
    config = write_config(tmp_path, arcgis_source(httpserver.url_for("/busy/0"), extra="retries = 2\ndeadline = 30"))
    refreshed = refresh_command(config)
    assert len(asked) == 3
    assert "responses: kept-old (HTTP 503 SERVICE UNAVAILABLE from" in refreshed.output, refreshed.output
    assert "2 retries included)" in refreshed.output
    # Two Retry-After waits of one second each: the message counts them.
    assert waited_seconds(refreshed.output) >= 2.0


def test_a_source_deadline_covers_all_its_pages(tmp_path, httpserver):
    def slow_page(request):
        time.sleep(0.7)
        return Response(arcgis_page(3, more=True), content_type="application/json")

    httpserver.expect_request("/paged/0/query").respond_with_handler(slow_page)
    config = write_config(tmp_path, arcgis_source(httpserver.url_for("/paged/0"),
                                                  extra="deadline = 30\nsource_deadline = 2"))
    refreshed = refresh_command(config)
    assert "responses: kept-old" in refreshed.output, refreshed.output
    assert "within the source's limit of 2 seconds in all (source_deadline)" in refreshed.output
    assert waited_seconds(refreshed.output) <= 2.5  # of the last request: the source's time was up at 2 s


# ---------------------------------------------------------------- 5. byte limits that hold


def test_the_size_limit_covers_every_page_of_a_source_while_it_streams(tmp_path, httpserver):
    sent = []

    def endless_pages(request):
        page = arcgis_page(3, more=True, padding=50_000)
        sent.append(len(page))
        return Response(page, content_type="application/json")

    httpserver.expect_request("/greedy/0/query").respond_with_handler(endless_pages)
    config = write_config(tmp_path, arcgis_source(httpserver.url_for("/greedy/0"), extra="max_bytes = 200000"))
    refreshed = refresh_command(config)
    assert "responses: kept-old" in refreshed.output, refreshed.output
    assert "more than the limit of 200,000 bytes for this source, all its pages together" in refreshed.output
    # Each page is far below the limit; the old per-answer check let 500 pages (25 MB) through.
    assert len(sent) <= 5 and sum(sent) < 300_000


def test_a_feeds_limit_is_enforced_while_it_downloads(tmp_path, httpserver):
    progress = {"sent": 0, "finished": False}
    stop = threading.Event()
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><description>'

    def huge_feed(request):
        def body():
            yield head
            for _ in range(640):  # 40 MB: below the old 50 MB answer limit, far above the feed limit
                if stop.is_set():
                    return
                chunk = b"x" * 65536
                progress["sent"] += len(chunk)
                yield chunk
            progress["finished"] = True
            yield b"</description></channel></rss>"
        return Response(body(), content_type="application/rss+xml")

    httpserver.expect_request("/huge.xml").respond_with_handler(huge_feed)
    config = write_config(tmp_path, f"""
[[source]]
name = "huge-news"
type = "feed"
url = "{httpserver.url_for('/huge.xml')}"
""")
    try:
        refreshed = refresh_command(config)
    finally:
        stop.set()
    assert "huge-news: kept-old" in refreshed.output, refreshed.output
    # The feed limit (5 MB), not the source's 50 MB: the old code downloaded all 40 MB, then refused it.
    assert "sent more than the limit of 5,000,000 bytes" in refreshed.output
    assert not progress["finished"]


# ---------------------------------------------------------------- 6. redirects


@pytest.mark.parametrize("location, expected", [
    ("javascript:alert(1)", "which is not an http(s) web address; not followed"),
    ("file:///etc/passwd", "which is not an http(s) web address; not followed"),
    ("ftp://127.0.0.1/data.json", "which is not an http(s) web address; not followed"),
])
def test_redirects_only_to_web_addresses(tmp_path, httpserver, location, expected):
    httpserver.expect_request("/moved/0/query").respond_with_data("", status=302, headers={"Location": location})
    config = write_config(tmp_path, arcgis_source(httpserver.url_for("/moved/0")))
    refreshed = refresh_command(config)
    assert "responses: kept-old" in refreshed.output and expected in refreshed.output, refreshed.output


def test_a_redirect_to_another_host_is_followed_only_when_the_source_lists_it(tmp_path, httpserver):
    # The same server under two names: 127.0.0.1 and localhost are different hosts to a browser and to us.
    old = httpserver.url_for("/old/0").replace("localhost", "127.0.0.1")
    other = httpserver.url_for("/new/0/query").replace("127.0.0.1", "localhost")
    httpserver.expect_request("/old/0/query").respond_with_data("", status=301, headers={"Location": other})
    httpserver.expect_request("/new/0/query").respond_with_data(arcgis_page(), content_type="application/json")
    config = write_config(tmp_path, arcgis_source(old))
    refused = refresh_command(config)
    assert "responses: kept-old" in refused.output, refused.output
    assert 'redirected to another host, localhost' in refused.output
    assert 'add redirect_hosts = ["localhost"] to this source' in refused.output

    config = write_config(tmp_path, arcgis_source(old, extra='redirect_hosts = ["localhost"]'))
    followed = refresh_command(config)
    assert "responses: updated" in followed.output, followed.output
    assert f"followed redirect: {old}/query" in followed.output and f"-> {other}" in followed.output


def _self_signed(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_a_redirect_from_https_to_http_is_never_followed(tmp_path, httpserver, monkeypatch):
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    secure = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    secure.start()
    try:
        plain = httpserver.url_for("/data/0/query")
        secure.expect_request("/data/0/query").respond_with_data("", status=302, headers={"Location": plain})
        httpserver.expect_request("/data/0/query").respond_with_data(arcgis_page(), content_type="application/json")
        config = write_config(tmp_path, arcgis_source(secure.url_for("/data/0")))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
        refreshed = refresh_command(config)
    finally:
        secure.clear()
        secure.stop()
    assert secure.url_for("/").startswith("https://")
    assert "responses: kept-old" in refreshed.output, refreshed.output
    assert "redirected from https to http" in refreshed.output
