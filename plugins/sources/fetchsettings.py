"""What shapes fetching (HttpSettings) and how a failed fetch is reported (FetchError), without the HTTP library.

Kept apart from `sources.http` so that reading sources.toml, which every build does, does not import requests and
CacheControl (about a tenth of a second of every build); `sources.http` names them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_USER_AGENT = (
    "CivicCampaignSite/0.1 (civic campaign website; fetches public open data once per scheduled "
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
    max_bytes: int = 50_000_000  # for everything one source reads (all its pages), enforced while it streams in
    deadline: float = 120.0  # seconds one request may take in all: connecting, every retry and its wait, the body
    source_deadline: float = 600.0  # seconds all of one source's requests may take together
    redirect_hosts: tuple = ()  # other hosts a redirect may lead to (same host, http(s), never https -> http)
