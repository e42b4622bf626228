"""One configured HTTP client for every source: the only place the project opens network connections.

Interface (what adapters use):

    client = HttpClient(HttpSettings(cache_dir=Path("cache/http")))
    response = client.get(url, params={"f": "json"})   # -> Response, or raises FetchError
    response.json()        # parsed JSON, or FetchError("answered with a web page (HTML), not JSON", ...)
    response.text()        # decoded text
    response.body          # bytes (at most settings.max_bytes)
    response.not_modified  # True when the server said 304 and the body came from our cache
    response.etag, response.last_modified, response.url (with the query string)
    client.bytes_received  # body bytes that really crossed the network (0 when every answer was a 304)

What it does for you:
- connect and read timeouts (`connect_timeout`, `read_timeout`, seconds);
- retries with exponential backoff on connection errors, read timeouts, 429 and 5xx, honouring the
  server's Retry-After header (capped at `max_retry_after` so one server cannot stall a refresh);
- a descriptive User-Agent;
- conditional GET: answers with an ETag or Last-Modified are kept in a CacheControl file cache under
  `cache_dir`; the next request sends If-None-Match / If-Modified-Since, always revalidating, so an
  unchanged source answers 304 with no body;
- a size cap per response (`max_bytes`): a bigger body is refused while it downloads, and never cached.

Errors are `FetchError(message)`, whose message is plain words for organizers, e.g.
"HTTP 500 Internal Server Error from https://example.org/data.json (after 3 retries)".
A client is cheap: make one per source and thread (requests sessions are not guaranteed thread-safe);
they share the cache directory safely (the file cache locks each entry).
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cachecontrol import CacheControlAdapter
from cachecontrol.caches.file_cache import SeparateBodyFileCache
from cachecontrol.heuristics import BaseHeuristic
from urllib3.util.retry import Retry

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = (
    "HaveAHeartDurhamSite/0.1 (civic campaign website; fetches public open data once per scheduled "
    "rebuild; https://github.com/ - see README 'Statistics and data sources')"
)


class FetchError(Exception):
    """A source could not be fetched or its answer was unusable. str() is the message for organizers."""


@dataclass(frozen=True)
class HttpSettings:
    """Everything that shapes the HTTP behaviour; `sources.config` fills it from `[refresh]` in sources.toml."""

    cache_dir: Path
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 60.0
    max_bytes: int = 50_000_000


@dataclass(frozen=True)
class Response:
    """A complete, successful (2xx or 304-from-cache) answer."""

    url: str
    status: int
    body: bytes
    content_type: str
    encoding: str | None
    not_modified: bool
    etag: str | None
    last_modified: str | None

    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")

    def json(self):
        """Parsed JSON. Raises FetchError for an HTML page or JSON that is cut off or malformed."""
        head = self.body[:512].lstrip().lower()
        if "html" in self.content_type or head.startswith((b"<!doctype", b"<html", b"<")):
            raise FetchError(f"{self.url} answered with a web page (HTML), not JSON: often an error, "
                             "login or maintenance page")
        try:
            return json.loads(self.body.decode(self.encoding or "utf-8"))
        except UnicodeDecodeError as error:
            raise FetchError(f"{self.url} sent text that is not UTF-8 ({error.reason})") from None
        except json.JSONDecodeError as error:
            cut = error.pos >= len(self.body.rstrip()) - 1 or error.msg.startswith("Unterminated string")
            what = "is cut off (the download ended early)" if cut else "is not valid JSON"
            raise FetchError(f"the JSON from {self.url} {what}: {error.msg} at line {error.lineno} "
                             f"column {error.colno}") from None


class _CappedRetry(Retry):
    """urllib3 Retry that never sleeps longer than `max_retry_after` for a Retry-After header."""

    max_retry_after = 60.0

    def get_retry_after(self, response):
        value = super().get_retry_after(response)
        return None if value is None else min(value, self.max_retry_after)


class _StoreValidated(BaseHeuristic):
    """Keep answers that carry a validator, even without freshness headers, so the next GET can be conditional.

    Every request revalidates (it sends `Cache-Control: max-age=0`), so the lifetime given here only makes
    CacheControl store the answer; it is never served without asking the server first.
    """

    def update_headers(self, response):
        headers = response.headers
        if "etag" not in headers and "last-modified" not in headers:
            return {}
        if "no-store" in headers.get("cache-control", ""):
            return {}
        update = {"cache-control": "max-age=31536000"}
        if "date" not in headers:
            update["date"] = email.utils.formatdate(usegmt=True)
        return update

    def warning(self, response):
        return None


class HttpClient:
    """A requests session wrapped with CacheControl, retries, timeouts and a size cap. See the module docstring."""

    def __init__(self, settings: HttpSettings):
        self.settings = settings
        self.bytes_received = 0
        self.requests_made = 0
        retry_class = type("CappedRetry", (_CappedRetry,), {"max_retry_after": settings.max_retry_after})
        retry = retry_class(
            total=settings.retries,
            connect=settings.retries,
            read=min(settings.retries, 1),
            status=settings.retries,
            backoff_factor=settings.backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        adapter = CacheControlAdapter(
            cache=SeparateBodyFileCache(str(settings.cache_dir)),
            heuristic=_StoreValidated(),
            max_retries=retry,
        )
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def get(self, url: str, params: dict | None = None, headers: dict | None = None) -> Response:
        """GET `url`; return the whole body, or raise FetchError saying what went wrong."""
        wanted = {"Cache-Control": "max-age=0", **(headers or {})}
        started = time.monotonic()
        try:
            raw = self.session.get(url, params=params, headers=wanted, stream=True,
                                   timeout=(self.settings.connect_timeout, self.settings.read_timeout))
        except requests.exceptions.ConnectTimeout:
            raise FetchError(f"could not connect to {url} within {self.settings.connect_timeout:g} seconds") from None
        except (requests.exceptions.ReadTimeout, requests.exceptions.Timeout):
            raise FetchError(f"{url} did not answer within {self.settings.read_timeout:g} seconds") from None
        except requests.exceptions.ConnectionError as error:
            if "timed out" in str(error).lower() or "timeout" in str(error).lower():
                raise FetchError(f"{url} did not answer within {self.settings.read_timeout:g} seconds") from None
            raise FetchError(f"could not connect to {url} (is the address right and the site up?)") from None
        except requests.exceptions.RequestException as error:
            raise FetchError(f"could not fetch {url}: {error.__class__.__name__}") from None
        self.requests_made += 1
        with raw:
            full_url = raw.url
            not_modified = bool(getattr(raw, "from_cache", False))
            if raw.status_code >= 400 or raw.status_code < 200:
                tries = f" (after {self.settings.retries} retries)" if raw.status_code in (429, 500, 502, 503, 504) else ""
                raise FetchError(f"HTTP {raw.status_code} {raw.reason or ''}".rstrip() + f" from {full_url}{tries}")
            declared = raw.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.settings.max_bytes and not not_modified:
                raise FetchError(f"{full_url} is {int(declared):,} bytes, more than the limit of "
                                 f"{self.settings.max_bytes:,} (raise max_bytes for this source if that is expected)")
            chunks, size = [], 0
            try:
                for chunk in raw.iter_content(chunk_size=65536):
                    size += len(chunk)
                    if size > self.settings.max_bytes:
                        raise FetchError(f"{full_url} sent more than the limit of {self.settings.max_bytes:,} bytes "
                                         "(raise max_bytes for this source if that is expected)")
                    chunks.append(chunk)
            except requests.exceptions.RequestException as error:
                if "timed out" in str(error).lower():
                    raise FetchError(f"{full_url} stopped sending within {self.settings.read_timeout:g} seconds") from None
                raise FetchError(f"the download from {full_url} broke off ({error.__class__.__name__})") from None
            if not not_modified:
                self.bytes_received += size
            body = b"".join(chunks)
            logger.debug("GET %s -> %s%s, %d bytes, %.2fs", full_url, raw.status_code,
                         " (304, from cache)" if not_modified else "", size, time.monotonic() - started)
            return Response(
                url=full_url,
                status=raw.status_code,
                body=body,
                content_type=raw.headers.get("Content-Type", "").lower(),
                # requests guesses ISO-8859-1 for any text/* without a charset; trust only a declared one.
                encoding=raw.encoding if "charset=" in raw.headers.get("Content-Type", "").lower() else None,
                not_modified=not_modified,
                etag=raw.headers.get("ETag"),
                last_modified=raw.headers.get("Last-Modified"),
            )
