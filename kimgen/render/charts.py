"""Posts-per-month bar charts as inline SVG: no chart library, no script, works on 3G.

Each chart carries <title> and <desc> (named by aria-labelledby, role="img") so a
screen reader hears the figures, not a picture.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape

from kimgen.render.i18n import Translator

MONTHS = 12
WIDTH, HEIGHT, TOP, BOTTOM = 360, 150, 16, 20


def months_back(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """First days of the last `count` months, oldest first, ending with today's month."""
    year, month = today.year, today.month
    result = []
    for _ in range(count):
        result.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return result[::-1]


def per_month(dates: Sequence[dt.date], today: dt.date) -> list[tuple[dt.date, int]]:
    """Dates per month of the last MONTHS; `dates` sorted, oldest first (KimSummary.dates), so
    a KIM costs a few bisections, not a look at each of its dates."""
    months, bounds = _bounds(today)
    cuts = [bisect_left(dates, b) for b in bounds]
    return [(m, cuts[i + 1] - cuts[i]) for i, m in enumerate(months)]


@lru_cache(maxsize=4)
def _bounds(today: dt.date) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
    """The months of per_month() and the first days that bound them (once per build, not per KIM)."""
    months = tuple(months_back(today))
    last = months[-1]
    return months, months + (dt.date(last.year + last.month // 12, last.month % 12 + 1, 1),)


def combined(series: Iterable[list[tuple[dt.date, int]]], today: dt.date) -> list[tuple[dt.date, int]]:
    """The sum of several per_month() series."""
    totals = [0] * MONTHS
    for one in series:
        for i, (_, n) in enumerate(one):
            totals[i] += n
    return list(zip(_bounds(today)[0], totals))


def bar_chart(chart_id: str, title: str, series: list[tuple[dt.date, int]], tr: Translator) -> str:
    """An SVG bar chart of monthly counts; the description lists every month's figure."""
    peak = max([n for _, n in series] + [1])
    slot = WIDTH / len(series)
    plot = HEIGHT - TOP - BOTTOM
    labels = [(tr.month(m), n) for m, n in series]
    desc = "; ".join(f"{tr.month(m, year=True)}: {tr.number(n)}" for m, n in series)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{escape(title)}</title>',
             f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
             f'<line x1="0" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}" class="axis"/>']
    for index, (label, n) in enumerate(labels):
        height = round(plot * n / peak, 1)
        x = round(index * slot + slot * 0.15, 1)
        y = round(HEIGHT - BOTTOM - height, 1)
        middle = round(index * slot + slot / 2, 1)
        parts.append(f'<rect x="{x}" y="{y}" width="{round(slot * 0.7, 1)}" height="{height}"/>')
        if n:
            parts.append(f'<text x="{middle}" y="{round(y - 3, 1)}" text-anchor="middle">{escape(tr.number(n))}</text>')
        parts.append(f'<text x="{middle}" y="{HEIGHT - 6}" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
