"""Cek fakta: verdict labels, ClaimReview JSON-LD, WhatsApp text and the provincial page."""

from __future__ import annotations

import re
from urllib.parse import unquote

from conftest import PROFIL, json_ld, post
from linkcheck import broken_links

KIM = "kim/kim-sumber-rejeki"
S = "kim-sumber-rejeki"
OTHER = "kim/kim-tlogomas"
PROFIL_OTHER = PROFIL.replace("KIM Sumber Rejeki", "KIM Tlogomas").replace("Kabupaten Pasuruan", "Kota Malang")


def fact(judul: str, tanggal: str, status: str, **extra) -> str:
    return post(judul, tanggal, klaim=f'"Pesan berantai: {judul}"', status=status, **extra)


FILES = {
    f"{OTHER}/profil.yaml": PROFIL_OTHER,
    f"{KIM}/cek-fakta/2024-12-10-bansos.md": fact(
        "Pendaftaran Bansos Lewat Tautan", "2024-12-10", "hoaks",
        sumber="[https://www.komdigi.go.id/berita/klarifikasi-hoaks]"),
    f"{KIM}/cek-fakta/2024-12-01-vaksin.md": fact("Jadwal Vaksin Gratis", "2024-12-01", "benar"),
    f"{KIM}/cek-fakta/2024-12-02-draf.md": fact("Belum Diperiksa", "2024-12-02", "hoaks", draf="true"),
    f"{OTHER}/cek-fakta/2024-12-05-banjir.md": fact("Video Banjir Lama", "2024-12-05", "misinformasi"),
}



def test_verdict_label_on_the_page_and_in_lists(site):
    _, result, out = site(FILES)
    assert result.errors == []
    html = (out / f"{S}/cek-fakta/bansos/index.html").read_text()
    assert '<span class="verdict verdict-hoaks">HOAKS</span>' in html
    assert "<dt>Klaim</dt><dd>Pesan berantai: Pendaftaran Bansos Lewat Tautan</dd>" in html
    listing = (out / f"{S}/cek-fakta/index.html").read_text()
    assert '<span class="verdict verdict-hoaks">HOAKS</span>' in listing
    assert '<span class="verdict verdict-benar">BENAR</span>' in listing


def test_claim_review_json_ld(site):
    _, _, out = site(FILES)
    data = json_ld((out / f"{S}/cek-fakta/bansos/index.html").read_text())
    assert data == [{
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": "https://kim.example.go.id/kim-sumber-rejeki/cek-fakta/bansos/",
        "name": "Pendaftaran Bansos Lewat Tautan", "datePublished": "2024-12-10",
        "claimReviewed": "Pesan berantai: Pendaftaran Bansos Lewat Tautan",
        "itemReviewed": {"@type": "Claim", "appearance": [
            {"@type": "CreativeWork", "url": "https://www.komdigi.go.id/berita/klarifikasi-hoaks"}]},
        "author": {"@type": "Organization", "name": "KIM Sumber Rejeki",
                   "url": "https://kim.example.go.id/kim-sumber-rejeki/"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                         "alternateName": "HOAKS"}}]
    benar = json_ld((out / f"{S}/cek-fakta/vaksin/index.html").read_text())[0]
    assert benar["reviewRating"]["ratingValue"] == 5 and "appearance" not in benar["itemReviewed"]


def test_whatsapp_share_text_carries_the_verdict(site):
    _, _, out = site(FILES)
    html = (out / f"{S}/cek-fakta/bansos/index.html").read_text()
    link = re.search(r'href="https://wa.me/\?text=([^"]+)"', html).group(1)
    assert unquote(link) == ("[HOAKS] Pendaftaran Bansos Lewat Tautan — "
                             "https://kim.example.go.id/kim-sumber-rejeki/cek-fakta/bansos/")
    titled = {f"{KIM}/cek-fakta/2024-12-10-x.md": '---\njudul: "[HOAKS] Air Kelapa Obat Segala"\n'
              'tanggal: 2024-12-10\nklaim: Air kelapa menyembuhkan semua penyakit.\nstatus: hoaks\n---\nIsi.\n'}
    _, _, out2 = site(titled)
    link = re.search(r'href="https://wa.me/\?text=([^"]+)"', (out2 / f"{S}/cek-fakta/x/index.html").read_text())
    assert unquote(link.group(1)).startswith("[HOAKS] Air Kelapa Obat Segala — ")  # the label once, not twice


def test_provincial_page_gathers_every_kims_clarifications_newest_first(site):
    _, result, out = site(FILES)
    html = (out / "cek-fakta/index.html").read_text()
    main = html.split("<main")[1]
    titles = re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', main)  # list items are h2 under the h1
    assert titles == ["Pendaftaran Bansos Lewat Tautan", "Video Banjir Lama", "Jadwal Vaksin Gratis"]
    assert '<a href="../kim-tlogomas/cek-fakta/banjir/">Video Banjir Lama</a>' in main
    assert "KIM Tlogomas" in main and '<span class="verdict verdict-misinformasi">MISINFORMASI</span>' in main
    assert "Belum Diperiksa" not in html
    assert '<a href="cek-fakta/">Cek Fakta</a>' in (out / "index.html").read_text()
    assert result.site.kims[0].factchecks[0].body == ""  # summaries stay small
    assert broken_links(out) == []


def test_provincial_fact_check_page_is_paginated(site):
    files = {f"{KIM}/cek-fakta/2024-11-{day:02d}-kabar-{day}.md": fact(f"Kabar {day}", f"2024-11-{day:02d}", "hoaks")
             for day in range(1, 13)}
    _, _, out = site(files)
    first = (out / "cek-fakta/index.html").read_text()
    second = (out / "cek-fakta/halaman/2/index.html").read_text()
    assert "Kabar 12<" in first and "Kabar 3<" in first and "Kabar 2<" not in first
    assert "Kabar 2<" in second and "Kabar 1<" in second
    assert '<a href="halaman/2/" rel="next">' in first and "Halaman 1 dari 2" in first
    assert broken_links(out) == []
