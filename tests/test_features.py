"""Announcements, scheduled and draft posts, activity (ADINDA) filters, aspirasi and potensi."""

from __future__ import annotations

from urllib.parse import unquote

from conftest import PROFIL, PROVINSI, messages, post
from linkcheck import broken_links
from kimgen.build import build

KIM = "kim/kim-sumber-rejeki"
S = "kim-sumber-rejeki"
PROFIL_WA = PROFIL + 'kontak: {whatsapp: "0812-3456-7890", email: kim@sumberrejo.desa.id}\n'


def banner_files():
    return {
        f"{KIM}/berita/2024-12-01-kerja-bakti.md": post("Kerja Bakti", "2024-12-01"),
        f"{KIM}/pengumuman/2024-12-10-pemadaman.md": post(
            "Pemadaman Listrik Bergilir", "2024-12-10", penting="true", berlaku_sampai="2024-12-20"),
        f"{KIM}/pengumuman/2024-11-01-lomba.md": post("Lomba Desa Selesai", "2024-11-01", berlaku_sampai="2024-11-30"),
        "pengumuman/2024-12-15-banjir.md": post("Waspada Banjir", "2024-12-15", penting="true",
                                                berlaku_sampai="2024-12-22"),
    }


def test_banners_show_on_every_page_until_berlaku_sampai_then_move_to_the_archive(site, monkeypatch):
    root, result, out = site(banner_files())
    assert result.errors == []
    kim_pages = [f"{S}/index.html", f"{S}/profil/index.html", f"{S}/berita/kerja-bakti/index.html",
                 f"{S}/aspirasi/index.html"]
    for page in kim_pages:
        html = (out / page).read_text()
        # the home opens with its cover; the banners come right under it, before any section
        top = html.split("<h2")[0] if page == f"{S}/index.html" else html.split('<main')[0]
        assert "Pemadaman Listrik Bergilir</a>" in top, page
        assert "Waspada Banjir</a>" in top, page
    portal = (out / "index.html").read_text()
    assert "Waspada Banjir</a>" in portal and "Pemadaman Listrik" not in portal
    listing = (out / f"{S}/pengumuman/index.html").read_text()
    assert "Pemadaman Listrik Bergilir" in listing.split("<main")[1]
    assert "Lomba Desa Selesai" not in listing.split("<main")[1]  # expired on 2024-11-30
    assert 'href="arsip/">Arsip pengumuman (1)</a>' in listing
    archive = (out / f"{S}/pengumuman/arsip/index.html").read_text()
    assert "<h1>Arsip Pengumuman</h1>" in archive and "Lomba Desa Selesai" in archive

    # the nightly build of the next day
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-21")
    build(root, out)
    for page in kim_pages:
        html = (out / page).read_text()
        head = html.split("<h2")[0] if page == f"{S}/index.html" else html.split('<main')[0]
        assert "Pemadaman Listrik" not in head, page
        assert "Waspada Banjir</a>" in head, page
    listing = (out / f"{S}/pengumuman/index.html").read_text().split("<main")[1]
    assert "Pemadaman Listrik" not in listing
    archive = (out / f"{S}/pengumuman/arsip/index.html").read_text()
    assert "Pemadaman Listrik Bergilir" in archive and "Lomba Desa Selesai" in archive
    page = (out / f"{S}/pengumuman/pemadaman/index.html").read_text()
    assert "<strong>Sudah tidak berlaku</strong>" in page

    monkeypatch.setenv("KIMGEN_NOW", "2024-12-23")
    build(root, out)
    assert "Waspada Banjir" not in (out / "index.html").read_text().split("<main")[0]
    assert "Waspada Banjir" in (out / "pengumuman/arsip/index.html").read_text()
    assert broken_links(out) == []


WIT = PROVINSI.replace("base_url:", "zona_waktu: WIT\nbase_url:")


def scheduled_files():
    return {
        "provinsi.yaml": WIT,
        f"{KIM}/berita/2024-12-01-terbit.md": post("Sudah Terbit", "2024-12-01"),
        f"{KIM}/berita/2024-12-02-draf.md": post("Masih Draf", "2024-12-02", draf="true"),
        f"{KIM}/berita/2024-12-21-terjadwal.md": post("Berita Terjadwal", "2024-12-21 08:00"),
    }


