"""`kimgen report`: the activity of every KIM, for the Diskominfo, without building."""

from __future__ import annotations

from pathlib import Path

from kimgen.site import activity
from kimgen.render import portal
from kimgen.build.reading import read
from kimgen.site.model import Site, summarize
from kimgen.problems import Problem, Problems


def report(root: Path, fmt: str) -> tuple[str, list[Problem]]:
    problems = Problems()
    reading = read(root, problems)
    if reading is None:
        return "", problems.items
    summaries = [summarize(kim, not kim_problems.errors) for kim, kim_problems, _ in reading.kims if kim]
    setup = reading.setup
    site = Site(setup.province, setup.now.date(), setup.announcements, summaries)
    table = activity.rows(summaries, site.today, setup.province.batas_vakum_hari)
    if fmt == "csv":
        return portal.report_csv(table).decode("utf-8-sig"), problems.items
    if fmt == "json":
        return portal.report_json(table, site).decode(), problems.items
    return _table(table), problems.items


def _table(table: list[activity.Row]) -> str:
    header = ("KIM", "Kabupaten/Kota", "Total", "30 hr", "90 hr", "Terakhir", "Hari", "Status", "Profil")
    rows = [(r.nama, r.kabupaten, str(r.tulisan_total), str(r.tulisan_30_hari), str(r.tulisan_90_hari),
             r.tulisan_terakhir or "-", "-" if r.hari_sejak is None else str(r.hari_sejak),
             r.status.replace("_", " "), f"{r.profil_lengkap}%") for r in table]
    totals_header = ("Kabupaten/Kota", "KIM", "Aktif", "Kurang aktif", "Vakum", "Total", "30 hr", "90 hr")
    totals = [(g.kabupaten, str(g.kim), str(g.aktif), str(g.kurang_aktif), str(g.vakum), str(g.tulisan_total),
               str(g.tulisan_30_hari), str(g.tulisan_90_hari)) for g in activity.regency_totals(table)]
    return _columns(header, rows) + "\n" + _columns(totals_header, totals)


def _columns(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(x) for x in column) for column in zip(header, *rows)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    return "\n".join(lines) + "\n"
