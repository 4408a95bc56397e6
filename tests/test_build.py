"""End-to-end builds of small fixture provinces: pages, links, feeds, determinism."""

from __future__ import annotations

import filecmp
import re
from xml.etree import ElementTree as ET

from conftest import image, messages, post
from linkcheck import broken_links
from kimgen.build import build

KIM = "kim/kim-sumber-rejeki"
FILES = {
    f"{KIM}/berita/2024-12-11-posyandu-balita.md": post(
        "Sosialisasi Posyandu Balita", "2024-12-11", kategori="kesehatan", tag="[posyandu, stunting]",
        gambar="media/foto.png", body="Lihat [kegiatan lalu](2024-11-02-kerja-bakti.md).\n\n![Foto](../media/foto.png)"),
    f"{KIM}/berita/2024-11-02-kerja-bakti.md": post("Kerja Bakti", "2024-11-02", kategori="lingkungan"),
    f"{KIM}/halaman/tentang.md": "---\njudul: Tentang Kami\n---\nKami KIM.\n",
    f"{KIM}/media/foto.png": image("PNG"),
}


def test_every_page_type_is_written(site):
    _, result, out = site(FILES)
    assert result.errors == []
    for path in ["index.html", "404.html", "feed.xml", "sitemap.xml", "sitemap-portal.xml", "robots.txt",
                 "kabupaten/kabupaten-pasuruan/index.html", "pemantauan/index.html", "pemantauan/laporan.csv",
                 "kim-sumber-rejeki/index.html", "kim-sumber-rejeki/profil/index.html",
                 "kim-sumber-rejeki/berita/index.html", "kim-sumber-rejeki/berita/posyandu-balita/index.html",
                 "kim-sumber-rejeki/kategori/kesehatan/index.html", "kim-sumber-rejeki/tag/stunting/index.html",
                 "kim-sumber-rejeki/tentang/index.html", "kim-sumber-rejeki/404.html",
                 "kim-sumber-rejeki/feed.xml", "kim-sumber-rejeki/sitemap.xml",
                 "kim-sumber-rejeki/assets/kimgen.css"]:
        assert (out / path).is_file(), path
    # a photo is published resized (WebP and JPEG), never as the original
    assert len(list((out / "kim-sumber-rejeki/media/_").glob("foto-16.*"))) == 2
    assert not (out / "kim-sumber-rejeki/media/foto.png").exists()


def test_post_page_speaks_indonesian(site):
    _, _, out = site(FILES)
    html = (out / "kim-sumber-rejeki/berita/posyandu-balita/index.html").read_text()
    assert '<html lang="id">' in html
    assert '<time datetime="2024-12-11T00:00:00+07:00">Rabu, 11 Desember 2024</time>' in html
    assert 'href="../kerja-bakti/"' in html  # relative link to another post
    assert 'src="../../media/_/foto-16.' in html
    assert "https://wa.me/?text=" in html and "facebook.com/sharer" in html
    assert '<link rel="canonical" href="https://kim.example.go.id/kim-sumber-rejeki/berita/posyandu-balita/">' in html
    assert 'property="og:image" content="https://kim.example.go.id/kim-sumber-rejeki/media/_/foto-16.' in html


def test_every_internal_link_resolves_and_none_is_absolute(site):
    _, _, out = site(FILES)
    assert broken_links(out, own_hosts=("https://kim.example.go.id",)) == []


def test_offline_links_end_in_index_html(site):
    _, _, out = site(FILES, offline=True)
    html = (out / "kim-sumber-rejeki/berita/posyandu-balita/index.html").read_text()
    assert 'href="../kerja-bakti/index.html"' in html
    assert 'href="../../../index.html"' in html
    assert broken_links(out) == []


def test_feeds_and_sitemaps_parse_with_absolute_urls(site):
    _, _, out = site(FILES)
    feed = ET.parse(out / "kim-sumber-rejeki/feed.xml").getroot()
    links = [e.text for e in feed.iter("link")]
    assert "https://kim.example.go.id/kim-sumber-rejeki/berita/posyandu-balita/" in links
    assert [e.text for e in feed.iter("title")][1] == "Sosialisasi Posyandu Balita"
    ET.parse(out / "feed.xml")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [e.text for e in ET.parse(out / "kim-sumber-rejeki/sitemap.xml").getroot().iter(f"{ns}loc")]
    assert "https://kim.example.go.id/kim-sumber-rejeki/berita/posyandu-balita/" in locs
    index = [e.text for e in ET.parse(out / "sitemap.xml").getroot().iter(f"{ns}loc")]
    assert "https://kim.example.go.id/kim-sumber-rejeki/sitemap.xml" in index
    assert "Sitemap: https://kim.example.go.id/sitemap.xml" in (out / "robots.txt").read_text()


