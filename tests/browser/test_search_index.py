"""Pagefind runs after the build, only for sites whose pages changed, and never breaks a build."""

from __future__ import annotations

import os
import time

from conftest import PROFIL, messages, post
from kimgen import search
from kimgen.build import build

KIMS = {
    "kim/kim-sumber-rejeki/berita/2024-12-11-posyandu.md": post("Posyandu Balita", "2024-12-11", body="Menimbang balita."),
    "kim/kim-tlogomas/profil.yaml": PROFIL.replace("KIM Sumber Rejeki", "KIM Tlogomas"),
    "kim/kim-tlogomas/berita/2024-12-10-sampah.md": post("Bank Sampah", "2024-12-10", body="Memilah sampah."),
}


def test_each_kim_and_the_province_get_an_indonesian_index(site):
    _, result, out = site(KIMS)
    assert result.errors == []
    assert sorted(result.search.indexed) == ["", "kim-sumber-rejeki", "kim-tlogomas"]
    for folder in (out, out / "kim-sumber-rejeki", out / "kim-tlogomas"):
        assert (folder / "pagefind" / "pagefind-ui.js").is_file()
        assert list((folder / "pagefind").glob("pagefind.id_*.pf_meta"))  # indexed as Indonesian
    page = (out / "kim-sumber-rejeki/cari/index.html").read_text(encoding="utf-8")
    assert '<script src="../pagefind/pagefind-ui.js" defer></script>' in page
    assert '<a href="./" aria-current="page">Cari</a>' in page
    assert '<a href="cari/">Cari</a>' in (out / "kim-sumber-rejeki/index.html").read_text(encoding="utf-8")
    post_page = (out / "kim-sumber-rejeki/berita/posyandu/index.html").read_text(encoding="utf-8")
    assert '<article class="post" data-pagefind-body>' in post_page and "<script" not in post_page.replace(
        '<script type="application/ld+json">', "")


def test_a_rebuild_reindexes_only_the_sites_that_changed(site):
    root, _, out = site(KIMS)
    again = build(root, out)
    assert again.search.indexed == [] and sorted(again.search.skipped) == ["", "kim-sumber-rejeki", "kim-tlogomas"]
    time.sleep(0.01)  # mtimes must move past the index's
    changed = root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md"
    changed.write_text(post("Bank Sampah Dusun Krajan", "2024-12-10", body="Memilah sampah."), encoding="utf-8")
    third = build(root, out)
    assert sorted(third.search.indexed) == ["", "kim-tlogomas"]
    assert third.search.skipped == ["kim-sumber-rejeki"]


def test_without_pagefind_the_build_warns_and_still_succeeds(site, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: None)
    _, result, out = site(KIMS)
    assert result.errors == []
    assert "kim/kim-tlogomas: peringatan: indeks pencarian tidak dapat dibuat (program pagefind tidak ditemukan " \
           "(pasang paket `pagefind[bin]`)); halaman lain tetap dibangun." in messages(result)
    assert (out / "kim-tlogomas/cari/index.html").is_file() and (out / "kim-tlogomas/index.html").is_file()


def test_search_output_survives_stale_file_removal(site):
    root, _, out = site(KIMS)
    entry = out / "kim-tlogomas/pagefind/pagefind-entry.json"
    changed = root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md"
    changed.write_text(post("Bank Sampah Dusun Krajan", "2024-12-10", body="Memilah sampah."), encoding="utf-8")
    result = build(root, out)  # the KIM is rebuilt and re-indexed; its index is replaced, not deleted
    assert "kim-tlogomas" in result.search.indexed and entry.is_file()


def test_a_kim_swapped_in_but_never_indexed_is_indexed_by_the_next_build(site):
    # as after a build killed between a KIM's swap and the search step
    root, _, out = site(KIMS)
    entry = out / "kim-tlogomas/pagefind/pagefind-entry.json"
    os.utime(entry, (4e9, 4e9))  # even an index that looks newer than every page
    from kimgen import cache as cachemod

    cache = cachemod.Cache(root / ".kimgen-cache", out)
    state = cache.load_state()
    state.unindexed, state.province_indexed = ["kim-tlogomas"], False
    cache.save_state(state)
    result = build(root, out)
    assert sorted(result.search.indexed) == ["", "kim-tlogomas"]
    assert entry.is_file()
    assert build(root, out).search.indexed == []
