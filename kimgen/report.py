"""`kimgen report`: the activity of every KIM, for the Diskominfo, without building."""

from __future__ import annotations

from pathlib import Path

from kimgen import activity, portal
from kimgen.build import read, summarize
from kimgen.model import Site
from kimgen.problems import Problem, Problems


def report(root: Path, fmt: str) -> tuple[str, list[Problem]]:
    problems = Problems()
    reading = read(root, problems)
    if reading is None:
        return "", problems.items
    summaries = [summarize(kim, not kim_problems.errors) for kim, kim_problems, _ in reading.kims if kim]
    site = Site(reading.province, reading.now.date(), reading.announcements, summaries)
    table = activity.rows(summaries, site.today, reading.province.batas_vakum_hari)
    if fmt == "csv":
        return portal.report_csv(table).decode(), problems.items
    if fmt == "json":
        return portal.report_json(table, site).decode(), problems.items
    return _table(table), problems.items


def _table(table: list[activity.Row]) -> str:
    header = ("KIM", "Kabupaten/Kota", "Total", "30 hr", "90 hr", "Terakhir", "Status", "Profil")
    rows = [(r.nama, r.kabupaten, str(r.tulisan_total), str(r.tulisan_30_hari), str(r.tulisan_90_hari),
             r.tulisan_terakhir or "-", r.status.replace("_", " "), f"{r.profil_lengkap}%") for r in table]
    widths = [max(len(x) for x in column) for column in zip(header, *rows)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    return "\n".join(lines) + "\n"
