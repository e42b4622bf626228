"""Work kept between builds (the preview rebuilds in one process, and language editions build in turn) never
hides a change: each cache here is checked against an edit. No timing is asserted."""

from __future__ import annotations

import os

from jinja2 import Environment, FileSystemLoader

from content_checks import plugin as checks_plugin
from incremental.templates import read_names
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