def _published(out) -> str:
    return "".join(p.read_text() for p in out.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json", ".csv"})


def test_drafts_never_publish_and_scheduled_posts_wait_for_their_time_in_the_province_zone(site, monkeypatch):
    # 07:30 WIT on the 21st: the post's 08:00 (WIT, the province's zone) has not come yet
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-20T22:30:00+00:00")
    root, result, out = site(scheduled_files())
    assert result.errors == []
    everything = _published(out)
    assert "Sudah Terbit" in everything
    assert "Masih Draf" not in everything and "Berita Terjadwal" not in everything
    assert not (out / f"{S}/berita/draf").exists() and not (out / f"{S}/berita/terjadwal").exists()

    # 09:30 WIT, which is still 07:30 in Jakarta: read as WIB the post would stay hidden
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-21T00:30:00+00:00")
    build(root, out)
    html = (out / f"{S}/berita/terjadwal/index.html").read_text()
    assert '<time datetime="2024-12-21T08:00:00+09:00">Sabtu, 21 Desember 2024</time>' in html
    assert "Berita Terjadwal" in (out / f"{S}/feed.xml").read_text()
    assert "Masih Draf" not in _published(out)


def test_naive_times_are_read_in_the_province_zone_not_jakarta(site):
    files = {"provinsi.yaml": PROVINSI.replace("base_url:", "zona_waktu: WITA\nbase_url:"),
             f"{KIM}/agenda/2024-12-01-rapat.md": post("Rapat", "2024-12-01", tanggal_mulai="2024-12-28 09:00")}
    _, result, out = site(files)
    assert result.errors == []
    html = (out / f"{S}/agenda/rapat/index.html").read_text()
    assert '<time datetime="2024-12-28T09:00:00+08:00">Sabtu, 28 Desember 2024 09.00 WITA</time>' in html


def adinda_files():
    return {
        f"{KIM}/berita/2024-12-01-musdes.md": post("Musyawarah Desa", "2024-12-01", adinda="diskusi"),
        f"{KIM}/berita/2024-12-02-pelatihan.md": post("Pelatihan Internet", "2024-12-02", adinda="akses"),
        f"{KIM}/berita/2024-12-03-biasa.md": post("Berita Biasa", "2024-12-03"),
        f"{KIM}/berita/2024-12-04-jalan.md": post("Usulan Perbaikan Jalan Diteruskan", "2024-12-04", adinda="aspirasi"),
    }


def test_berita_can_be_filtered_by_activity_type_without_javascript(site):
    _, result, out = site(adinda_files())
    assert result.errors == []
    listing = (out / f"{S}/berita/index.html").read_text()
    assert '<a href="kegiatan/diskusi/">Diskusi</a>' in listing
    assert '<a href="kegiatan/akses/">Akses</a>' in listing
    assert "kegiatan/networking/" not in listing  # no post of that type, no empty page
    diskusi = (out / f"{S}/berita/kegiatan/diskusi/index.html").read_text()
    assert "<h1>Kegiatan: Diskusi</h1>" in diskusi
    assert '<a href="kegiatan/diskusi/" aria-current="page">' not in diskusi
    assert 'aria-current="page">Diskusi</a>' in diskusi
    main = diskusi.split("<main")[1]
    assert "Musyawarah Desa" in main and "Pelatihan Internet" not in main and "Berita Biasa" not in main
    post_page = (out / f"{S}/berita/musdes/index.html").read_text()
    assert 'Jenis kegiatan: <a href="../kegiatan/diskusi/">Diskusi</a>' in post_page
    # Only the search pages load JavaScript (cari.js); filtering works without it.
    assert not [p for p in out.rglob("*.html") if "<script src" in p.read_text() and p.parent.name != "cari"]
    assert broken_links(out) == []


def test_a_post_cannot_take_the_url_of_a_list_page(site):
    files = {f"{KIM}/berita/2024-12-01-kegiatan.md": post("Kegiatan", "2024-12-01"),
             f"{KIM}/pengumuman/2024-12-01-arsip.md": post("Arsip", "2024-12-01"),
             f"{KIM}/berita/2024-12-02-lain.md": post("Lain", "2024-12-02", slug="halaman")}
    _, result, _ = site(files)
    assert messages(result) == [
        f"{KIM}/berita/2024-12-01-kegiatan.md: slug: alamat `berita/kegiatan/` sudah dipakai daftar berita; "
        "ganti nama berkas atau isi `slug:` lain.",
        f"{KIM}/berita/2024-12-02-lain.md:4: slug: alamat `berita/halaman/` sudah dipakai daftar berita; "
        "ganti nama berkas atau isi `slug:` lain.",
        f"{KIM}/pengumuman/2024-12-01-arsip.md: slug: alamat `pengumuman/arsip/` sudah dipakai daftar "
        "pengumuman; ganti nama berkas atau isi `slug:` lain.",
    ]


def test_aspirasi_page_offers_whatsapp_email_and_sms_and_lists_the_follow_ups(site):
    _, result, out = site({f"{KIM}/profil.yaml": PROFIL_WA, **adinda_files()})
    assert result.errors == []
    home = (out / f"{S}/index.html").read_text()
    assert '<a href="aspirasi/">Aspirasi Warga</a>' in home
    html = (out / f"{S}/aspirasi/index.html").read_text()
    template = "Nama%3A%20%0ADusun%2FRT%3A%20%0AIsi%20aspirasi%3A%20"
    assert f'href="https://wa.me/6281234567890?text={template}"' in html
    assert (f'href="mailto:kim@sumberrejo.desa.id?subject=Aspirasi%20warga%20untuk%20KIM%20Sumber%20Rejeki'
            f'&amp;body={template}"') in html
    assert f'href="sms:+6281234567890?body={template}"' in html
    main = html.split("<main")[1]
    assert "Usulan Perbaikan Jalan Diteruskan" in main and "Musyawarah Desa" not in main
    profile = (out / f"{S}/profil/index.html").read_text()
    assert '<dd><a href="https://wa.me/6281234567890" rel="noopener">0812-3456-7890</a></dd>' in profile


def test_a_whatsapp_number_that_cannot_be_read_is_a_warning_and_is_shown_as_written(site):
    profil = PROFIL + "kontak:\n  whatsapp: hubungi pak RT\n"
    _, result, out = site({f"{KIM}/profil.yaml": profil})
    assert messages(result) == [
        f"{KIM}/profil.yaml:7: peringatan: kontak.whatsapp: nomor WhatsApp `hubungi pak RT` tidak valid; "
        "tulis seperti `0812-3456-7890` atau `+62 812 3456 7890`."]
    html = (out / f"{S}/aspirasi/index.html").read_text()
    assert "wa.me" not in html and "sms:" not in html
    assert "KIM ini belum mencantumkan kontak." in html
    assert "<dd>hubungi pak RT</dd>" in (out / f"{S}/profil/index.html").read_text()


def test_potensi_prices_in_rupiah_and_whatsapp_order_links(site):
    files = {
        f"{KIM}/profil.yaml": PROFIL_WA,
        f"{KIM}/potensi/2024-12-01-keripik.md": post("Keripik Singkong", "2024-12-01", harga='"Rp25.000"',
                                                     kontak='"+62 812-1111-2222"'),
        f"{KIM}/potensi/2024-12-02-madu.md": post("Madu Hutan", "2024-12-02", harga=150000),
        f"{KIM}/potensi/2024-12-03-wisata.md": post("Wisata Sawah", "2024-12-03"),
    }
    _, result, out = site(files)
    assert result.errors == []
    keripik = (out / f"{S}/potensi/keripik/index.html").read_text()
    assert "<dt>Harga</dt><dd>Rp25.000</dd>" in keripik
    link = keripik.split('<a class="button" href="')[1].split('"')[0]
    assert link.startswith("https://wa.me/6281211112222?text=")
    assert unquote(link.split("text=")[1]) == ("Halo, saya ingin memesan Keripik Singkong "
                                               "(https://kim.example.go.id/kim-sumber-rejeki/potensi/keripik/)")
    madu = (out / f"{S}/potensi/madu/index.html").read_text()
    assert "<dd>Rp150.000</dd>" in madu
    assert 'href="https://wa.me/6281234567890?text=' in madu  # no kontak of its own: the KIM's WhatsApp
    listing = (out / f"{S}/potensi/index.html").read_text()
    assert "<strong>Rp25.000</strong>" in listing and "<strong>Rp150.000</strong>" in listing
    wisata = (out / f"{S}/potensi/wisata/index.html").read_text()
    assert "<dt>Harga</dt>" not in wisata


def test_a_bad_order_number_is_an_error_naming_the_line(site):
    _, result, _ = site({f"{KIM}/potensi/2024-12-01-x.md": post("X", "2024-12-01", kontak="12345")})
    assert messages(result) == [
        f"{KIM}/potensi/2024-12-01-x.md:4: kontak: nomor WhatsApp `12345` tidak valid; "
        "tulis seperti `0812-3456-7890` atau `+62 812 3456 7890`."]


def test_every_new_page_speaks_english_when_the_province_says_so(site):
    files = {"provinsi.yaml": PROVINSI + "bahasa: en\n", f"{KIM}/profil.yaml": PROFIL_WA, **adinda_files(),
             **banner_files(),
             f"{KIM}/agenda/2024-12-01-rapat.md": post("Rapat", "2024-12-01", tanggal_mulai="2024-12-28")}
    _, result, out = site(files)
    assert result.errors == []
    assert "<h1>Residents&#39; Aspirations</h1>" in (out / f"{S}/aspirasi/index.html").read_text()
    assert "Name%3A%20%0AHamlet%2FRT%3A%20%0AAspiration%3A%20" in (out / f"{S}/aspirasi/index.html").read_text()
    assert "<h1>Activity: Discussion</h1>" in (out / f"{S}/berita/kegiatan/diskusi/index.html").read_text()
    assert "Announcement archive (1)" in (out / f"{S}/pengumuman/index.html").read_text()
    agenda = (out / f"{S}/agenda/index.html").read_text()
    assert "Subscribe to the events calendar (.ics)" in agenda and "(all day)" in agenda
