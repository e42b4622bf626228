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

from babel.dates import format_date

_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                 9: "nine", 10: "ten"}
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


def clock_words(moment: datetime | time) -> str:
    """"noon", "midnight", "7 p.m.", "6:30 p.m." (the house style for times)."""
    hour, minute = moment.hour, moment.minute
    if (hour, minute) == (12, 0):
        return "noon"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "a.m." if hour < 12 else "p.m."
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"


def day_words(day: date, locale: str = "en") -> str:
    """"Monday, May 15, 2023"."""
    return format_date(day, format="full", locale=locale)


def when_words(day: date, start: datetime | None, locale: str = "en") -> str:
    """"Monday, May 15, 2023, at 7 p.m." or just the day when the hour is not known."""
    return f"{day_words(day, locale)}, at {clock_words(start)}" if start else day_words(day, locale)


def describe_rule(rule: dict | None) -> str:
    """The rule in words: "noon on the business day before the meeting", "when the meeting starts"."""
    if not rule:
        return ""
    if "minutes_before" in rule:
        minutes = rule["minutes_before"]
        if minutes == 0:
            return "when the meeting starts"
        if minutes % 60 == 0:
            hours = minutes // 60
            return f"{_count(hours, 'hour')} before the meeting starts"
        return f"{_count(minutes, 'minute')} before the meeting starts"
    days = rule["days_before"]
    kind = "business day" if rule.get("business_days") else "day"
    if days == 0:
        where = "on the day of the meeting"
    elif days == 1:
        where = f"on the {kind} before the meeting"
    else:
        where = f"{_count(days, kind)} before the meeting"
    at = rule.get("at")
    if at:
        return f"{clock_words(time.fromisoformat(at))} {where}"
    return f"by the end of the {kind} before the meeting" if days == 1 else where


def _count(number: int, noun: str) -> str:
    return f"{_NUMBER_WORDS.get(number, str(number))} {noun}{'' if number == 1 else 's'}"


def deadline_words(deadline: Deadline, locale: str = "en") -> str:
    """"noon on Friday, March 10, 2023" or "Friday, March 10, 2023" for a day-only deadline."""
    day = day_words(deadline.moment.date(), locale)
    return f"{clock_words(deadline.moment)} on {day}" if deadline.has_time else day


def relative_words(deadline: Deadline, now: datetime) -> str:
    """"closes in 3 hours", "closes in 2 days", "has closed": what the page's script also computes."""
    seconds = (deadline.moment - now).total_seconds()
    if seconds <= 0:
        return "has closed"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"closes in {max(minutes, 1)} minute{'' if minutes == 1 else 's'}"
    hours = minutes // 60
    if hours < 48:
        return f"closes in {hours} hour{'' if hours == 1 else 's'}"
    return f"closes in {hours // 24} days"


def short_day(day: date, locale: str = "en") -> str:
    """"December 7, 2026", for titles."""
    return format_date(day, format="long", locale=locale)
