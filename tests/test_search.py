"""The search index: a full-text index per KIM, a provincial one updated in place, never stale."""

from __future__ import annotations

import json
import shutil

from conftest import cache_of, PROFIL, post
from kimgen.build import cache as cachemod
from kimgen.render import search
from kimgen.build import build

TLOGOMAS = PROFIL.replace("KIM Sumber Rejeki", "KIM Tlogomas").replace("Sumberrejo", "Tlogomas")
KIMS = {
    "kim/kim-sumber-rejeki/berita/2024-12-11-posyandu.md": post(
        "Posyandu Balita", "2024-12-11", body="Kader menimbang balita dan membagikan vitamin.",
        ringkasan="Penimbangan rutin bulan Desember.", tag="[kesehatan, stunting]"),
    "kim/kim-sumber-rejeki/berita/2024-11-02-kerja-bakti.md": post("Kerja Bakti Saluran", "2024-11-02",
                                                                    body="Warga membersihkan saluran air."),
    "kim/kim-tlogomas/profil.yaml": TLOGOMAS,
    "kim/kim-tlogomas/berita/2024-12-10-sampah.md": post("Bank Sampah", "2024-12-10", body="Memilah sampah plastik."),
}


def shard(folder, term: str) -> dict:
    key = json.loads((folder / "cari/indeks/meta.json").read_text())["key"]
    path = folder / "cari/indeks/t" / f"{term[:key]}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def docs(folder, slug: str) -> list:
    return json.loads((folder / f"cari/indeks/d/{slug}.json").read_text(encoding="utf-8"))


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_words_are_folded_like_the_browser_does():
    assert search.words("Sosialisasi VAKSINASI di Desa Kalibaru, kafé 2024 & RT-03") == [
        "sosialisasi", "vaksinasi", "kalibaru", "kafe", "2024", "rt", "03"]


