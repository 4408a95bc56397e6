"""What an admin sees of the build without its log: a page per KIM under monitoring with every
problem of its content, and the reports an officer opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

from conftest import post

KIM = "kim/kim-sumber-rejeki"
DUA = "nama: KIM Dua\nnomor_induk: KIM-3507-0002\ndesa: Dua\nkecamatan: K\nkabupaten: Kota Malang\n" \
      "ketua: Bu Sri\nkontak: {telepon: '0341-123456', whatsapp: '+6281234567890'}\n"


def test_each_kim_has_a_problem_page_naming_file_line_field_and_fix(site, tmp_path):
    _, result, out = site({"kim/kim-dua/profil.yaml": DUA,
                           "kim/kim-dua/berita/2024-12-11-panen.md": post("Panen Raya", body="Panen jagung."),
                           f"{KIM}/berita/2024-12-12-rapat.md": "---\njudul: Rapat Desa\ntanggal: 2024-13-45\n---\nIsi.\n",
                           f"{KIM}/berita/2024-12-13-kerja-bakti.md": post("Kerja Bakti", "2024-12-13", "Isi.")})
    page = (out / "pemantauan/kim-sumber-rejeki/index.html").read_text(encoding="utf-8")
    assert "Yang perlu diperbaiki: KIM Sumber Rejeki" in page and "Ada yang ditahan" in page
    assert f"<code>{KIM}/berita/2024-12-12-rapat.md:3</code></strong> · <code>tanggal</code>" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Terakhir diterbitkan" in page and "Buka situsnya" in page
    assert str(tmp_path) not in page  # no path of the server
    clean = (out / "pemantauan/kim-dua/index.html").read_text(encoding="utf-8")
    assert "Bersih" in clean and "Tidak ada yang perlu diperbaiki" in clean
    assert "pemantauan/kim-dua/" not in (out / "sitemap-portal.xml").read_text(encoding="utf-8")
    assert "pemantauan/" not in (out / "kim-sumber-rejeki/index.html").read_text(encoding="utf-8")  # not in its menu
    monitoring = (out / "pemantauan/index.html").read_text(encoding="utf-8")
    assert '<a href="kim-sumber-rejeki/">Ada yang ditahan</a>' in monitoring
    assert '<a href="kim-dua/">Bersih</a>' in monitoring


def test_reports_open_in_an_indonesian_spreadsheet_and_say_who_to_call(site):
    _, _, out = site({"kim/kim-dua/profil.yaml": DUA,
                      "kim/kim-dua/berita/2024-12-11-panen.md": post("Panen Raya", body="Panen jagung."),
                      f"{KIM}/berita/2024-12-12-rapat.md": "---\njudul: Rapat\n---\nIsi.\n"})
    data = (out / "pemantauan/laporan.csv").read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")}
    dua, rejeki = rows["kim-dua"], rows["kim-sumber-rejeki"]
    assert (dua["nomor_induk"], dua["ketua"], dua["telepon"], dua["whatsapp"]) == \
        ("KIM-3507-0002", "Bu Sri", "0341-123456", "'+6281234567890")  # a phone number stays text
    assert (dua["konten"], dua["dibangun"], dua["status"]) == ("bersih", "ya", "aktif")
    assert (rejeki["konten"], rejeki["galat"], rejeki["tulisan_ditahan"]) == ("ditahan", "1", "1")
    report = json.loads((out / "pemantauan/laporan.json").read_text(encoding="utf-8"))
    by_slug = {k["slug"]: k for k in report["kim"]}
    assert by_slug["kim-sumber-rejeki"]["konten"] == "ditahan" and by_slug["kim-dua"]["ketua"] == "Bu Sri"


def test_a_kim_whose_profile_breaks_is_reported_failed_and_keeps_its_site(site):
    from kimgen.build import build

    root, _, out = site({f"{KIM}/berita/2024-12-11-rapat.md": post("Rapat")})
    (root / KIM / "profil.yaml").write_text("nama: [rusak\n", encoding="utf-8")
    result = build(root, out)
    assert result.failed == ["kim-sumber-rejeki"] and (out / "kim-sumber-rejeki/berita/rapat/index.html").is_file()
    page = (out / "pemantauan/kim-sumber-rejeki/index.html").read_text(encoding="utf-8")
    assert "Gagal dibangun" in page and f"{KIM}/profil.yaml" in page


def test_clean_never_deletes_a_kim_site_because_its_content_has_errors(site):
    from kimgen.build import build

    root, _, out = site({f"{KIM}/berita/2024-12-11-rapat.md": post("Rapat", body="Isi rapat."),
                         f"{KIM}/berita/2024-12-12-panen.md": post("Panen", "2024-12-12")})
    (root / KIM / "berita/2024-12-11-rapat.md").write_text("---\njudul: Rapat\n---\nIsi baru.\n", encoding="utf-8")
    result = build(root, out, clean=True)
    assert result.errors and "Isi rapat." in (out / "kim-sumber-rejeki/berita/rapat/index.html").read_text()
    assert "Rapat" in (out / "index.html").read_text(encoding="utf-8")
    (root / KIM / "profil.yaml").write_text("nama: [rusak\n", encoding="utf-8")
    build(root, out, clean=True)
    assert (out / "kim-sumber-rejeki/berita/panen/index.html").is_file()
    assert "KIM Sumber Rejeki" in (out / "index.html").read_text(encoding="utf-8")
