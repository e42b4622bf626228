"""Pure rules of the council plugin: deadline rules in words and times, mail links, letter checks."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest

from council.letters import read_letter, speaking_time
from council.mail_links import gmail, mailto
from council.speaking import check_rule, compute_deadline, describe_rule, relative_words

DURHAM = ZoneInfo("America/New_York")
MONDAY_AFTER_DST = date(2023, 3, 13)
START = datetime(2023, 3, 13, 19, 0, tzinfo=DURHAM)


@pytest.mark.parametrize("rule, words, deadline", [
    ({"days_before": 1, "business_days": True, "at": "12:00"}, "noon on the business day before the meeting",
     "2023-03-10T12:00:00-05:00"),
    ({"days_before": 2, "business_days": True, "at": "17:00"}, "5 p.m. two business days before the meeting",
     "2023-03-09T17:00:00-05:00"),
    ({"days_before": 1, "at": "12:00"}, "noon on the day before the meeting", "2023-03-12T12:00:00-04:00"),
    ({"days_before": 7}, "seven days before the meeting", "2023-03-06T23:59:59-05:00"),
    ({"minutes_before": 0}, "when the meeting starts", "2023-03-13T19:00:00-04:00"),
    ({"minutes_before": 120}, "two hours before the meeting starts", "2023-03-13T17:00:00-04:00"),
    ({"days_before": 0, "at": "17:00"}, "5 p.m. on the day of the meeting", "2023-03-13T17:00:00-04:00"),
])
def test_deadline_rules(rule, words, deadline):
    assert check_rule(rule) is None
    assert describe_rule(rule) == words
    assert compute_deadline(rule, MONDAY_AFTER_DST, START, DURHAM).moment.isoformat() == deadline


@pytest.mark.parametrize("rule, problem", [
    ({"days_before": 1, "minutes_before": 10}, "needs exactly one of"),
    ({"at": "12:00"}, "needs exactly one of"),
    ({"days_before": -1}, "whole number"),
    ({"days_before": 1, "at": "noon"}, 'at "noon" is not a time'),
    ({"days_before": 1, "business": True}, "unknown keys business"),
])
def test_bad_rules_are_explained(rule, problem):
    assert problem in check_rule(rule)


def test_relative_words_match_the_script():
    deadline = compute_deadline({"days_before": 1, "business_days": True, "at": "12:00"}, MONDAY_AFTER_DST, START, DURHAM)
    assert relative_words(deadline, datetime(2023, 3, 10, 9, 0, tzinfo=DURHAM)) == "closes in 3 hours"
    assert relative_words(deadline, datetime(2023, 3, 7, 9, 0, tzinfo=DURHAM)) == "closes in 3 days"
    assert relative_words(deadline, datetime(2023, 3, 10, 12, 0, tzinfo=DURHAM)) == "has closed"


@pytest.mark.parametrize("text", [
    "Plain text", "Line one\nLine two\n\nLine four", "a & b ? c # d + e % f = g", "100%25 is not 100%",
    "Señora Muñoz: ¿por qué? ¡Sí! año, acción, pingüino", "Trailing spaces   \n  and tabs\t", "emoji ❤️ HEART",
])
def test_mailto_round_trips(text):
    link = mailto(["council@example.org"], subject=text, body=text, cc=["a@example.org", "b@example.org"])
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == "council@example.org"
    fields = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    assert unquote(fields["body"]) == text.replace("\n", "\r\n")
    assert unquote(fields["subject"]) == text
    assert unquote(fields["cc"]) == "a@example.org,b@example.org"
    assert "+" not in parts.query and " " not in link
    web = dict(pair.split("=", 1) for pair in urlsplit(gmail(["council@example.org"], text, text)).query.split("&"))
    assert unquote(web["body"]) == text and unquote(web["su"]) == text


def test_letter_checks_name_the_line_and_the_fix():
    text = "Title: T\nSend_as: cc\nExpires: soon\nLang: fr\n\nHello {nombre}, {pet}.\n"
    letter, problems = read_letter("content/letters/t.md", text, "t")
    messages = [str(problem) for problem in problems]
    assert 'content/letters/t.md:1: Subject: is missing. Every letter needs a subject line. ' \
           'Add a line like: Subject: Please fund the program in the budget' in messages
    assert any(m.startswith('content/letters/t.md:2: Send_as: "cc" is not a way to send.') for m in messages)
    assert any(m.startswith('content/letters/t.md:3: Expires: "soon" is not a date.') for m in messages)
    assert any(m.startswith('content/letters/t.md:4: Lang: "fr" is not a language the site has.') for m in messages)
    assert any(m.startswith('content/letters/t.md:6: letter: "{pet}" is not a placeholder') for m in messages)
    assert not any("{nombre}" in m for m in messages)  # a Spanish alias of {name}
    assert letter is None


def test_speaking_time_at_130_words_a_minute():
    timing = speaking_time(" ".join(["word"] * 390), limit_minutes=3)
    assert (timing.words, timing.seconds, timing.fits) == (390, 180, True)
    assert not speaking_time(" ".join(["word"] * 391), limit_minutes=3).fits