def test_same_input_gives_identical_bytes_and_rewrites_nothing(site, tmp_path):
    root, first, out = site(FILES)
    other = tmp_path / "again"
    build(root, other)
    comparison = filecmp.dircmp(out, other)
    assert _all_same(comparison)
    again = build(root, out)
    assert again.stats.written == 0 and again.stats.unchanged == first.stats.written


def _all_same(cmp: filecmp.dircmp) -> bool:
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    if cmp.left_only or cmp.right_only or mismatch or errors:
        return False
    return all(_all_same(sub) for sub in cmp.subdirs.values())


def test_deleted_post_output_is_removed(site):
    root, _, out = site(FILES)
    (root / KIM / "berita/2024-11-02-kerja-bakti.md").unlink()
    (root / KIM / "berita/2024-12-11-posyandu-balita.md").write_text(post("Posyandu", "2024-12-11"))
    result = build(root, out)
    assert not (out / "kim-sumber-rejeki/berita/kerja-bakti").exists()
    assert not (out / "kim-sumber-rejeki/kategori/lingkungan").exists()
    assert result.stats.removed > 0


def test_recurring_title_gets_date_suffix_and_keeps_oldest_url(site):
    _, result, out = site({
        f"{KIM}/berita/2024-09-10-posyandu.md": post("Posyandu September", "2024-09-10"),
        f"{KIM}/berita/2024-10-10-posyandu.md": post("Posyandu Oktober", "2024-10-10"),
    })
    assert (out / "kim-sumber-rejeki/berita/posyandu/index.html").read_text().count("Posyandu September") >= 1
    assert (out / "kim-sumber-rejeki/berita/posyandu-2024-10-10/index.html").is_file()
    assert messages(result) == [
        "kim/kim-sumber-rejeki/berita/2024-10-10-posyandu.md: peringatan: slug: judul/nama berkas sama "
        "dengan kim/kim-sumber-rejeki/berita/2024-09-10-posyandu.md; tulisan ini memakai alamat `posyandu-2024-10-10`."]


def test_explicit_slug_clash_is_an_error_naming_both_files(site):
    _, result, _ = site({
        f"{KIM}/berita/2024-09-10-a.md": post("A", "2024-09-10", slug="sama"),
        f"{KIM}/berita/2024-10-10-b.md": post("B", "2024-10-10", slug="sama"),
    })
    assert [p.path for p in result.errors] == ["kim/kim-sumber-rejeki/berita/2024-10-10-b.md"]
    assert "kim/kim-sumber-rejeki/berita/2024-09-10-a.md" in result.errors[0].message


def test_drafts_and_future_posts_stay_hidden(site):
    _, _, out = site({
        f"{KIM}/berita/2024-12-01-draf.md": post("Rahasia", "2024-12-01", draf="true"),
        f"{KIM}/berita/2025-01-15-nanti.md": post("Nanti Saja", "2025-01-15"),
    })
    assert not (out / "kim-sumber-rejeki/berita/draf").exists()
    assert not (out / "kim-sumber-rejeki/berita/nanti").exists()
    assert "Nanti Saja" not in (out / "kim-sumber-rejeki/index.html").read_text()


def test_a_post_with_errors_keeps_its_last_good_page_and_the_rest_still_builds(site):
    files = {**FILES, "kim/kim-dua/profil.yaml": "nama: KIM Dua\ndesa: Dua\nkecamatan: K\nkabupaten: Kota Malang\n",
             "kim/kim-dua/berita/2024-12-01-a.md": post("A", "2024-12-01")}
    root, result, out = site(files)
    assert result.built == ["kim-dua", "kim-sumber-rejeki"]
    (root / "kim/kim-dua/berita/2024-12-01-a.md").write_text("---\njudul: A\n---\nTanpa tanggal\n")
    result = build(root, out)
    assert result.built == ["kim-dua"] and result.skipped == ["kim-sumber-rejeki"]  # unchanged: skipped
    assert result.errors and result.failed == []
    assert (out / "kim-dua/berita/a/index.html").is_file()  # its last good version kept
    assert "KIM Dua" in (out / "index.html").read_text()


def test_own_domain_kim_links_back_to_portal_absolutely(site):
    profile = ("nama: KIM Domain\ndesa: D\nkecamatan: K\nkabupaten: Kota Malang\n"
               "base_url: https://kimdomain.example.id\n")
    _, _, out = site({"kim/kim-domain/profil.yaml": profile, "kim/kim-domain/berita/2024-12-01-a.md": post("A", "2024-12-01")})
    html = (out / "kim-domain/berita/a/index.html").read_text()
    assert '<link rel="canonical" href="https://kimdomain.example.id/berita/a/">' in html
    assert 'href="https://kim.example.go.id/"' in html  # the portal
    assert 'href="../../profil/"' in html  # its own pages stay relative


