"""Data-source adapters and the fetch layer: the only code that touches the network. Never imports Pelican.

Modules (each has its own docstring with the full interface):

- `sources.http`: `HttpClient`, one configured HTTP session (timeouts, retries with backoff honouring
  Retry-After, User-Agent, conditional GET through a CacheControl file cache, size cap per response).
- `sources.registry`: `register_source_type(...)`, the table of source types. Add a type by registering a
  fetch function; `refresh` and the config validator pick it up.
- `sources.config`: reads and validates `data/sources.toml` into `RefreshSettings` and `SourceConfig`s.
- `sources.snapshots`: `save_snapshot` / `load_snapshot`: atomic, sorted, indented JSON in `data/snapshots/`
  with provenance, refusing empty, malformed, schema-drifted or suddenly smaller data.
- `sources.refresh`: `refresh(...)`, fetches every configured source concurrently and prints a report.
- `sources.adapters`: the built-in types (arcgis, socrata, opendatasoft, csv, json, figures).
"""
