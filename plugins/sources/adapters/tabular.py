"""Source types for open-data tables: arcgis, socrata, opendatasoft, csv and json.

Each fetches every page, then maps columns to our records with `sources.mapping.normalize` (the `fields`
and `filter` tables in sources.toml). Upstream quirks are handled here and explained where they are.
"""

from __future__ import annotations

import csv
import io

from ..mapping import MAPPING_OPTIONS, check_mapping, normalize
from ..registry import FetchResult, Option, SourceError, register_source_type

PAGING = {
    "page_size": Option(int, help="Records asked for per request.", example="1000"),
    "max_pages": Option(int, help="Stop with an error after this many pages (guards against loops).",
                        example="500", default=500),
}


def _result(source, records_rows, first, responses, extra_meta=None) -> FetchResult:
    records, meta = normalize(records_rows, source.options, first.url)
    meta.update(extra_meta or {})
    meta["pages"] = len(responses)
    return FetchResult(records=records, source_url=first.url,
                       not_modified=all(response.not_modified for response in responses),
                       etag=first.etag, last_modified=first.last_modified, meta=meta)


# --- ArcGIS REST FeatureServer / MapServer layer query -------------------------------------------------------

def fetch_arcgis(source, client) -> FetchResult:
    options = source.options
    url = source.url.rstrip("/")
    if not url.endswith("/query"):
        url += "/query"
    fields = list((options.get("fields") or {}).values()) + list(options.get("filter") or {})
    page_size = options.get("page_size") or 1000
    params = {"where": options.get("where") or "1=1", "outFields": ",".join(dict.fromkeys(fields)) or "*",
              "returnGeometry": "false", "f": "json", "resultRecordCount": page_size}
    if options.get("order_by"):
        # Paging without an order can skip or repeat rows on some servers.
        params["orderByFields"] = options["order_by"]
    rows, responses, offset = [], [], 0
    for _page in range(options.get("max_pages") or 500):
        response = client.get(url, params={**params, "resultOffset": offset})
        responses.append(response)
        body = response.json()
        if not isinstance(body, dict):
            raise SourceError(f"{response.url} did not answer with an ArcGIS query result")
        if "error" in body:
            # ArcGIS reports most errors as HTTP 200 with an `error` object.
            error = body["error"] if isinstance(body["error"], dict) else {"message": str(body["error"])}
            details = "; ".join(str(detail) for detail in error.get("details") or [])
            raise SourceError(f"ArcGIS error {error.get('code', '')} from {response.url}: "
                              f"{error.get('message', 'no message')}" + (f" ({details})" if details else ""))
        features = body.get("features")
        if not isinstance(features, list):
            raise SourceError(f"{response.url} answered without a `features` list: not an ArcGIS layer query")
        rows += [feature.get("attributes") or {} for feature in features if isinstance(feature, dict)]
        offset += len(features)
        if not body.get("exceededTransferLimit"):
            break
        if not features:
            raise SourceError(f"{response.url} says there is more data (exceededTransferLimit) but sent none")
    else:
        raise SourceError(f"{url} still had more pages after {options.get('max_pages')} (raise max_pages)")
    return _result(source, rows, responses[0], responses)


register_source_type(
    "arcgis", fetch_arcgis,
    description="ArcGIS REST FeatureServer or MapServer layer (url ends with the layer number).",
    options={**MAPPING_OPTIONS, **PAGING,
             "where": Option(str, help="ArcGIS where clause.", example='"RESPONSE_DATE >= DATE \'2022-06-01\'"'),
             "order_by": Option(str, help="orderByFields for stable paging.", example='"OBJECTID"')},
    check=check_mapping,
)


# --- Socrata SODA ---------------------------------------------------------------------------------------------

def fetch_socrata(source, client) -> FetchResult:
    options = source.options
    page_size = options.get("page_size") or 50000
    params = {"$limit": page_size, "$order": ":id"}  # :id ordering is what Socrata documents for paging
    if options.get("where"):
        params["$where"] = options["where"]
    rows, responses, offset = [], [], 0
    for _page in range(options.get("max_pages") or 500):
        response = client.get(source.url, params={**params, "$offset": offset})
        responses.append(response)
        body = response.json()
        if isinstance(body, dict) and (body.get("error") or "message" in body):
            raise SourceError(f"Socrata error from {response.url}: {body.get('message') or body.get('code')}")
        if not isinstance(body, list):
            raise SourceError(f"{response.url} did not answer with a list of rows: not a SODA resource")
        rows += body
        offset += len(body)
        if len(body) < page_size:
            break
    else:
        raise SourceError(f"{source.url} still had more pages after {options.get('max_pages')} (raise max_pages)")
    return _result(source, rows, responses[0], responses)


