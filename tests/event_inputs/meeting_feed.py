"""A stand-in for the council plugin: feeds one meeting into events.ics through the events plugin's hook."""

from datetime import datetime
from zoneinfo import ZoneInfo

from events.calendar import CalendarItem, register_calendar_source


def meetings(context):
    zone = ZoneInfo("America/New_York")
    return [CalendarItem(uid="meeting-2023-11-06@council.test", title="Test City Council meeting",
                         start=datetime(2023, 11, 6, 19, 0, tzinfo=zone), end=datetime(2023, 11, 6, 21, 0, tzinfo=zone),
                         url=context["SITEURL"] + "/council/", location="101 City Hall Plaza, Durham, NC 27701")]


def register():
    register_calendar_source(meetings)
