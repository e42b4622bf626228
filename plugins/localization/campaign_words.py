"""The campaign's own words in a language edition: data/site.LANG.toml over data/site.toml. No Pelican here.

Only words: the tagline, the description, the menu's and footer's labels (in the original's order) and the
[words] sentences. Everything else (pages the links point to, figures, clock) stays the original's.
"""

from __future__ import annotations

from content_checks.problems import Problem

from .data import overlay, read_words

WORD_KEYS = ("tagline", "description", "menu", "footer", "words")


def localize(campaign, lang: str) -> list[Problem]:
    """Put the words of data/site.LANG.toml into `campaign`; return what is wrong with that file."""
    path = campaign.data_file("site.toml")
    shown = f"data/site.{lang}.toml"
    words, problems = read_words(path, lang, "data/site.toml")
    if not words:
        return problems
    for key in words:
        if key not in WORD_KEYS:
            problems.append(Problem(shown, None, key, "is not a word the translation may change.",
                                    f"Translate only {', '.join(WORD_KEYS)}; settings stay in data/site.toml."))
    original = {
        "tagline": campaign.tagline, "description": campaign.description, "words": dict(campaign.words),
        "menu": [{"label": link.label, "page": link.page} for link in campaign.menu],
        "footer": [{"label": link.label, "page": link.page} for link in campaign.footer],
    }
    merged, found = overlay(original, {key: value for key, value in words.items() if key in WORD_KEYS}, shown=shown)
    campaign.tagline, campaign.description = merged["tagline"], merged["description"]
    campaign.words.update(merged["words"])
    for links, tables in ((campaign.menu, merged["menu"]), (campaign.footer, merged["footer"])):
        for link, table in zip(links, tables):
            link.label = table["label"]
    return problems + found
