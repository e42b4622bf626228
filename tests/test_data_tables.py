"""Hand-kept TOML data files share one key check: missing keys and typos are named with the fix."""

from content_checks.tables import check_table_keys


def test_missing_and_misspelled_keys_are_named_with_a_fix():
    table = {"id": "responses-2024", "value": "11,612", "soruce_name": "People's Alliance"}
    problems = check_table_keys("data/figures.toml", 12, table, "figure", "responses-2024",
                                ("id", "value", "source_name"), ("source_url",))
    assert [str(problem) for problem in problems] == [
        'data/figures.toml:12: source_name: is missing in figure "responses-2024". '
        'Add a line like: source_name = "..." (every figure needs id, value, source_name).',
        'data/figures.toml:12: soruce_name: is not a field a figure has (figure "responses-2024"). '
        'Did you mean "source_name"?',
    ]


def test_a_complete_table_has_no_problems():
    table = {"id": "all", "email": "council@durhamnc.gov", "source_url": "https://www.durhamnc.gov/1347"}
    assert check_table_keys("data/officials.toml", 3, table, "official", "all", ("id", "email"), ("source_url",)) == []


def test_web_addresses_need_a_scheme_and_a_host():
    from sources.links import is_web_address

    assert is_web_address("https://www.durhamnc.gov/HEART-data")
    assert is_web_address("http://127.0.0.1:8000/data.json")
    for value in ("www.durhamnc.gov/HEART-data", "javascript:alert(1)", "https://", "mailto:council@durhamnc.gov",
                  "https://www.durham nc.gov/"):
        assert not is_web_address(value), value
