"""Agenda in time: upcoming and past in the province's zone, and iCalendar files.

Each event gets its own `.ics` (one tap adds it to a phone's calendar) and each
KIM a subscribable `agenda/kalender.ics`; the icalendar library does the RFC 5545
escaping, folding and VTIMEZONE blocks that are easy to get wrong by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from urllib.parse import urlsplit
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kimgen.site.model import Post

if TYPE_CHECKING:
    import icalendar

EVENT_FILE = "acara.ics"
CALENDAR_FILE = "kalender.ics"
PRODID = "-//kimgen//Agenda KIM//ID"
# RFC 5545 allows no control character in TEXT but the tab; line breaks are escaped as \n
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def is_all_day(post: Post) -> bool:
    """An event written with dates only (`tanggal_mulai: 2024-12-20`) lasts whole days."""
    times = [d for d in (post.start, post.end) if d is not None]
    return bool(times) and all(d.timetz().replace(tzinfo=None) == dt.time(0) for d in times)


def event_end(post: Post) -> dt.datetime:
    """When an event is over: its end, the end of its (last) day when all-day, else its start."""
    if is_all_day(post):
        return (post.end or post.start) + dt.timedelta(days=1)
    return post.end or post.start


def split(events: list[Post], now: dt.datetime) -> tuple[list[Post], list[Post]]:
    """(upcoming soonest first, past latest first), judged against the build's clock."""
    upcoming = sorted((p for p in events if event_end(p) > now), key=lambda p: (p.start, p.source))
    past = sorted((p for p in events if event_end(p) <= now), key=lambda p: (p.start, p.source), reverse=True)
    return upcoming, past


@lru_cache(maxsize=None)
def _vtimezone(zone: str) -> icalendar.Timezone:
    """Computed once per zone: deriving it from the tz database costs tens of milliseconds,
    which per event file would dominate the build of a province with thousands of events."""
    import icalendar

    return icalendar.Timezone.from_tzinfo(ZoneInfo(zone))


def _text(value: str) -> icalendar.vText:
    """A TEXT value: every line break (CR, LF, CRLF) becomes one escaped \\n, other controls go;
    icalendar escapes `\\ ; ,` and folds the line at 75 octets."""
    import icalendar

    return icalendar.vText(_CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")))


def _event(post: Post, url: str, zone: ZoneInfo) -> icalendar.Event:
    import icalendar

    event = icalendar.Event()
    # The UID must stay the same across builds so a subscribed calendar updates the event in place.
    event.add("uid", _text(f"{post.kim}/{post.slug}@{urlsplit(url).hostname or 'kimgen'}"))
    # DTSTAMP from the post, not the clock: the same input gives byte-identical output.
    event.add("dtstamp", (post.date or post.start).astimezone(dt.timezone.utc))
    if is_all_day(post):
        event.add("dtstart", post.start.date())
        event.add("dtend", (post.end or post.start).date() + dt.timedelta(days=1))
    else:
        # one TZID per file: an admin's explicit offset (+07:00) is shown in the province's zone
        event.add("dtstart", post.start.astimezone(zone))
        if post.end:
            event.add("dtend", post.end.astimezone(zone))
    event.add("summary", _text(post.title))
    if post.summary:
        event.add("description", _text(f"{post.summary}\n\n{url}"))
    if post.location:
        event.add("location", _text(post.location))
    event.add("url", url)
    return event


def _calendar(name: str, events: list[tuple[Post, str]], zone: str) -> bytes:
    # imported here: icalendar (with dateutil) costs ~40 ms, which a rebuild of one post's page never needs
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # an X- property is written raw unless typed as TEXT: a CR or line break in a KIM's name or a
    # title would end the line and start a property of the admin's choosing
    cal.add("x-wr-calname", _text(name))
    cal.add("x-wr-timezone", zone)
    ordered = sorted(events, key=lambda e: (e[0].start, e[0].source))
    if any(not is_all_day(post) for post, _ in ordered):
        cal.add_component(_vtimezone(zone))
    for post, url in ordered:
        cal.add_component(_event(post, url, ZoneInfo(zone)))
    return cal.to_ical()


def event_ics(post: Post, url: str, zone: str) -> bytes:
    return _calendar(post.title, [(post, url)], zone)


def kim_calendar(name: str, events: list[tuple[Post, str]], zone: str) -> bytes:
    return _calendar(name, events, zone)