def test_a_broken_post_beside_a_good_new_one_publishes_the_good_one(site):
    """The flood warning written tonight is not held back by a colleague's typo."""
    root, result, out = site(FILES)
    assert result.built == ["kim-sumber-rejeki"]
    (root / KIM / "berita/2024-12-15-banjir.md").write_text(post("Siaga Banjir Malam Ini", "2024-12-15"))
    (root / KIM / "berita/2024-12-16-rusak.md").write_text("---\njudul: Rusak\n---\nTanpa tanggal\n")
    for _ in range(2):  # and again: a second night with the same broken post
        result = build(root, out)
        assert result.failed == [] and [p.path for p in result.errors] == [f"{KIM}/berita/2024-12-16-rusak.md"]
        assert "Siaga Banjir Malam Ini" in (out / "kim-sumber-rejeki/index.html").read_text()
        assert "Siaga Banjir Malam Ini" in (out / "index.html").read_text()
        assert "Rusak" not in (out / "index.html").read_text() and not (out / "kim-sumber-rejeki/berita/rusak").exists()
        assert broken_links(out) == []


def test_a_post_broken_after_it_was_published_keeps_its_last_good_version_and_links_to_it_hold(site):
    files = {**FILES, f"{KIM}/berita/2024-12-12-rapat.md": post("Rapat Warga", "2024-12-12", "Isi rapat."),
             f"{KIM}/berita/2024-12-13-hasil.md": post("Hasil Rapat", "2024-12-13",
                                                       "Lihat [rapat](2024-12-12-rapat.md).")}
    root, result, out = site(files)
    (root / KIM / "berita/2024-12-12-rapat.md").write_text("---\njudul: Rapat Warga\ntanggal: 2024-13-45\n---\nBaru.\n")
    (root / KIM / "berita/2024-12-14-baru.md").write_text(post("Kabar Baru", "2024-12-14"))
    result = build(root, out)
    assert result.errors and result.failed == [] and result.built == ["kim-sumber-rejeki"]
    page = (out / "kim-sumber-rejeki/berita/rapat/index.html").read_text()
    assert "Isi rapat." in page and "Baru." not in page  # the last good version, as it was
    assert 'href="../rapat/"' in (out / "kim-sumber-rejeki/berita/hasil/index.html").read_text()
    assert (out / "kim-sumber-rejeki/berita/baru/index.html").is_file()
    assert broken_links(out) == []


def test_a_link_to_a_post_that_was_never_published_is_dropped_with_a_warning(site):
    files = {**FILES, f"{KIM}/berita/2024-12-12-rapat.md": "---\njudul: Rapat\n---\nTanpa tanggal.\n",
             f"{KIM}/berita/2024-12-13-hasil.md": post("Hasil Rapat", "2024-12-13", "Lihat [rapat](2024-12-12-rapat.md).")}
    _, result, out = site(files)
    assert any("tautan `2024-12-12-rapat.md` menuju tulisan yang belum dapat diterbitkan" in p.message
               for p in result.warnings)
    assert "Lihat rapat." in (out / "kim-sumber-rejeki/berita/hasil/index.html").read_text()
    assert broken_links(out) == []


def test_the_command_exits_with_the_contract_codes_and_says_everything(site, tmp_path):
    """`kimgen` ends without the interpreter's teardown (cli.run): its exit codes and its output,
    piped as under cron, must still be whole."""
    import os
    import subprocess
    import sys

    root, _, out = site({"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01")})

    def kimgen(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kimgen", *args], capture_output=True, text=True,
                              env={**os.environ, "CI": "true"}, cwd=tmp_path)

    ok = kimgen("build", str(root), "-o", str(out))
    # (the child may import an installed kimgen, whose code stamp makes it build the KIM again)
    assert ok.returncode == 0 and re.search(r"KIM: [01] dibangun, [01] dilewati .*, 0 gagal", ok.stderr)
    (root / "kim/kim-sumber-rejeki/berita/2024-12-02-b.md").write_text("---\njudul: B\n---\n", encoding="utf-8")
    bad = kimgen("build", str(root), "-o", str(out))
    assert bad.returncode == 1 and "2024-12-02-b.md" in bad.stderr and "tanggal" in bad.stderr
    usage = kimgen("build", str(tmp_path / "tidak-ada"))
    assert usage.returncode == 2 and "provinsi.yaml" in usage.stderr
    report = kimgen("report", str(root), "--format", "csv")
    assert report.returncode == 1 and report.stdout.startswith("slug;nama;")
