"""One configured HTTP client for every source: the only place the project opens network connections.

Interface (what adapters use):

    client = HttpClient(HttpSettings(cache_dir=Path("cache/http")))
    response = client.get(url, params={"f": "json"})   # -> Response, or raises FetchError
    response.json()        # parsed JSON, or FetchError("answered with a web page (HTML), not JSON", ...)
    response.text()        # decoded text
    response.body          # bytes (within the source's max_bytes budget)
    response.not_modified  # True when the server said 304 and the body came from our cache
    response.etag, response.last_modified, response.url (with the query string)
    client.bytes_received  # body bytes that really crossed the network (0 when every answer was a 304)
    client.redirects       # [(from, to)] for every redirect followed, for the refresh report

What it does for you:
- connect and read timeouts (`connect_timeout`, `read_timeout`, seconds, per socket read);
- a total deadline per request (`deadline`: connecting, every retry and its wait, the whole body) and per
  source (`source_deadline`): a server that sends one byte a second is cut off at the deadline, and the
  message says how long was really waited, retries included;
- retries with exponential backoff on connection errors, read timeouts, 429 and 5xx, honouring the
  server's Retry-After header (capped at `max_retry_after` and at the deadline);
- redirects followed only to http(s) addresses (the link policy, sources.links), never from https to http,
  and to another host only when the source lists it in `redirect_hosts`;
- a descriptive User-Agent;
- conditional GET: answers with an ETag or Last-Modified are kept in a CacheControl file cache under
  `cache_dir`; the next request sends If-None-Match / If-Modified-Since, always revalidating, so an
  unchanged source answers 304 with no body;
- a size limit for the whole source (`max_bytes`, all its pages together, cached answers included) and an
  optional lower one per answer (`get(..., max_bytes=N)`, a feed's limit): a body that would pass it is
  refused while it downloads, and never cached. A character set Python does not know is a FetchError.

Errors are `FetchError(message)`, whose message is plain words for organizers, e.g.
"HTTP 500 Internal Server Error from https://example.org/data.json (waited 3.5 seconds, 3 retries included)".
A client is cheap: make one per source and thread (requests sessions are not guaranteed thread-safe);
they share the cache directory safely (the file cache locks each entry).
"""

from __future__ import annotations

import codecs
import email.utils
import json
import logging
import socket
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from cachecontrol import CacheControlAdapter
from cachecontrol.caches.file_cache import SeparateBodyFileCache
from cachecontrol.heuristics import BaseHeuristic
from urllib3.util.retry import Retry

from .fetchsettings import DEFAULT_USER_AGENT, FetchError, HttpSettings  # noqa: F401 - named here too
from .links import web_link

logger = logging.getLogger(__name__)

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


RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_REDIRECTS = 5


