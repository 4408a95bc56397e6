"""Print how long the KIM-feature outputs take: event .ics files, a KIM calendar, SVG charts.

Run: python bench/features_bench.py   (figures only; no assertion on time)
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

from kimgen.render import calendar, charts
from kimgen.render.i18n import translator
from kimgen.site.model import Post

EVENTS = 300


def main() -> None:
    zone = ZoneInfo("Asia/Makassar")
    posts = [Post(kind="agenda", source=f"a{i}.md", slug=f"e{i}", url=f"agenda/e{i}/", title=f"Acara {i}",
                  date=dt.datetime(2024, 1, 1, tzinfo=zone), kim="kim-a",
                  start=dt.datetime(2024, 1, 1, 8, tzinfo=zone) + dt.timedelta(days=i), location="Balai Desa")
             for i in range(EVENTS)]
    started = time.perf_counter()
    for post in posts:
        calendar.event_ics(post, f"https://kim.example.go.id/kim-a/{post.url}", "Asia/Makassar")
    each = time.perf_counter() - started
    started = time.perf_counter()
    calendar.kim_calendar("KIM A", [(p, "https://kim.example.go.id/") for p in posts], "Asia/Makassar")
    whole = time.perf_counter() - started
    dates = [dt.date(2024, month, day) for month in range(1, 13) for day in (1, 10, 20)]
    started = time.perf_counter()
    for index in range(EVENTS):
        charts.bar_chart(f"c{index}", "Tulisan", charts.per_month(dates, dt.date(2024, 12, 20)), translator("id"))
    svg = time.perf_counter() - started
    print(f"{EVENTS} event .ics files: {each * 1000:.0f} ms ({each / EVENTS * 1000:.2f} ms each)")
    print(f"one kalender.ics with {EVENTS} events: {whole * 1000:.0f} ms")
    print(f"{EVENTS} SVG charts: {svg * 1000:.0f} ms")


if __name__ == "__main__":
    main()
