"""How to speak at a meeting: the sign-up deadline computed from a body's rule, in plain words. Pure functions.

A rule is a small dict in COUNCIL_BODIES, for example "noon on the business day before":
    {"days_before": 1, "business_days": True, "at": "12:00"}
or "when the meeting starts": {"minutes_before": 0}. Times are the body's local wall-clock times, so a
deadline on the far side of a daylight-saving change is still "noon" there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from localization.text import ENGLISH, Text

RULE_KEYS = {"days_before", "business_days", "at", "minutes_before"}


def check_rule(rule: dict) -> str | None:
    """Return what is wrong with a deadline rule, or None when it can be used."""
    if not isinstance(rule, dict):
        return "must be a table like {\"days_before\": 1, \"business_days\": True, \"at\": \"12:00\"}"
    unknown = set(rule) - RULE_KEYS
    if unknown:
        return f"has unknown keys {', '.join(sorted(unknown))}; use only {', '.join(sorted(RULE_KEYS))}"
    if ("days_before" in rule) == ("minutes_before" in rule):
        return "needs exactly one of days_before (a day before the meeting) or minutes_before (before it starts)"
    for key in ("days_before", "minutes_before"):
        if key in rule and (not isinstance(rule[key], int) or rule[key] < 0):
            return f"{key} must be a whole number of 0 or more"
    if "at" in rule:
        try:
            time.fromisoformat(rule["at"])
        except (TypeError, ValueError):
            return f'at "{rule["at"]}" is not a time; write it like "12:00" or "17:00"'
    return None


def step_back(day: date, days: int, business_days: bool, holidays: frozenset[date]) -> date:
    """The day `days` days before `day`, counting only weekdays that are not holidays when business_days."""
    current = day
    remaining = days
    while remaining > 0:
        current -= timedelta(days=1)
        if business_days and (current.weekday() >= 5 or current in holidays):
            continue
        remaining -= 1
    return current


@dataclass(frozen=True)
class Deadline:
    moment: datetime  # aware; for a day-only deadline, the end of that day
    has_time: bool


def compute_deadline(rule: dict | None, day: date, start: datetime | None, zone: ZoneInfo,
                     holidays: frozenset[date] = frozenset()) -> Deadline | None:
    """The sign-up deadline for a meeting on `day` (starting at `start`), or None when it cannot be known."""
    if not rule:
        return None
    if "minutes_before" in rule:
        if start is None:
            return None
        return Deadline(start - timedelta(minutes=rule["minutes_before"]), True)
    target = step_back(day, rule["days_before"], rule.get("business_days", False), holidays)
    if rule.get("at"):
        # Build from the wall clock of that day: this is what makes DST-crossing deadlines right.
        return Deadline(datetime.combine(target, time.fromisoformat(rule["at"]), tzinfo=zone), True)
    return Deadline(datetime.combine(target + timedelta(days=1), time(0, 0), tzinfo=zone) - timedelta(seconds=1), False)


def clock_words(moment: datetime | time, text: Text = ENGLISH) -> str:
    """"noon", "midnight", "7 p.m.", "6:30 p.m." (the house style for times); "7:00 p.m." in Spanish."""
    return text.clock(moment)


def day_words(day: date, text: Text = ENGLISH) -> str:
    """"Monday, May 15, 2023"."""
    return text.day(day)


def when_words(day: date, start: datetime | None, text: Text = ENGLISH) -> str:
    """"Monday, May 15, 2023, at 7 p.m." or just the day when the hour is not known."""
    if not start:
        return day_words(day, text)
    return text._("%(day)s, at %(time)s", day=day_words(day, text), time=clock_words(start, text))


def describe_rule(rule: dict | None, text: Text = ENGLISH) -> str:
    """The rule in words: "noon on the business day before the meeting", "when the meeting starts"."""
    if not rule:
        return ""
    if "minutes_before" in rule:
        minutes = rule["minutes_before"]
        if minutes == 0:
            return text._("when the meeting starts")
        if minutes % 60 == 0:
            hours = minutes // 60
            return text.n_("%(count)s hour before the meeting starts", "%(count)s hours before the meeting starts",
                           hours, count=text.count_words(hours))
        return text.n_("%(count)s minute before the meeting starts", "%(count)s minutes before the meeting starts",
                       minutes, count=text.count_words(minutes))
    days = rule["days_before"]
    business = bool(rule.get("business_days"))
    at = rule.get("at")
    when = clock_words(time.fromisoformat(at), text) if at else ""
    if days == 0:
        return (text._("%(time)s on the day of the meeting", time=when) if at
                else text._("on the day of the meeting"))
    if days == 1:
        if at:
            return (text._("%(time)s on the business day before the meeting", time=when) if business
                    else text._("%(time)s on the day before the meeting", time=when))
        return (text._("by the end of the business day before the meeting") if business
                else text._("by the end of the day before the meeting"))
    count = text.count_words(days)
    if business:
        words = text.n_("%(count)s business day before the meeting", "%(count)s business days before the meeting",
                        days, count=count)
    else:
        words = text.n_("%(count)s day before the meeting", "%(count)s days before the meeting", days, count=count)
    return text._("%(time)s %(when)s", time=when, when=words) if at else words


def deadline_words(deadline: Deadline, text: Text = ENGLISH) -> str:
    """"noon on Friday, March 10, 2023" or "Friday, March 10, 2023" for a day-only deadline."""
    day = day_words(deadline.moment.date(), text)
    if not deadline.has_time:
        return day
    return text._("%(time)s on %(day)s", time=clock_words(deadline.moment, text), day=day)


def relative_words(deadline: Deadline, now: datetime, text: Text = ENGLISH) -> str:
    """"closes in 3 hours", "closes in 2 days", "has closed": what the page's script also computes."""
    seconds = (deadline.moment - now).total_seconds()
    if seconds <= 0:
        return text._("has closed")
    minutes = int(seconds // 60)
    if minutes < 60:
        shown = max(minutes, 1)
        return text.n_("closes in %(count)s minute", "closes in %(count)s minutes", shown)
    hours = minutes // 60
    if hours < 48:
        return text.n_("closes in %(count)s hour", "closes in %(count)s hours", hours)
    return text.n_("closes in %(count)s day", "closes in %(count)s days", hours // 24)


def short_day(day: date, text: Text = ENGLISH) -> str:
    """"December 7, 2026", for titles."""
    return text.long_date(day)
