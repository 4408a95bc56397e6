"""The search index: full text with Indonesian stems for each KIM and for the province (its
announcements included), term files split by stem prefix, never stale, never re-stemmed for a
KIM that did not change."""

from __future__ import annotations

import json
import shutil

from conftest import PROFIL, cache_of, post
from kimgen.build import build
from kimgen.build import cache as cachemod
from kimgen.render import search

TLOGOMAS = PROFIL.replace("KIM Sumber Rejeki", "KIM Tlogomas").replace("Sumberrejo", "Tlogomas")
KIMS = {
    "kim/kim-sumber-rejeki/berita/2024-12-11-posyandu.md": post(
        "Posyandu Balita", "2024-12-11", body="Kader menimbang balita dan membagikan vitamin.",
        ringkasan="Penimbangan rutin bulan Desember.", tag="[kesehatan, stunting]"),
    "kim/kim-sumber-rejeki/berita/2024-11-02-kerja-bakti.md": post("Kerja Bakti Saluran", "2024-11-02",
                                                                    body="Warga membersihkan saluran air."),
    "kim/kim-tlogomas/profil.yaml": TLOGOMAS,
    "kim/kim-tlogomas/berita/2024-12-10-sampah.md": post("Bank Sampah", "2024-12-10", body="Memilah sampah plastik."),
    "pengumuman/2024-12-01-cuaca.md": post("Waspada Cuaca Ekstrem", "2024-12-01",
                                           body="Masyarakat diminta mewaspadai banjir dan longsor."),
}


def meta(folder) -> dict:
    return json.loads((folder / "cari/indeks/meta.json").read_text(encoding="utf-8"))


def term_file(folder, key: str) -> str | None:
    """The term file holding `key`, found as cari.js finds it."""
    m = meta(folder)
    prefix = ""
    while prefix in m["split"] and len(key) > len(prefix):
        prefix = key[:len(prefix) + 1]
    name = prefix or search.ROOT
    return f"t/{name}.json" if name in m["files"] else None


def postings(folder, key: str, word: str = "") -> list[int] | None:
    """Postings of `word` filed under stem `key` ("" when the word is the stem itself)."""
    name = term_file(folder, key)
    found = json.loads((folder / "cari/indeks" / name).read_text(encoding="utf-8")) if name else {}
    return found.get(key, {}).get(word)


def doc(folder, kim: int, number: int) -> list:
    return json.loads((folder / f"cari/indeks/p/{kim}/{number}.json").read_text(encoding="utf-8"))


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_words_are_folded_like_the_browser_does():
    assert search.words("Sosialisasi VAKSINASI di Desa Kalibaru, kafé 2024 & RT-03") == [
        "sosialisasi", "vaksinasi", "kalibaru", "kafe", "2024", "rt", "03"]


def test_a_word_is_filed_under_its_stems():
    assert search.keys("membangun") == ("bangun",) and search.keys("pembangunan") == ("bangun",)
    assert search.keys("menyosialisasikan") == ("sosialisasi",) and search.keys("jadwalnya") == ("jadwal",)
    assert search.keys("penimbangan") == ("imbang", "timbang")  # the t that peN- swallowed, put back
    assert search.keys("mengirim") == ("irim", "kirim") and search.keys("diolah") == ("dio", "olah")
    assert search.keys("bandeng") == ("bandeng",) and search.keys("2024") == ("2024",)


def test_a_kims_text_is_kept_line_by_line_for_excerpts():
    assert search.plain_text("<h2>Hasil</h2>\n<p>Balita ditimbang\ndi balai &amp; diukur.</p><ul><li>satu</li>"
                             "<li>dua</li></ul>") == "Hasil\nBalita ditimbang di balai & diukur.\nsatu\ndua"