def test_a_kim_site_indexes_full_text_and_the_province_titles_tags_and_places(site):
    _, result, out = site(KIMS)
    assert result.errors == [] and result.search == "written"
    kim = out / "kim-sumber-rejeki"
    meta = json.loads((kim / "cari/indeks/meta.json").read_text())
    assert meta["key"] == 1 and meta["kims"] == [["kim-sumber-rejeki", "KIM Sumber Rejeki", ""]]
    # oldest first, so a new post takes the next number: kerja bakti 0, posyandu 1
    assert docs(kim, "kim-sumber-rejeki") == [
        ["berita/kerja-bakti/", "Kerja Bakti Saluran", "Berita · 2 Nov 2024", "Warga membersihkan saluran air."],
        ["berita/posyandu/", "Posyandu Balita", "Berita · 11 Des 2024", "Penimbangan rutin bulan Desember."]]
    assert shard(kim, "vitamin")["vitamin"] == [-1, 1 * 4 + search.TEXT]  # a word of the body
    assert shard(kim, "posyandu")["posyandu"] == [-1, 1 * 4 + search.TITLE]
    assert "dan" not in shard(kim, "dan")  # a stopword

    meta = json.loads((out / "cari/indeks/meta.json").read_text())
    assert meta["key"] == 2 and [k[0] for k in meta["kims"]] == ["kim-sumber-rejeki", "kim-tlogomas"]
    assert meta["kims"][1] == ["kim-tlogomas", "KIM Tlogomas", "kim-tlogomas/"]
    assert "vitamin" not in shard(out, "vitamin")  # the province leaves bodies to each KIM's own search
    assert shard(out, "stunting")["stunting"] == [-1, 1 * 4 + search.LABEL]  # a tag
    assert shard(out, "penimbangan")["penimbangan"] == [-1, 1 * 4 + search.TEXT]  # the summary
    assert shard(out, "tlogomas")["tlogomas"] == [-2, 0 * 4 + search.TEXT]  # the KIM's name and desa
    assert docs(out, "kim-tlogomas") == docs(out / "kim-tlogomas", "kim-tlogomas")
    page = (out / "cari/index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/cari.js" defer></script>' in page and 'id="q"' in page
    assert "Isi lengkap tulisan dicari di halaman Cari situs tiap KIM." in page
    assert '<a href="cari/">Cari</a>' in (kim / "index.html").read_text(encoding="utf-8")


def test_an_edit_rewrites_only_the_shards_of_the_words_that_changed(site):
    root, first, out = site(KIMS)
    before = {p.name: p.stat().st_mtime_ns for p in (out / "cari/indeks/t").iterdir()}
    (root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md").write_text(
        post("Bank Sampah Dusun Krajan", "2024-12-10", body="Memilah sampah plastik."), encoding="utf-8")
    again = build(root, out)
    assert again.search == "written"
    after = {p.name: p.stat().st_mtime_ns for p in (out / "cari/indeks/t").iterdir()}
    assert {name for name in after if after[name] != before.get(name)} == {"du.json", "kr.json"}
    assert shard(out, "krajan")["krajan"] == [-2, 0 * 4 + search.TITLE]
    assert docs(out, "kim-tlogomas")[0][1] == "Bank Sampah Dusun Krajan"
    # byte for byte what a clean build writes
    clean = out.parent / "clean"
    build(root, clean, clean=True, cache_dir=out.parent / "clean-cache")
    assert tree(out / "cari") == tree(clean / "cari")
    assert build(root, out).search == "unchanged"
    body_only = root / "kim/kim-sumber-rejeki/berita/2024-11-02-kerja-bakti.md"
    body_only.write_text(post("Kerja Bakti Saluran", "2024-11-02", body="Warga membersihkan saluran air."), encoding="utf-8")
    assert build(root, out).search == "unchanged"  # the province does not index bodies
    body_only.write_text(post("Kerja Bakti Gorong-gorong", "2024-11-02"), encoding="utf-8")
    assert build(root, out).search == "written"


def test_two_kims_changing_one_word_in_one_build_both_land(site):
    root, _, out = site(KIMS)
    write = lambda rel, text: (root / rel).write_text(text, encoding="utf-8")  # noqa: E731
    write("kim/kim-sumber-rejeki/berita/2024-12-13-baru.md", post("Kabar Baru", "2024-12-13"))
    write("kim/kim-tlogomas/berita/2024-12-10-sampah.md", post("Baru Bank Sampah", "2024-12-10"))
    assert build(root, out).search == "written"
    assert shard(out, "baru")["baru"] == [-1, 2 * 4 + search.TITLE, -2, 0 * 4 + search.TITLE]
    clean = out.parent / "clean"
    build(root, clean, cache_dir=out.parent / "clean-cache")
    assert tree(out / "cari") == tree(clean / "cari")


def test_removed_words_and_kims_leave_the_index(site):
    root, _, out = site(KIMS)
    (root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md").unlink()
    (root / "kim/kim-tlogomas/berita/2024-12-12-pupuk.md").write_text(post("Pupuk Organik", "2024-12-12"),
                                                                      encoding="utf-8")
    assert build(root, out).search == "written"
    assert "sampah" not in shard(out, "sampah") and "pupuk" in shard(out, "pupuk")
    shutil.rmtree(root / "kim/kim-tlogomas")
    assert build(root, out).search == "written"
    assert [k[0] for k in json.loads((out / "cari/indeks/meta.json").read_text())["kims"]] == ["kim-sumber-rejeki"]
    assert not (out / "cari/indeks/d/kim-tlogomas.json").exists() and "pupuk" not in shard(out, "pupuk")


def test_a_kim_with_errors_stays_searchable_as_it_was(site):
    root, _, out = site(KIMS)
    (root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md").write_text("---\njudul: [rusak\n---\n", encoding="utf-8")
    result = build(root, out)
    assert result.failed == ["kim-tlogomas"]
    assert shard(out, "sampah")["sampah"] == [-2, 0 * 4 + search.TITLE]


def test_an_index_a_killed_build_left_behind_is_written_again(site):
    root, _, out = site(KIMS)
    expected = tree(out / "cari/indeks")
    (out / "cari/indeks/t/ba.json").write_text("{", encoding="utf-8")
    cache = cachemod.Cache(cache_of(root, out), out)
    state = cache.load_state()
    state.search_key = "killed before it was saved"
    cache.save_state(state)
    assert build(root, out).search == "written"
    assert tree(out / "cari/indeks") == expected

