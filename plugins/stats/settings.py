"""Defaults for the STATS_* settings; pelicanconf.py overrides them in its "Statistics" block."""

DEFAULTS = {
    # The source configuration: where snapshots are, and after how many days data counts as stale.
    "STATS_SOURCES_FILE": "data/sources.toml",
    # Snapshots (source names in sources.toml) holding one record per response or per count of responses.
    "STATS_RESPONSE_SOURCES": [],
    # Snapshot with one record per police beat ({"beat": ..., "district": ...}) and the city's districts.
    "STATS_BEATS_SNAPSHOT": "police-beats",
    "STATS_CITY_DISTRICTS": ["D1", "D2", "D3", "D4", "D5"],
    # Override [refresh] stale_after_days from sources.toml (None: use the file's value).
    "STATS_STALE_AFTER_DAYS": None,
    # "YYYY-MM-DD" to pretend today is another day (for tests and reproducible builds); None: today.
    "STATS_TODAY": None,
    # Metric IDs shown as cards at the top of the statistics page, in this order.
    "STATS_PAGE_FIGURES": [],
}
