"""RSS dates: RFC 5322, exactly as the standard library's email package writes them."""

import datetime as dt
import email.utils
import random
from zoneinfo import ZoneInfo

from kimgen.render.feeds import format_datetime


def test_dates_are_what_email_utils_writes_in_every_zone_and_without_one():
    rng = random.Random(3)
    zones = [None, dt.timezone.utc, ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura"),
             dt.timezone(dt.timedelta(hours=-3, minutes=-30))]
    for _ in range(500):
        value = dt.datetime(2000, 1, 1) + dt.timedelta(seconds=rng.randrange(40 * 365 * 86400))
        value = value.replace(tzinfo=rng.choice(zones))
        assert format_datetime(value) == email.utils.format_datetime(value), value
