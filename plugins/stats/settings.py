"""Defaults for the STATS_* settings. What the numbers page shows is the campaign's: [numbers] in data/site.toml."""

DEFAULTS = {
    # The source configuration: where snapshots are, and after how many days data counts as stale.
    # Empty: the campaign's data/sources.toml.
    "STATS_SOURCES_FILE": "",
    # Override [refresh] stale_after_days from sources.toml (None: use the file's value).
    "STATS_STALE_AFTER_DAYS": None,
}
