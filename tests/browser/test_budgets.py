"""Light pages: HTML+CSS+JS (uncompressed, images excluded) stay under 50 KB, for 7 KIMs or 1,000."""

from __future__ import annotations

import re

import pytest

from . import harness

PROVINSI = "nama: Jawa Timur\npengelola: Dinas Kominfo Provinsi Jawa Timur\nbase_url: https://kim.example.go.id/\n"


@pytest.mark.parametrize("kind", ["kim-home", "post", "list", "portal", "kabupaten", "profil", "galeri", "album",
                                  "foto", "video", "audio-post"])
def test_demo_pages_stay_under_the_budget(demo, kind):
    out, _, types = demo
    weight = harness.page_weight(out, types[kind])
    assert weight["css_js"] > 0  # the stylesheet is counted
    assert weight["total"] <= harness.BUDGET, weight


def test_only_search_and_youtube_posters_load_javascript(demo):
    out, _, types = demo
    for kind, page in types.items():
        text = (out / page).read_text(encoding="utf-8").replace('<script type="application/ld+json">', "")
        scripts = re.findall(r'<script src="(?:[^"]*/)?assets/([a-z-]+\.js)"', text)
        if kind.endswith("search"):
            assert "cari.js" in scripts and "video.js" not in scripts, kind
        else:
            assert scripts == (["video.js"] if "data-youtube=" in text else []), kind  # JSON-LD data is not code
        assert text.count("<script") == len(scripts), kind
    assert "data-youtube=" in (out / types["video"]).read_text(encoding="utf-8")  # the demo has a YouTube vlog


@pytest.fixture(scope="module")
def province_of_1000(tmp_path_factory):
    """1,000 tiny KIMs in 8 kabupaten, one post each."""
    root = tmp_path_factory.mktemp("k1000") / "konten"
    kabupaten = [f"Kabupaten Uji {n}" for n in range(1, 9)]
    (root / "kim").mkdir(parents=True)
    (root / "provinsi.yaml").write_text(PROVINSI + "kabupaten:\n" + "".join(f"  - nama: {k}\n" for k in kabupaten),
                                        encoding="utf-8")
    for n in range(1000):
        folder = root / "kim" / f"kim-uji-{n:04d}"
        (folder / "berita").mkdir(parents=True)
        (folder / "profil.yaml").write_text(
            f"nama: KIM Uji {n:04d}\ndesa: Desa {n}\nkecamatan: Kecamatan {n % 40}\n"
            f"kabupaten: {kabupaten[n % 8]}\n", encoding="utf-8")
        (folder / "berita" / "2026-11-01-kabar.md").write_text(
            f"---\njudul: Kabar dari KIM Uji {n:04d}\ntanggal: 2026-11-{1 + n % 20:02d}\n---\nIsi singkat.\n",
            encoding="utf-8")
    out = root.parent / "sites"
    result = harness.build_demo(out, root.parent / "cache", root=root)
    assert not result.errors and len(result.built) == 1000
    return out


def test_1000_kims_the_index_lists_kabupaten_with_counts(province_of_1000):
    out = province_of_1000
    index = (out / "index.html").read_text(encoding="utf-8")
    assert harness.page_weight(out, "index.html")["total"] <= harness.BUDGET
    assert '<a href="kabupaten/kabupaten-uji-1/">Kabupaten Uji 1</a> <small>· 125 KIM</small>' in index
    assert "KIM Uji 0000" not in index.split("<h2>KIM per Kabupaten/Kota</h2>")[1]  # no KIM listed there


def test_1000_kims_kabupaten_pages_are_paginated(province_of_1000):
    out = province_of_1000
    pages = sorted((out / "kabupaten" / "kabupaten-uji-1").rglob("index.html"))
    assert len(pages) == 3  # 125 KIMs at 50 a page
    for page in pages:
        assert harness.page_weight(out, page.relative_to(out).as_posix())["total"] <= harness.BUDGET
    second = (out / "kabupaten/kabupaten-uji-1/halaman/2/index.html").read_text(encoding="utf-8")
    assert "Halaman 2 dari 3" in second
    assert second.count('<tr><td><a href="../../../../kim-uji-') == 50
    linked = {line.split('kim-uji-')[1][:4] for p in pages for line in p.read_text(encoding="utf-8").splitlines()
              if '<tr><td><a href="' in line}
    assert len(linked) == 125