register_source_type(
    "socrata", fetch_socrata,
    description="Socrata SODA resource, e.g. https://data.example.gov/resource/abcd-1234.json.",
    options={**MAPPING_OPTIONS, **PAGING, "where": Option(str, help="SoQL $where clause.", example='"beat IS NOT NULL"')},
    check=check_mapping,
)


# --- Opendatasoft Explore API v2.1 ---------------------------------------------------------------------------

ODS_WINDOW = 10_000  # offset + limit may not pass 10,000 on the records endpoint


def fetch_opendatasoft(source, client) -> FetchResult:
    options = source.options
    page_size = min(options.get("page_size") or 100, 100)  # the records endpoint allows at most 100
    params = {"limit": page_size}
    if options.get("where"):
        params["where"] = options["where"]
    rows, responses, offset, total = [], [], 0, None
    for _page in range(options.get("max_pages") or 500):
        response = client.get(source.url, params={**params, "offset": offset})
        responses.append(response)
        body = response.json()
        if isinstance(body, dict) and "error_code" in body:
            raise SourceError(f"Opendatasoft error {body['error_code']} from {response.url}: {body.get('message', '')}")
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise SourceError(f"{response.url} answered without a `results` list: not an Explore v2.1 records answer")
        total = body.get("total_count", total)
        if isinstance(total, int) and total > ODS_WINDOW:
            raise SourceError(f"{source.url} has {total:,} records, more than the records API gives (10,000); "
                              "use the dataset's /exports/json address with type = \"json\"")
        rows += body["results"]
        offset += len(body["results"])
        if not body["results"] or (isinstance(total, int) and offset >= total):
            break
    else:
        raise SourceError(f"{source.url} still had more pages after {options.get('max_pages')} (raise max_pages)")
    return _result(source, rows, responses[0], responses, {"total_count": total})


register_source_type(
    "opendatasoft", fetch_opendatasoft,
    description="Opendatasoft Explore API v2.1 .../catalog/datasets/ID/records.",
    options={**MAPPING_OPTIONS, **PAGING, "where": Option(str, help="ODSQL where clause.", example='"beat is not null"')},
    check=check_mapping,
)


# --- Plain CSV and JSON addresses -----------------------------------------------------------------------------

def fetch_csv(source, client) -> FetchResult:
    response = client.get(source.url)
    text = response.text().lstrip("\ufeff")
    if text.lstrip()[:1] == "<":
        raise SourceError(f"{response.url} answered with a web page (HTML), not CSV: often an error or login page")
    reader = csv.DictReader(io.StringIO(text), delimiter=source.options.get("delimiter") or ",")
    try:
        rows = list(reader)
    except csv.Error as error:
        raise SourceError(f"the CSV from {response.url} is malformed: {error}") from None
    if reader.fieldnames is None:
        raise SourceError(f"{response.url} sent an empty CSV file (no header row)")
    return _result(source, rows, response, [response])


register_source_type(
    "csv", fetch_csv,
    description="A CSV file at a web address, first row = column names.",
    options={**MAPPING_OPTIONS, "delimiter": Option(str, help="Column separator.", example='";"', default=",")},
    check=check_mapping,
)


def fetch_json(source, client) -> FetchResult:
    response = client.get(source.url)
    body = response.json()
    path = source.options.get("records_path") or ""
    for step in [part for part in path.split(".") if part]:
        if not isinstance(body, dict) or step not in body:
            raise SourceError(f'{response.url} has no "{step}" (records_path = "{path}"); '
                              f"keys there: {', '.join(list(body)[:20]) if isinstance(body, dict) else 'none'}")
        body = body[step]
    if not isinstance(body, list):
        raise SourceError(f"{response.url} does not hold a list of records"
                          + (f' at "{path}"' if path else "; set records_path to where the list is"))
    return _result(source, body, response, [response])


register_source_type(
    "json", fetch_json,
    description="A JSON file at a web address holding a list of records.",
    options={**MAPPING_OPTIONS,
             "records_path": Option(str, help="Dotted path to the list inside the JSON.", example='"data.items"')},
    check=check_mapping,
)
