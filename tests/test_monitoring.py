"""Pemantauan: which KIMs are aktif, kurang aktif or vakum, per kabupaten, as page, CSV, JSON and CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree as ET


from conftest import PROFIL, image, invoke, post

PROFIL_FULL = PROFIL + ('ketua: Siti Aminah\nsk: {nomor: "141/12/2020", tanggal: 2020-03-01}\n'
                        'kontak: {whatsapp: "0812-3456-7890"}\nlogo: media/logo.png\n')


def profile(nama: str, kabupaten: str = "Kabupaten Pasuruan") -> str:
    return PROFIL.replace("KIM Sumber Rejeki", nama).replace("Kabupaten Pasuruan", kabupaten)


FILES = {
    # aktif: posted five days ago; a complete profile
    "kim/kim-sumber-rejeki/profil.yaml": PROFIL_FULL,
    "kim/kim-sumber-rejeki/media/logo.png": image("PNG"),
    "kim/kim-sumber-rejeki/berita/2024-12-15-a.md": post("A", "2024-12-15"),
    "kim/kim-sumber-rejeki/agenda/2024-10-01-b.md": post("B", "2024-10-01", tanggal_mulai="2024-10-05 08:00"),
    "kim/kim-sumber-rejeki/cek-fakta/2024-11-28-c.md": post("C", "2024-11-28", klaim="K", status="hoaks"),
    # vakum: the last real post is 141 days old; a page, a draft and a scheduled post do not count
    "kim/kim-sepi/profil.yaml": profile("KIM Sepi"),
    "kim/kim-sepi/berita/2024-08-01-lama.md": post("Lama", "2024-08-01"),
    "kim/kim-sepi/halaman/tentang.md": post("Tentang", "2024-12-10"),
    "kim/kim-sepi/berita/2024-12-19-draf.md": post("Draf", "2024-12-19", draf="true"),
    "kim/kim-sepi/berita/2024-12-25-nanti.md": post("Nanti", "2024-12-25"),
    # vakum: nothing posted at all
    "kim/kim-baru/profil.yaml": profile("KIM Baru", "Kota Malang"),
    # kurang aktif: 61 days
    "kim/kim-sedang/profil.yaml": profile("KIM Sedang", "Kota Malang"),
    "kim/kim-sedang/berita/2024-10-20-x.md": post("X", "2024-10-20"),
}


def rows_of(text: str) -> dict[str, dict]:
    """laporan.csv as a spreadsheet set to Indonesian reads it: a BOM, `;` between cells."""
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")}


def test_monitoring_csv_marks_the_right_kims_vakum_with_the_right_last_post_dates(site):
    _, result, out = site(FILES)
    assert result.errors == []
    rows = rows_of((out / "pemantauan/laporan.csv").read_text())
    summary = {slug: (r["status"], r["tulisan_terakhir"], r["hari_sejak"], r["tulisan_total"],
                      r["tulisan_30_hari"], r["tulisan_90_hari"]) for slug, r in rows.items()}
    assert summary == {
        "kim-sumber-rejeki": ("aktif", "2024-12-15", "5", "3", "2", "3"),
        "kim-sepi": ("vakum", "2024-08-01", "141", "1", "0", "0"),
        "kim-baru": ("vakum", "", "", "0", "0", "0"),
        "kim-sedang": ("kurang aktif", "2024-10-20", "61", "1", "0", "1"),
    }
    assert (rows["kim-sumber-rejeki"]["profil_lengkap"], rows["kim-sumber-rejeki"]["profil_kurang"]) == ("100", "")
    assert (rows["kim-baru"]["profil_lengkap"], rows["kim-baru"]["profil_kurang"]) == ("0", "sk, ketua, kontak, logo")


def test_monitoring_json_has_per_kabupaten_totals(site):
    _, _, out = site(FILES)
    data = json.loads((out / "pemantauan/laporan.json").read_text())
    assert data["tanggal"] == "2024-12-20" and data["batas_vakum_hari"] == 90
    assert [k["slug"] for k in data["kim"] if k["status"] == "vakum"] == ["kim-sepi", "kim-baru"]
    assert data["kabupaten"] == [
        {"kabupaten": "Kabupaten Pasuruan", "kim": 2, "aktif": 1, "kurang_aktif": 0, "vakum": 1,
         "tulisan_total": 4, "tulisan_30_hari": 2, "tulisan_90_hari": 3},
        {"kabupaten": "Kota Malang", "kim": 2, "aktif": 0, "kurang_aktif": 1, "vakum": 1,
         "tulisan_total": 1, "tulisan_30_hari": 0, "tulisan_90_hari": 1},
    ]


def test_monitoring_page_has_totals_and_accessible_svg_charts(site):
    _, _, out = site(FILES)
    html = (out / "pemantauan/index.html").read_text()
    assert '<a href="laporan.csv">laporan.csv</a>' in html
    assert ("<tr><td>Kota Malang</td><td>2</td><td>0</td><td>1</td><td>1</td><td>1</td><td>0</td><td>1</td></tr>"
            in html)
    assert '<span class="status status-vakum">Vakum</span>' in html
    assert "<td>belum pernah</td>" in html
    vakum = html.split("<h2>KIM Vakum</h2>")[1].split("<h2>")[0]
    assert "<li>KIM Sepi (Kabupaten Pasuruan) · Tulisan terakhir: 1 Agu 2024</li>" in vakum
    assert "<li>KIM Baru (Kota Malang) · Tulisan terakhir: belum pernah</li>" in vakum
    assert "KIM Sedang" not in vakum and "KIM Sumber Rejeki" not in vakum
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 3  # the province, then Kabupaten Pasuruan and Kota Malang
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        title, desc = root.find("{http://www.w3.org/2000/svg}title"), root.find("{http://www.w3.org/2000/svg}desc")
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    province = ET.fromstring(svgs[0])
    assert province.find("{http://www.w3.org/2000/svg}title").text == "Tulisan per bulan, Jawa Timur"
    desc = province.find("{http://www.w3.org/2000/svg}desc").text
    assert desc.startswith("Jan 2024: 0; ") and desc.endswith("Okt 2024: 2; Nov 2024: 1; Des 2024: 1")
    assert "Agu 2024: 1" in desc
    assert len(province.findall("{http://www.w3.org/2000/svg}rect")) == 12
    assert "<script" not in html.replace('<script type="application/ld+json">', "")


def test_report_command_in_three_formats(site):
    root, _, _ = site(FILES)
    table = invoke(["report", str(root)])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["KIM", "Kabupaten/Kota", "Total", "30", "hr", "90", "hr", "Terakhir", "Hari",
                                "Status", "Profil"]
    assert any(line.split()[:2] == ["KIM", "Baru"] and line.split()[-2:] == ["vakum", "0%"] for line in lines)
    assert any(line.startswith("Kota Malang") and line.split()[2:] == ["2", "0", "1", "1", "1", "0", "1"]
               for line in lines)
    as_csv = invoke(["report", str(root), "--format", "csv"])
    assert rows_of(as_csv.stdout)["kim-sepi"]["tulisan_terakhir"] == "2024-08-01"
    as_json = json.loads(invoke(["report", str(root), "--format", "json"]).stdout)
    assert [k["kabupaten"] for k in as_json["kabupaten"]] == ["Kabupaten Pasuruan", "Kota Malang"]


def test_laporan_csv_keeps_a_formula_like_name_as_text():
    from kimgen.render.portal import _cell

    assert [_cell(v) for v in ("=HYPERLINK(\"x\")", "+62", "@a", "KIM Biasa", 3, None)] == [
        "'=HYPERLINK(\"x\")", "'+62", "'@a", "KIM Biasa", 3, ""]


def test_report_json_without_kims_is_valid_json():
    import datetime as dt
    import json

    from kimgen.config.settings import Province
    from kimgen.site.model import Site
    from kimgen.render.portal import report_json

    province = Province(nama="Jawa Timur", pengelola="Dinas", base_url="https://kim.example.go.id/")
    data = json.loads(report_json([], Site(province, dt.date(2026, 11, 22))))
    assert data == {"provinsi": "Jawa Timur", "tanggal": "2026-11-22", "batas_vakum_hari": 90, "kim": [],
                    "kabupaten": []}


def test_counts_per_month_and_per_window_match_a_count_of_each_date():
    """charts.per_month and the 30/90-day counts bisect sorted dates: compared with counting
    each date, across month and year ends, future dates and dates on the window's edge."""
    import datetime as dt
    import random
    from collections import Counter
    from types import SimpleNamespace

    from kimgen.site import activity
    from kimgen.render import charts
    from kimgen.site.model import KimSummary

    rng = random.Random(5)
    for today in (dt.date(2026, 11, 22), dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2024, 2, 29)):
        edges = [today - dt.timedelta(days=d) for d in (0, 29, 30, 89, 90, 91, -1, -40)]
        dates = sorted(edges + [today - dt.timedelta(days=rng.randint(-60, 500)) for _ in range(300)])
        months = Counter(dt.date(d.year, d.month, 1) for d in dates)
        assert charts.per_month(dates, today) == [(m, months[m]) for m in charts.months_back(today)]
        assert charts.combined([charts.per_month(dates[:100], today), charts.per_month(dates[100:], today)],
                               today) == charts.per_month(dates, today)
        profile = SimpleNamespace(nama="KIM A", kabupaten="Kota Batu", kecamatan="Batu", desa="Sisir", sk=None,
                                  ketua="", kontak={}, logo=None, nomor_induk=None)
        row = activity.rows([KimSummary("kim-a", profile, len(dates), dates[-1], [], dates=dates)], today, 90)[0]
        assert (row.tulisan_30_hari, row.tulisan_90_hari) == (sum((today - d).days < 30 for d in dates),
                                                              sum((today - d).days < 90 for d in dates))