def test_a_kim_site_and_the_province_index_full_text_under_stems(site):
    _, result, out = site(KIMS)
    assert result.errors == [] and result.search == "written"
    kim = out / "kim-sumber-rejeki"
    assert meta(kim)["v"] == search.FORMAT and "dan" in meta(kim)["stop"]
    # oldest first, so a new post takes the next number: kerja bakti 0, posyandu 1
    assert doc(kim, 0, 0) == ["berita/kerja-bakti/", "Kerja Bakti Saluran", "Berita · 2 Nov 2024",
                              "Warga membersihkan saluran air."]
    assert doc(kim, 0, 1)[3] == "Penimbangan rutin bulan Desember.\nKader menimbang balita dan membagikan vitamin."
    assert postings(kim, "vitamin") == [-1, 1 * 8 + search.TEXT]  # a word of the body
    assert postings(kim, "posyandu") == [-1, 1 * 8 + search.TITLE]
    assert postings(kim, "bagi", "membagikan") == [-1, 1 * 8 + search.TEXT]  # filed under its stem
    assert postings(kim, "timbang", "penimbangan") == [-1, 1 * 8 + search.SUMMARY]
    assert postings(kim, "timbang", "menimbang") == [-1, 1 * 8 + search.TEXT]
    assert postings(kim, "dan") is None  # a stopword
    assert postings(kim, "sumberrejo") is None  # its own name would match every post

    assert meta(out)["v"] == search.FORMAT
    assert postings(out, "vitamin") == [-1, 1 * 8 + search.TEXT]  # the province has full text too
    assert postings(out, "stunting") == [-1, 1 * 8 + search.LABEL]  # a tag
    assert postings(out, "tlogomas") == [-2, 0 * 8 + search.TEXT]  # the KIM's name and desa, in every post
    assert postings(out, "sampah") == [-2, 0 * 8 + search.TITLE]  # title and body
    assert doc(out, 1, 0) == ["kim-tlogomas/berita/sampah/", "Bank Sampah", "Berita · 10 Des 2024",
                              "Memilah sampah plastik.", "KIM Tlogomas"]
    # the province's own announcement, after the KIMs, linked from the portal's root
    assert postings(out, "banjir") == [-3, 0 * 8 + search.TEXT]
    assert doc(out, 2, 0)[0::4] == ["pengumuman/cuaca/", "Dinas Kominfo Provinsi Jawa Timur"]
    page = (out / "cari/index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/stem-id.js" defer></script>\n<script src="../assets/cari.js" defer></script>' in page
    assert 'id="q"' in page and 'role="status"' in page and "Mencari di seluruh isi tulisan semua KIM" in page
    assert "<noscript>" in page and "membutuhkan JavaScript" in page
    assert '<a href="cari/">Cari</a>' in (kim / "index.html").read_text(encoding="utf-8")


def test_an_edit_rewrites_only_some_files_and_gives_a_clean_builds_bytes(site):
    root, _, out = site(KIMS)
    before = {p: p.stat().st_mtime_ns for p in (out / "cari/indeks").rglob("*.json")}
    (root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md").write_text(
        post("Bank Sampah Dusun Krajan", "2024-12-10", body="Memilah sampah plastik."), encoding="utf-8")
    assert build(root, out).search == "written"
    changed = {p for p in (out / "cari/indeks").rglob("*.json") if p.stat().st_mtime_ns != before.get(p)}
    assert 0 < len(changed) < len(before) and out / "cari/indeks/p/1/0.json" in changed
    assert postings(out, "krajan") == [-2, 0 * 8 + search.TITLE]
    clean = out.parent / "clean"
    build(root, clean, clean=True, cache_dir=out.parent / "clean-cache")
    assert tree(out / "cari") == tree(clean / "cari")
    assert build(root, out).search == "unchanged"
    body_only = root / "kim/kim-sumber-rejeki/berita/2024-11-02-kerja-bakti.md"
    body_only.write_text(post("Kerja Bakti Saluran", "2024-11-02", body="Warga mengeruk gorong-gorong."),
                         encoding="utf-8")
    assert build(root, out).search == "written"  # the province searches bodies now
    assert postings(out, "keruk", "mengeruk") == [-1, 0 * 8 + search.TEXT]


def test_a_kim_that_did_not_change_is_not_tokenized_again(site, monkeypatch):
    root, _, out = site(KIMS, jobs=1)
    indexed = []
    real = search.make_record
    monkeypatch.setattr(search, "make_record", lambda posts, name, *a, **k: indexed.append(name) or
                        real(posts, name, *a, **k))
    (root / "kim/kim-tlogomas/berita/2024-12-12-pupuk.md").write_text(post("Pupuk Organik", "2024-12-12"),
                                                                      encoding="utf-8")
    assert build(root, out, jobs=1).search == "written"
    assert "KIM Sumber Rejeki" not in indexed and "KIM Tlogomas" in indexed
    assert postings(out, "posyandu") == [-1, 1 * 8 + search.TITLE]  # kept from the last build's record


def test_two_kims_changing_one_word_in_one_build_both_land(site):
    root, _, out = site(KIMS)
    write = lambda rel, text: (root / rel).write_text(text, encoding="utf-8")  # noqa: E731
    write("kim/kim-sumber-rejeki/berita/2024-12-13-baru.md", post("Kabar Baru", "2024-12-13"))
    write("kim/kim-tlogomas/berita/2024-12-10-sampah.md", post("Baru Bank Sampah", "2024-12-10"))
    assert build(root, out).search == "written"
    assert postings(out, "baru") == [-1, 2 * 8 + search.TITLE, -2, 0 * 8 + search.TITLE]
    clean = out.parent / "clean"
    build(root, clean, cache_dir=out.parent / "clean-cache")
    assert tree(out / "cari") == tree(clean / "cari")


def test_removed_words_and_kims_leave_the_index(site):
    root, _, out = site(KIMS)
    (root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md").unlink()
    (root / "kim/kim-tlogomas/berita/2024-12-12-pupuk.md").write_text(post("Pupuk Organik", "2024-12-12"),
                                                                      encoding="utf-8")
    assert build(root, out).search == "written"
    assert postings(out, "sampah") is None and postings(out, "pupuk") == [-2, 0 * 8 + search.TITLE]
    shutil.rmtree(root / "kim/kim-tlogomas")
    assert build(root, out).search == "written"
    assert postings(out, "pupuk") is None and not (out / "cari/indeks/p/2").exists()
    assert doc(out, 1, 0)[0] == "pengumuman/cuaca/"  # the announcements moved up one


def test_a_kim_with_errors_stays_searchable_as_it_was(site):
    root, _, out = site(KIMS)
    (root / "kim/kim-tlogomas/berita/2024-12-10-sampah.md").write_text("---\njudul: [rusak\n---\n", encoding="utf-8")
    result = build(root, out)
    assert [p.path for p in result.errors] == ["kim/kim-tlogomas/berita/2024-12-10-sampah.md"]
    assert postings(out, "sampah") == [-2, 0 * 8 + search.TITLE]  # as it was last published


def test_an_index_a_killed_build_left_behind_is_written_again(site):
    root, _, out = site(KIMS)
    expected = tree(out / "cari/indeks")
    (out / "cari/indeks/meta.json").write_text("{", encoding="utf-8")
    cache = cachemod.Cache(cache_of(root, out), out)
    state = cache.load_state()
    state.search_key = "killed before it was saved"
    cache.save_state(state)
    assert build(root, out).search == "written"
    assert tree(out / "cari/indeks") == expected


def test_a_large_index_is_split_by_stem_prefix_and_every_word_is_found(tmp_path):
    posts = [f"kata{n:03d} warga{n % 7} bangun{n % 5} sampah" for n in range(600)]
    record = search.Record("KIM Besar", [[f"berita/{n}/", t, "", t] for n, t in enumerate(posts)])
    for n, text in enumerate(posts):
        for w in search.words(text):
            record.terms.setdefault(w, []).append(n * 8 + search.TEXT)
    files = dict(search.province_files([("kim-besar", record)]))
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    m = meta(tmp_path)
    assert m["split"][:2] == ["", "k"] and len(m["files"]) > 5
    shards = [rel for rel in files if rel.startswith(search.FOLDER + "t/")]
    assert max(len(files[rel]) for rel in shards) < 2 * search.SHARD_BYTES
    for w in ("kata000", "kata599", "warga3", "bangun4", "sampah"):
        assert postings(tmp_path, w) is not None, w
    assert postings(tmp_path, "sampah")[:3] == [-1, 0 * 8 + search.TEXT, 1 * 8 + search.TEXT]
    assert term_file(tmp_path, "zebra") is None  # no file to fetch for a word nobody wrote
