"""Agenda watch, the pure parts: the one matcher (sources.terms) on hard cases, the checked data/watch.toml loader,
and the agenda-item parsers (Legistar event items, HTML agenda, PDF text, iCalendar DESCRIPTION)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from council.watch import WatchList, load_watch, match_items
from sources.agenda import (AgendaError, AgendaItem, keep_first_seen, parse_agenda_html, parse_agenda_text,
                            parse_legistar_items, parse_organizer_items, pdf_pages)
from sources.terms import Matcher, Term, marked, matches_keywords
from sources.provenance import Provenance

FORMATS = Path("/work/shared/formats")


def found(text: str, *terms, exclude=()) -> list[str]:
    """The words of `text` that the matcher finds."""
    return [text[hit.start:hit.end] for hit in Matcher(terms, exclude).find(text)]


# ---------------------------------------------------------------- matching rules


def test_heart_in_capitals_matches_only_the_acronym_as_a_whole_word():
    assert found("Public hearing on HEART staffing", "HEART") == ["HEART"]
    assert found("A heartfelt thank-you to staff", "HEART") == []
    assert found("A HEARTFELT THANK-YOU", "HEART") == []  # whole words, even in capitals
    assert found("Proclamation for the Heart Association", "HEART") == []
    assert found("heart disease prevention month", "HEART") == []
    assert found("sweetheart; HEART's budget", "HEART") == ["HEART"]


def test_a_term_in_lower_case_ignores_case_but_not_word_boundaries():
    assert found("HEART expands; Heart of the city", "heart") == ["HEART", "Heart"]
    assert found("heartfelt and heartbreaking", "heart") == []
    assert found("the HEART team", Term("heart", match_case=True)) == []  # organizers can insist on case


def test_seguridad_comunitaria_matches_with_or_without_accents():
    for text in ("Presupuesto de Seguridad Comunitaria", "Presupuesto de Seguridad Comunitária",
                 "PRESUPUESTO DE SEGURIDAD COMUNITARIA", "Seguridad\nComunitaria"):
        assert found(text, "Seguridad Comunitaria") != [], text
    assert found("Presupuesto de Seguridad Comunitaria", "Seguridad Comunitária") == ["Seguridad Comunitaria"]
    # Positions point into the text as written, also when accents are separate combining characters.
    decomposed = "Informe: Seguridad Comunita\u0301ria."
    assert found(decomposed, "Seguridad Comunitaria") == ["Seguridad Comunita\u0301ria"]


def test_an_excluded_phrase_removes_the_match_inside_it_only():
    title = "PROCLAMATION: AMERICAN HEART ASSOCIATION MONTH"
    assert found(title, "HEART") == ["HEART"]  # capitals everywhere: the acronym rule alone cannot tell
    assert found(title, Term("HEART", exclude=("American Heart Association",))) == []
    assert found(title, "HEART", exclude=["American Heart Association"]) == []
    both = "HEART staffing, and a grant from the AMERICAN HEART ASSOCIATION"
    assert found(both, Term("HEART", exclude=("American Heart Association",))) == ["HEART"]


def test_marked_pieces_keep_every_character():
    text = "Public hearing: HEART and Community Safety"
    hits = Matcher(["HEART", "Community Safety"]).find(text)
    pieces = marked(text, hits)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, hit in pieces if hit] == ["HEART", "Community Safety"]


@pytest.mark.parametrize("text, include, exclude, expected", [
    ("HEART expands", ["heart"], [], True),
    ("a heartbreaking loss", ["heart"], [], False),
    ("heart disease study", ["HEART"], [], False),
    ("Durham's HEART team", ["HEART"], [], True),
    ("Sponsored: HEART", ["HEART"], ["sponsored"], False),  # news: an excluded word drops the whole story
    ("La POLICÍA de Durham", ["policia"], [], True),
    ("respuestas sin armas", ["respuesta*"], [], True),
    ("crisis   response teams", ["crisis response"], [], True),
    ("anything at all", [], [], True),
    ("anything at all", [], ["anything"], False),
])
def test_news_keywords_use_the_same_matcher(text, include, exclude, expected):
    assert matches_keywords(text, include, exclude) is expected


# ---------------------------------------------------------------- data/watch.toml


def load(tmp_path: Path, text: str):
    path = tmp_path / "watch.toml"
    path.write_text(text, encoding="utf-8")
    return load_watch(path, "data/watch.toml")


def test_shipped_watch_file_is_valid_and_watches_something():
    watch, problems = load_watch(Path(__file__).parent.parent / "data" / "watch.toml", "data/watch.toml")
    assert problems == [] and watch.terms


def test_a_good_file_gives_terms_with_their_exclusions(tmp_path):
    watch, problems = load(tmp_path, 'exclude = ["Heart Month"]\n\n[[term]]\nphrase = "HEART"\n'
                                     'exclude = ["American Heart Association"]\n\n[[term]]\nphrase = "budget"\n'
                                     "match_case = false\n")
    assert problems == []
    assert watch.terms == (Term("HEART", ("American Heart Association",)), Term("budget", (), False))
    assert watch.exclude == ("Heart Month",)


@pytest.mark.parametrize("text, expected", [
    ('[[term]]\nphrse = "HEART"\n',
     ['data/watch.toml:1: phrase: is missing in watch term "term 1". Add a line like: phrase = "..." '
      "(every watch term needs phrase).",
      'data/watch.toml:1: phrse: is not a field a watch term has (watch term "term 1"). Did you mean "phrase"?']),
    ('[[terms]]\nphrase = "HEART"\n',
     ['data/watch.toml:1: terms: is not something this file has. Did you mean "term"?']),
    ('exclude = "Heart Month"\n',
     ['data/watch.toml:1: exclude: must be a list of phrases in quotes. Write it like: exclude = '
      '["Health Care Authority"]']),
    ('\n[[term]]\nphrase = "HEART"\nmatch_case = "yes"\n',
     ['data/watch.toml:2: match_case: must be true or false (watch term "HEART"). Write: match_case = true '
      "(only these exact capitals count) or false (any case)."]),
    ('[[term]]\nphrase = "HEART"\n\n[[term]]\nphrase = "Heárt"\n',
     ['data/watch.toml:4: phrase: "Heárt" is listed twice (also on line 1). Keep one [[term]] for it; put every '
      "exclusion in that one."]),
    ('[[term]]\nphrase = "***"\n',
     ['data/watch.toml:1: phrase: "***" has no letters or digits to look for (watch term 1). Write a word or '
      'phrase, like: phrase = "CARE"']),
    ('[[term]]\nphrase = "HEART\n',
     ["data/watch.toml:2: cannot be read: "]),
])
def test_mistakes_are_reported_with_file_line_and_fix(tmp_path, text, expected):
    watch, problems = load(tmp_path, text)
    messages = [str(problem) for problem in problems]
    if expected[0].endswith("cannot be read: "):
        assert len(messages) == 1 and messages[0].startswith(expected[0]) and "Check quotes" in messages[0]
    else:
        assert messages == expected


def test_old_editors_files_are_read_or_named(tmp_path):
    path = tmp_path / "watch.toml"
    path.write_bytes(b"\xef\xbb\xbf[[term]]\nphrase = \"Seguridad Comunitaria\"\n")  # UTF-8 with a byte-order mark
    watch, problems = load_watch(path, "data/watch.toml")
    assert problems == [] and watch.terms == (Term("Seguridad Comunitaria"),)
    path.write_bytes('[[term]]\nphrase = "Polic\u00eda"\n'.encode("cp1252"))
    watch, problems = load_watch(path, "data/watch.toml")
    assert len(problems) == 1 and str(problems[0]).startswith("data/watch.toml:2: this file is not saved as UTF-8")


def test_a_missing_file_watches_nothing(tmp_path):
    watch, problems = load_watch(tmp_path / "none.toml", "data/watch.toml")
    assert problems == [] and not watch and match_items([AgendaItem(title="HEART")], watch) == []


def test_items_match_on_title_or_note_in_agenda_order():
    watch = WatchList((Term("HEART"), Term("Seguridad Comunitaria")), ("American Heart Association",))
    items = [AgendaItem(number="3", title="Proclamation: AMERICAN HEART ASSOCIATION month"),
             AgendaItem(number="12", title="Public hearing on the budget", note="Includes HEART staffing"),
             AgendaItem(number="14", title="Informe de Seguridad Comunitária")]
    matches = match_items(items, watch)
    assert [(match.item.number, match.terms) for match in matches] == [("12", ("HEART",)),
                                                                       ("14", ("Seguridad Comunitaria",))]
    assert [piece for piece, hit in matches[1].pieces if hit] == ["Seguridad Comunitária"]


# ---------------------------------------------------------------- agenda items from each source


def test_legistar_event_items_in_the_documented_shape():
    rows = json.loads((FORMATS / "legistar-eventitems.json").read_text())
    items = parse_legistar_items(list(reversed(rows)),
                                 details_url="https://example.legistar.com/MeetingDetail.aspx?ID=1842&GUID=X")
    first, second = items  # sorted by EventItemAgendaSequence, whatever order the rows came in
    assert first.number == "12" and first.file_number == "23-0412" and first.matter_type == "Public Hearing"
    assert first.title.startswith("Public hearing on the proposed FY2023-24 budget")
    assert first.public_hearing and not first.consent
    assert first.url == ("https://example.legistar.com/LegislationDetail.aspx?ID=7731"
                         "&GUID=A1C2E3F4-5B6D-4E7F-8091-A2B3C4D5E6F7")
    assert (second.number, second.title, second.url) == ("", "Adjournment", "")
    with pytest.raises(AgendaError, match="Agency not found"):
        parse_legistar_items({"Message": "Agency not found"})


def test_legistar_item_links_pass_the_link_policy():
    rows = [{"EventItemId": 1, "EventItemAgendaSequence": 1, "EventItemTitle": "HEART report",
             "EventItemMatterAttachments": [{"MatterAttachmentHyperlink": "javascript:alert(1)"},
                                            {"MatterAttachmentHyperlink": "java\tscript:alert(2)"},
                                            {"MatterAttachmentHyperlink": "https://example.org/report.pdf"}]}]
    assert parse_legistar_items(rows, details_url="javascript:alert(3)")[0].url == "https://example.org/report.pdf"


AGENDA_TEXT = """CITY COUNCIL MEETING AGENDA
Monday, 7:00 PM, Council Chambers
I. CALL TO ORDER
1. Roll call
II. CONSENT AGENDA
2. Approval of minutes
3. Proclamation: AMERICAN HEART ASSOCIATION month
III. PUBLIC HEARINGS
12. Public hearing on the proposed budget,
including the Community Safety Department
File #: 23-0412
Page 2 of 3
13.
Zoning map change for 2023 Main Street
"""


def test_agenda_text_gives_numbers_sections_file_numbers_and_page_links():
    items = parse_agenda_text([AGENDA_TEXT, "14. Report on HEART response times\n"],
                              url="https://www.example.gov/AgendaCenter/ViewFile/Agenda/_05152023-2101",
                              source="agendacenter-pdf", page_links=True)
    by_number = {item.number: item for item in items}
    assert list(by_number) == ["1", "2", "3", "12", "13", "14"]
    hearing = by_number["12"]
    assert hearing.title == "Public hearing on the proposed budget, including the Community Safety Department"
    assert (hearing.file_number, hearing.matter_type, hearing.public_hearing) == ("23-0412", "PUBLIC HEARINGS", True)
    assert by_number["2"].consent and not by_number["2"].public_hearing
    assert by_number["13"].title == "Zoning map change for 2023 Main Street"  # a number alone on its line
    assert by_number["14"].url.endswith("_05152023-2101#page=2")


def test_html_agenda_keeps_each_items_own_link():
    page = """<html><head><title>Agenda</title><script>var x = "1. not an item";</script></head><body>
    <h2>PUBLIC HEARINGS</h2>
    <table><tr><td>12.</td><td><a href="/AgendaCenter/ViewFile/Item/512?fileID=900">Public hearing on the budget,
    including HEART</a></td></tr>
    <tr><td>13.</td><td>Zoning <a href="javascript:alert(1)">change</a></td></tr></table></body></html>"""
    items = parse_agenda_html(page, url="https://www.example.gov/AgendaCenter/ViewFile/Agenda/_05152023-2101?html=true")
    assert [(item.number, item.title) for item in items] == [("12", "Public hearing on the budget, including HEART"),
                                                             ("13", "Zoning change")]
    assert items[0].url == "https://www.example.gov/AgendaCenter/ViewFile/Item/512?fileID=900"
    assert items[1].url == "" and items[0].public_hearing
    with pytest.raises(AgendaError, match="no numbered items"):
        parse_agenda_html("<html><body><p>Sorry, the page is down.</p></body></html>", url="https://example.gov/")


def make_pdf(pages: list[list[str]]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_pdf_text_is_read_with_page_and_size_limits():
    body = make_pdf([["III. PUBLIC HEARINGS", "12. Public hearing on HEART staffing"], ["13. Adjournment"],
                     ["Attachment: 300 pages of budget tables"]])
    pages = pdf_pages(body, max_pages=2)
    assert len(pages) == 2 and "12. Public hearing on HEART staffing" in pages[0]
    items = parse_agenda_text(pages, url="https://example.gov/a.pdf", page_links=True)
    assert [(item.number, item.url) for item in items] == [("12", "https://example.gov/a.pdf#page=1"),
                                                          ("13", "https://example.gov/a.pdf#page=2")]
    with pytest.raises(AgendaError, match="more than the limit of 100"):
        pdf_pages(body, max_bytes=100)
    with pytest.raises(AgendaError, match="could not be read|no text"):
        pdf_pages(body[:400] + b"\x00garbage" * 50)
    with pytest.raises(AgendaError, match="not a PDF"):
        pdf_pages(b"<!doctype html><title>Error</title>")


def test_calendar_description_and_organizer_items():
    items = parse_agenda_text(["Agenda:\n1. Call to order\n2. Presupuesto de Seguridad Comunitaria\n"],
                              url="https://example.gov/m/1", source="icalendar")
    assert [(item.number, item.title) for item in items] == [("1", "Call to order"),
                                                             ("2", "Presupuesto de Seguridad Comunitaria")]
    assert items[0].url == ""  # no page links for a calendar entry; the page links to the meeting's agenda
    organizer = parse_organizer_items(["Item 12: budget public hearing", "HEART staffing"])
    assert [(item.number, item.title, item.public_hearing) for item in organizer] == [
        ("12", "budget public hearing", True), ("", "HEART staffing", False)]


def test_items_keep_the_time_they_were_first_seen():
    before = [AgendaItem(number="12", title="HEART  staffing", first_seen="2026-01-01T00:00:00Z")]
    now = "2026-02-01T00:00:00Z"
    after = keep_first_seen([AgendaItem(number="12", title="HEART staffing"), AgendaItem(number="13", title="New")],
                            before, now)
    assert [item.first_seen for item in after] == ["2026-01-01T00:00:00Z", now]


def test_hostile_agenda_payloads_give_items_or_a_named_problem():
    """Whatever a server sends, the parsers return items or raise AgendaError with words: never another exception."""
    import random

    rng = random.Random(18)  # fixed seed: the same inputs on every run
    good = make_pdf([["12. Public hearing on HEART staffing"]])
    pdfs = [b"", b"%PDF-1.7\n", b"%PDF-1.7\n%%EOF", good[: len(good) // 2], good.replace(b"obj", b"jbo"),
            good.replace(b"/Length", b"/Length 999999999 /X"), b"%PDF" + bytes(rng.randrange(256) for _ in range(3000))]
    for _ in range(12):
        mutated = bytearray(good)
        for _ in range(20):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        pdfs.append(bytes(mutated))
    for body in pdfs:
        try:
            assert isinstance(parse_agenda_text(pdf_pages(body), url="https://example.gov/a.pdf"), list)
        except AgendaError as error:
            assert str(error)
    pages = ["<" * 5000, "<a href='http://[::1'>1. x</a>", "<table>" * 2000 + "1. HEART", "\x00\ufeff1.\u200b x",
             "".join(rng.choice("<>/a =\"'1.\n&#;x") for _ in range(5000))]
    for page in pages:
        try:
            assert isinstance(parse_agenda_html(page, url="https://example.gov/"), list)
        except AgendaError as error:
            assert str(error)
    rows = [None, 1, "x", [], {"EventItemTitle": 5}, {"EventItemTitle": "A", "EventItemAgendaSequence": "two"},
            {"EventItemTitle": "B", "EventItemAgendaSequence": 1, "EventItemMatterId": "7",
             "EventItemMatterAttachments": [None, {"MatterAttachmentHyperlink": 3}]},
            {"EventItemTitle": ["list"], "EventItemAgendaNumber": {"a": 1}, "EventItemId": "z"}]
    # Sorted by sequence; rows without a whole-number sequence keep their order, last.
    assert [item.title for item in parse_legistar_items(rows)] == ["B", "5", "A", "['list']"]


def test_item_requests_stop_at_the_limit_and_say_so():
    from datetime import date, timedelta
    from zoneinfo import ZoneInfo

    from sources.adapters.meetings import _with_items
    from sources.meeting import Meeting

    zone = ZoneInfo("America/New_York")
    soon = date.today() + timedelta(days=3)

    def meeting(number: int) -> Meeting:
        return Meeting(id=f"test:{number}", body="Council", day=soon + timedelta(days=number), start=None,
                       source_kind="test", source=Provenance("Test", "https://example.gov/"))

    old = {"test:3": meeting(3).with_changes(items=(AgendaItem(number="1", title="Kept", first_seen="2026-01-01"),))}
    asked = []

    def read(found: Meeting):
        asked.append(found.id)
        return [AgendaItem(number="1", title=f"Fresh {found.id}")]

    meetings, notes = _with_items([meeting(1), meeting(2), meeting(3)], old, read, {"agenda_max_requests": 2}, zone,
                                  "2026-12-01T00:00:00Z")
    assert asked == ["test:1", "test:2"]
    assert [item.title for found in meetings for item in found.items] == ["Fresh test:1", "Fresh test:2", "Kept"]
    assert notes == ["agenda items of 1 later meeting not read this time (agenda_max_requests = 2); they keep "
                     "their earlier items"]
