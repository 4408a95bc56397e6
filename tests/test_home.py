"""The KIM home and profile a KIM shows judges: cover first, a menu that fits a phone, achievements,
the portfolio of activity; the portal's photos of the latest posts."""

from __future__ import annotations

import io
import re

from PIL import Image

from conftest import PROFIL, messages, post

KIM = "kim/kim-sumber-rejeki"
S = "kim-sumber-rejeki"
PRESTASI = """\
prestasi:
  - tahun: 2023
    nama: Juara 3 Lomba Website KIM
    tingkat: kabupaten
  - tahun: 2024
    nama: Juara 1 KIMFest <Jatim>
    tingkat: provinsi
    penyelenggara: Dinas Kominfo Provinsi Jawa Timur
"""


def jpeg(colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def hero(html: str) -> str:
    return re.search(r'<section class="hero.*?</section>', html, re.S).group(0)


def test_the_home_opens_with_the_sampul_under_the_name_logo_and_village(site):
    _, result, out = site({
        f"{KIM}/profil.yaml": PROFIL + "sampul: media/sampul.jpg\nlogo: media/logo.png\n",
        f"{KIM}/media/sampul.jpg": jpeg(), f"{KIM}/media/logo.png": _png(),
        f"{KIM}/media/foto.jpg": jpeg("red"),
        f"{KIM}/berita/2024-12-11-x.md": post("Berita", gambar="media/foto.jpg"),
    })
    assert messages(result) == []
    html = (out / f"{S}/index.html").read_text()
    top = hero(html)
    assert html.index('<section class="hero">') < html.index("<h2")  # before any section
    assert "<h1>KIM Sumber Rejeki</h1>" in top and "Desa Sumberrejo · Kecamatan Purwosari" in top
    assert 'alt="Logo KIM Sumber Rejeki"' in top
    cover = re.search(r'<img class="hero-img" ([^>]+)>', top).group(1)
    assert "sampul-960." in cover and "loading" not in cover  # eager: it is the first screen
    assert "sampul-1600" not in top  # a phone's first screen needs no 1600 px photo
    assert re.search(r'width="960" height="600"', cover)


def test_without_sampul_the_newest_photo_is_the_cover(site):
    files = {f"{KIM}/media/lama.jpg": jpeg("red"), f"{KIM}/media/baru.jpg": jpeg("blue"),
             f"{KIM}/berita/2024-12-01-lama.md": post("Lama", "2024-12-01", gambar="media/lama.jpg"),
             f"{KIM}/berita/2024-12-10-baru.md": post("Baru", "2024-12-10", gambar="media/baru.jpg")}
    _, _, out = site(files)
    assert "baru-960." in hero((out / f"{S}/index.html").read_text())


def test_without_any_photo_the_home_opens_with_the_kims_colour(site):
    _, _, out = site({f"{KIM}/berita/2024-12-10-baru.md": post("Baru", "2024-12-10")})
    top = hero((out / f"{S}/index.html").read_text())
    assert top.startswith('<section class="hero plain">') and "<img" not in top


def test_a_missing_sampul_is_an_error_naming_the_field(site):
    _, result, _ = site({f"{KIM}/profil.yaml": PROFIL + "sampul: media/tidak-ada.jpg\n"})
    assert [p.format() for p in result.errors] == [
        f"{KIM}/profil.yaml: sampul: foto sampul `media/tidak-ada.jpg` tidak ditemukan di media/ KIM ini (atau "
        "bukan .jpg, .png, .webp, .heic); unggah ke media/ atau perbaiki namanya."]


def test_the_menu_shows_the_main_links_and_keeps_the_rest_behind_lainnya(site):
    _, result, out = site({
        f"{KIM}/berita/2024-12-11-x.md": post("X"),
        f"{KIM}/agenda/2024-12-12-rapat.md": post("Rapat", tanggal_mulai="2024-12-30 09:00"),
        f"{KIM}/potensi/2024-12-01-madu.md": post("Madu", "2024-12-01"),
        f"{KIM}/halaman/kontak.md": post("Hubungi Kami"),
    })
    assert messages(result) == []
    html = (out / f"{S}/profil/index.html").read_text()
    nav = re.search(r'<nav class="wrap menu" aria-label="Menu utama">.*?</nav>', html, re.S).group(0)
    main, more = nav.split('<li class="more">')
    assert re.findall(r">([^<>]+)</a>", main) == ["Beranda", "Berita", "Profil", "Cari"]
    assert 'href="./" aria-current="page">Profil' in main
    assert "<details>\n<summary>Lainnya</summary>" in more
    assert re.findall(r">([^<>]+)</a>", more) == ["Agenda", "Potensi Desa", "Aspirasi Warga", "Hubungi Kami",
                                                  "Portal KIM Jawa Timur"]


def test_prestasi_show_newest_first_on_the_home_and_the_profile(site):
    _, result, out = site({f"{KIM}/profil.yaml": PROFIL + PRESTASI})
    assert messages(result) == []
    home = (out / f"{S}/index.html").read_text()
    assert "Juara 1 KIMFest &lt;Jatim&gt; (2024) · Prestasi: 2" in home
    profile = (out / f"{S}/profil/index.html").read_text()
    awards = profile.split('<h2 id="prestasi">Prestasi</h2>')[1].split("</ul>")[0]
    assert awards.index("KIMFest") < awards.index("Website KIM")
    assert '<span class="level level-provinsi">Tingkat provinsi</span>' in awards
    assert "Dinas Kominfo Provinsi Jawa Timur" in awards


def test_a_wrong_prestasi_level_is_an_error(site):
    _, result, _ = site({f"{KIM}/profil.yaml": PROFIL + "prestasi:\n  - tahun: 2024\n    nama: X\n"
                                                       "    tingkat: dunia\n"})
    assert [(p.line, p.field) for p in result.errors] == [(6, "prestasi")]
    assert "dunia" in result.errors[0].message and "provinsi" in result.errors[0].message


def test_the_profile_counts_activities_by_adinda_over_twelve_months(site):
    files = {f"{KIM}/berita/2024-{m:02d}-10-diskusi-{m}.md": post(f"Diskusi {m}", f"2024-{m:02d}-10", adinda="diskusi")
             for m in (3, 6, 9)}
    files[f"{KIM}/berita/2023-11-01-lama.md"] = post("Lama", "2023-11-01", adinda="diskusi")  # over a year ago
    files[f"{KIM}/berita/2024-12-01-akses.md"] = post("Akses", "2024-12-01", adinda="akses")
    _, result, out = site(files)
    assert messages(result) == []
    profile = (out / f"{S}/profil/index.html").read_text()
    table = profile.split("<h2>Kegiatan 12 Bulan Terakhir</h2>")[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(?:<a [^>]+>)?([^<]+)(?:</a>)?</td><td>(\d+)</td></tr>", table)
    assert rows == [("Akses", "1"), ("Diskusi", "3"), ("Implementasi", "0"), ("Jejaring", "0"),
                    ("Diseminasi", "0"), ("Aspirasi", "0")]
    assert "Jan 2024 sampai Des 2024" in table  # whole months: the page changes once a month


def test_the_profile_moves_to_the_next_month_on_its_own(site, monkeypatch):
    from kimgen.build import build

    root, _, out = site({f"{KIM}/berita/2024-01-10-diskusi.md": post("Diskusi", "2024-01-10", adinda="diskusi")})
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-31")
    assert build(root, out).built == []
    monkeypatch.setenv("KIMGEN_NOW", "2025-01-01")  # January 2024 leaves the window
    assert build(root, out).built == ["kim-sumber-rejeki"]
    assert "Feb 2024 sampai Jan 2025" in (out / f"{S}/profil/index.html").read_text()


def test_the_kim_colour_has_a_lighter_twin_for_the_dark_scheme(site):
    _, _, out = site({f"{KIM}/profil.yaml": PROFIL + "warna: '#1a237e'\n"})
    assert "<style>:root{--accent:#1a237e;--accent-dark:#8186b8}</style>" in (out / f"{S}/index.html").read_text()


def test_the_portal_opens_its_news_with_photos(site):
    _, _, out = site({f"{KIM}/media/foto.jpg": jpeg(),
                      f"{KIM}/berita/2024-12-11-foto.md": post("Dengan Foto", gambar="media/foto.jpg"),
                      f"{KIM}/berita/2024-12-12-teks.md": post("Tanpa Foto", "2024-12-12")})
    portal = (out / "index.html").read_text()
    latest = portal.split("<h2>Kabar Terbaru dari KIM</h2>")[1]
    tiles = latest.split('<ul class="tiles">')[1].split("</ul>")[0]
    assert "Dengan Foto" in tiles and "KIM Sumber Rejeki" in tiles and "Tanpa Foto" not in tiles
    assert "Tanpa Foto" in latest.split('<div class="cards compact">')[1]
    assert portal.index("Kabar Terbaru dari KIM") < portal.index("KIM per Kabupaten/Kota")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (256, 256), (0, 100, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()