class HttpClient:
    """A requests session wrapped with CacheControl, retries, deadlines and byte limits. See the module docstring."""

    def __init__(self, settings: HttpSettings):
        self.settings = settings
        self.bytes_received = 0  # body bytes that crossed the network
        self.bytes_read = 0  # body bytes this source has read, from the network or the cache (the max_bytes budget)
        self.requests_made = 0
        self.redirects: list[tuple[str, str]] = []  # (from, to) for every redirect followed
        self._started: float | None = None
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        # Retries and redirects are done here, not by urllib3, so that one deadline covers every try and each
        # redirect is checked (sources.links policy, https never to http, other hosts only when listed).
        self._connections = weakref.WeakSet()  # sockets this client opened, for the deadline watchdog
        adapter = _TrackingAdapter(
            self._connections,
            cache=SeparateBodyFileCache(str(settings.cache_dir)),
            heuristic=_StoreValidated(),
            max_retries=Retry(0, read=False, redirect=False),
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

    # ------------------------------------------------------------ limits

    def _deadline(self, started: float) -> tuple[float, str]:
        """(the monotonic time this request must end by, the words for which limit that is)."""
        if self._started is None:
            self._started = started
        request_end = started + self.settings.deadline
        source_end = self._started + self.settings.source_deadline
        if source_end < request_end:
            return source_end, f"the source's limit of {self.settings.source_deadline:g} seconds in all (source_deadline)"
        return request_end, f"the limit of {self.settings.deadline:g} seconds per request, retries included (deadline)"

    def _budget(self, max_bytes: int | None) -> tuple[int, str]:
        """(bytes this answer may still have, the words for the limit that applies)."""
        left = self.settings.max_bytes - self.bytes_read
        if max_bytes is not None and max_bytes < left:
            return max_bytes, f"the limit of {max_bytes:,} bytes"
        return left, f"the limit of {self.settings.max_bytes:,} bytes for this source, all its pages together"

    def _check_redirect(self, current: str, location: str) -> str:
        """The address to follow, or FetchError saying why this redirect is refused."""
        target = web_link(urljoin(current, location)) if location else None
        if target is None:
            raise FetchError(f"{current} redirected to {location[:200]!r}, which is not an http(s) web address; "
                             "not followed")
        before, after = urlsplit(current), urlsplit(target)
        if before.scheme == "https" and after.scheme == "http":
            raise FetchError(f"{current} redirected from https to http ({target}); not followed, because the "
                             "answer could be changed on the way. Use the https address the source gives")
        allowed = {host.lower() for host in self.settings.redirect_hosts}
        if after.hostname != before.hostname and after.hostname not in allowed and \
                after.hostname != urlsplit(self._first_url).hostname:
            raise FetchError(f"{current} redirected to another host, {after.hostname} ({target}); not followed. "
                             f'If that host is right, add redirect_hosts = ["{after.hostname}"] to this source')
        return target

    # ------------------------------------------------------------ the request

    def get(self, url: str, params: dict | None = None, headers: dict | None = None,
            max_bytes: int | None = None) -> Response:
        """GET `url`; return the whole body, or raise FetchError saying what went wrong.

        `max_bytes` lowers the size limit for this answer (a feed's limit); the source's `max_bytes` budget
        counts every answer this client returns, and is enforced while the body streams in.
        """
        started = time.monotonic()
        deadline, which = self._deadline(started)
        wanted = {"Cache-Control": "max-age=0", **(headers or {})}
        if params:
            url = requests.Request("GET", url, params=params).prepare().url
        self._first_url = url
        # Timeouts are per socket read: a server sending one byte a second never trips them. At the deadline
        # this watchdog shuts this client's sockets, so the read that is waiting returns at once.
        expired = threading.Event()
        watchdog = threading.Timer(max(0.0, deadline - started), self._cut, (expired,))
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._get(url, wanted, started, deadline, which, max_bytes, expired)
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            if expired.is_set():
                raise FetchError(f"{url} did not finish within {which}; waited "
                                 f"{time.monotonic() - started:.1f} seconds") from None
            raise FetchError(f"the download from {url} broke off ({error.__class__.__name__})") from None
        finally:
            watchdog.cancel()

    def _cut(self, expired: threading.Event) -> None:
        expired.set()
        for sock in list(self._connections):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed
                pass

    def _get(self, url, wanted, started, deadline, which, max_bytes, expired) -> Response:
        current, hops, tries = url, 0, 0

        def waited() -> str:
            retried = f", {tries - 1} retr{'y' if tries == 2 else 'ies'} included" if tries > 1 else ""
            return f"waited {time.monotonic() - started:.1f} seconds{retried}"

        def late() -> FetchError:
            return FetchError(f"{current} did not finish within {which}; {waited()}")

        def failed(problem: str) -> str:
            if expired.is_set():
                raise late()
            return problem

        while True:
            tries += 1
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise late()
            connect = min(self.settings.connect_timeout, remaining)
            read = min(self.settings.read_timeout, remaining)
            retry_after = None
            try:
                raw = self.session.get(current, headers=wanted, stream=True, timeout=(connect, read),
                                       allow_redirects=False)
            except requests.exceptions.ConnectTimeout:
                problem = failed(f"could not connect to {current} within {connect:g} seconds")
            except (requests.exceptions.ReadTimeout, requests.exceptions.Timeout):
                problem = failed(f"{current} did not answer within {read:g} seconds")
            except requests.exceptions.ConnectionError as error:
                problem = failed(f"{current} did not answer within {read:g} seconds" if "timed out" in str(error).lower()
                                 else f"could not connect to {current} (is the address right and the site up?)")
            except requests.exceptions.RequestException as error:
                failed("")
                raise FetchError(f"could not fetch {current}: {error.__class__.__name__}") from None
            else:
                self.requests_made += 1
                if raw.is_redirect:
                    location = raw.headers.get("Location", "")
                    raw.close()
                    hops += 1
                    if hops > MAX_REDIRECTS:
                        raise FetchError(f"{url} redirected more than {MAX_REDIRECTS} times; not followed")
                    target = self._check_redirect(current, location)
                    self.redirects.append((current, target))
                    current, tries = target, 0
                    continue
                if raw.status_code not in RETRY_STATUSES:
                    return self._read(raw, started, deadline, which, max_bytes, waited, expired)
                problem = f"HTTP {raw.status_code} {raw.reason or ''}".rstrip() + f" from {raw.url}"
                retry_after = _retry_after(raw.headers.get("Retry-After"))
                raw.close()
            if tries > self.settings.retries:
                raise FetchError(f"{problem} ({waited()})" if tries > 1 else problem)
            pause = self.settings.backoff * (2 ** (tries - 1)) if tries > 1 else 0.0
            if retry_after is not None:
                pause = max(pause, min(retry_after, self.settings.max_retry_after))
            if time.monotonic() + pause >= deadline:
                raise FetchError(f"{problem}; no time left to try again within {which} ({waited()})")
            logger.debug("retrying %s in %.1fs: %s", current, pause, problem)
            time.sleep(pause)

    def _read(self, raw, started: float, deadline: float, which: str, max_bytes: int | None, waited,
              expired: threading.Event) -> Response:
        """Stream the body of a final answer within the deadline and the byte budget."""
        with raw:
            full_url = raw.url
            not_modified = bool(getattr(raw, "from_cache", False))
            if raw.status_code >= 400 or raw.status_code < 200:
                raise FetchError(f"HTTP {raw.status_code} {raw.reason or ''}".rstrip() + f" from {full_url}")
            declared_charset = raw.encoding if "charset=" in raw.headers.get("Content-Type", "").lower() else None
            if declared_charset:
                try:
                    codecs.lookup(declared_charset)
                except LookupError:
                    raise FetchError(f'{full_url} declares the character set "{declared_charset[:40]}", which is not one '
                                     "Python knows, so its text cannot be read (a mistake on the server)") from None
            limit, limit_words = self._budget(max_bytes)
            declared = raw.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit and not not_modified:
                raise FetchError(f"{full_url} is {int(declared):,} bytes, more than {limit_words} "
                                 "(raise max_bytes for this source if that is expected)")
            chunks, size = [], 0
            try:
                for chunk in raw.iter_content(chunk_size=65536):
                    size += len(chunk)
                    if size > limit:
                        # Refused while it streams in: a source never holds more than its limit in memory.
                        raise FetchError(f"{full_url} sent more than {limit_words} "
                                         "(raise max_bytes for this source if that is expected)")
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        expired.set()
                        break
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
                if expired.is_set():
                    raise FetchError(f"{full_url} did not finish sending within {which}; {waited()}") from None
                if "timed out" in str(error).lower():
                    raise FetchError(f"{full_url} stopped sending within {self.settings.read_timeout:g} seconds; "
                                     f"{waited()}") from None
                raise FetchError(f"the download from {full_url} broke off ({error.__class__.__name__})") from None
            if expired.is_set():
                # The watchdog may end a read quietly (the socket just closes): never take that as the whole body.
                raise FetchError(f"{full_url} did not finish sending within {which}; {waited()}")
            self.bytes_read += size
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
                encoding=declared_charset,
                not_modified=not_modified,
                etag=raw.headers.get("ETag"),
                last_modified=raw.headers.get("Last-Modified"),
            )


class _TrackingAdapter(CacheControlAdapter):
    """CacheControl's adapter, remembering every socket it opens, so the deadline watchdog can shut them."""

    def __init__(self, connections, **kwargs):
        self._tracked = connections
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        tracked = self._tracked

        def tracking(base):
            class Tracked(base):
                def connect(self):
                    super().connect()
                    # The socket, not the connection: http.client lets go of a connection whose answer ends
                    # with "Connection: close" while the body is still being read from its socket.
                    tracked.add(self.sock)
            return Tracked

        pools = {}
        for scheme, pool_class in self.poolmanager.pool_classes_by_scheme.items():
            pools[scheme] = type(f"Tracked{pool_class.__name__}", (pool_class,),
                                 {"ConnectionCls": tracking(pool_class.ConnectionCls)})
        self.poolmanager.pool_classes_by_scheme = pools


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - time.time())
