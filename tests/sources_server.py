"""A real HTTP server on 127.0.0.1 (pytest-httpserver) serving open-data payloads the way real APIs do.

`DataServer` wraps pytest_httpserver.HTTPServer with helpers that answer like ArcGIS, Socrata and Opendatasoft,
with ETag / Last-Modified validators and 304 answers, and count the body bytes actually sent.
"""

from __future__ import annotations

import hashlib
import json
import threading
from email.utils import formatdate

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def arcgis_rows(count: int, start_ms: int = 1656691200000, types=("Crisis Call Diversion", "Care Navigation",
                                                                   "Community Response")) -> list[dict]:
    """`count` ArcGIS attribute rows shaped like ../shared/formats/arcgis-featureserver-query.json."""
    return [{"OBJECTID": number + 1, "RESPONSE_DATE": start_ms + number * 3_600_000,
             "RESPONSE_TYPE": types[number % len(types)], "BEAT": str(211 + number % 12), "UNIT_COUNT": 1}
            for number in range(count)]


class DataServer:
    def __init__(self, server: HTTPServer):
        self.server = server
        self.body_bytes = 0
        self.requests = 0
        self.not_modified = 0
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def reset_counts(self) -> None:
        with self._lock:
            self.body_bytes = self.requests = self.not_modified = 0

    def respond(self, request: Request, body: bytes, content_type="application/json", validators=("etag",)) -> Response:
        """Answer `body`, or 304 when the request's validator matches (what real CDNs and ArcGIS do)."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = formatdate(1700000000 + len(body) % 1000, usegmt=True)
        headers = {}
        if "etag" in validators:
            headers["ETag"] = etag
        if "last-modified" in validators:
            headers["Last-Modified"] = modified
        with self._lock:
            self.requests += 1
            matches = ("etag" in validators and request.headers.get("If-None-Match") == etag) or (
                "etag" not in validators and "last-modified" in validators
                and request.headers.get("If-Modified-Since") == modified)
            if matches:
                self.not_modified += 1
                return Response(status=304, headers=headers)
            self.body_bytes += len(body)
        return Response(body, status=200, content_type=content_type, headers=headers)

    def serve_arcgis(self, path: str, rows_holder, page_max: int = 1000, validators=("etag",)) -> None:
        """An ArcGIS layer at `path` (query at path + "/query"); `rows_holder()` gives the current rows."""
        def handler(request: Request) -> Response:
            rows = rows_holder()
            offset = int(request.args.get("resultOffset", 0))
            size = min(int(request.args.get("resultRecordCount", page_max)), page_max)
            page = rows[offset:offset + size]
            body = {"objectIdFieldName": "OBJECTID", "fields": [{"name": key} for key in (rows[0] if rows else {})],
                    "features": [{"attributes": row, "geometry": None} for row in page]}
            if offset + size < len(rows):
                body["exceededTransferLimit"] = True
            return self.respond(request, json.dumps(body).encode(), validators=validators)
        self.server.expect_request(path + "/query").respond_with_handler(handler)

    def serve_socrata(self, path: str, rows_holder) -> None:
        def handler(request: Request) -> Response:
            assert request.args.get("$order") == ":id"
            rows = rows_holder()
            offset, limit = int(request.args.get("$offset", 0)), int(request.args["$limit"])
            return self.respond(request, json.dumps(rows[offset:offset + limit]).encode())
        self.server.expect_request(path).respond_with_handler(handler)

    def serve_opendatasoft(self, path: str, rows_holder) -> None:
        def handler(request: Request) -> Response:
            rows = rows_holder()
            offset, limit = int(request.args.get("offset", 0)), int(request.args["limit"])
            if limit > 100:
                return Response(json.dumps({"error_code": "InvalidRESTParameterError",
                                            "message": "Invalid value for limit API parameter"}), status=400)
            body = {"total_count": len(rows), "results": rows[offset:offset + limit]}
            return self.respond(request, json.dumps(body).encode())
        self.server.expect_request(path).respond_with_handler(handler)

    def serve_bytes(self, path: str, body: bytes, content_type="application/json", validators=("etag",)) -> None:
        self.server.expect_request(path).respond_with_handler(
            lambda request: self.respond(request, body, content_type, validators))


def start_server() -> HTTPServer:
    # Threaded, so that sources fetched at the same time are served at the same time; port 0 = a free port.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    return server
