"""`kimgen serve` without a browser: the same build as `kimgen build`, the reload script, error pages, HTTP."""

from __future__ import annotations

from pathlib import Path

from conftest import PROFIL, PROVINSI, post, write_tree
from serve_helpers import fetch, running_serve
from kimgen.build import build
from kimgen.commands.serve import Preview, inject
from kimgen.commands.watch import is_relevant

KIM = "kim/kim-sumber-rejeki"
POST = f"{KIM}/berita/2024-12-11-posyandu.md"


def make_root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "konten", {
        "provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
        "kim/kim-dua/profil.yaml": "nama: KIM Dua\ndesa: Dua\nkecamatan: K\nkabupaten: Kota Malang\n",
        POST: post("Posyandu Balita", body="Isi pertama."),
    })


def test_a_profile_change_gives_what_a_full_build_gives_the_portal_included(tmp_path):
    root = make_root(tmp_path)
    preview = Preview(root, tmp_path / "preview", log=lambda text: None)
    preview.rebuild()
    (root / KIM / "profil.yaml").write_text(PROFIL.replace("KIM Sumber Rejeki", "KIM Sumber Rejeki Baru")
                                            .replace("Kabupaten Pasuruan", "Kota Malang"))
    preview.rebuild()
    full = tmp_path / "full"
    build(root, full, cache_dir=tmp_path / "full-cache")
    shown = preview.out_dir
    assert sorted(p.relative_to(shown) for p in shown.rglob("*")) == \
        sorted(p.relative_to(full) for p in full.rglob("*"))
    for page in full.rglob("*"):
        if page.is_file():
            assert (shown / page.relative_to(full)).read_bytes() == page.read_bytes(), page
    assert "KIM Sumber Rejeki Baru" in (shown / "kabupaten/kota-malang/index.html").read_text()
    assert not (root / ".kimgen-cache").exists()  # the preview's cache is its own, in its folder


def test_a_new_berita_shows_on_the_portal_while_serve_runs(tmp_path):
    root = make_root(tmp_path)
    with running_serve(root) as base:
        assert "Rapat Warga Baru" not in fetch(base)[1]
        write_tree(root, {f"{KIM}/berita/2024-12-19-rapat.md": post("Rapat Warga Baru", "2024-12-19")})
        assert fetch(base + "__kimgen__/livereload?epoch=1") == (200, "2")
        status, portal = fetch(base)
        assert status == 200 and "Rapat Warga Baru" in portal  # the portal's latest news
        assert "Rapat Warga Baru" in fetch(base + "kim-sumber-rejeki/")[1]


def test_serve_leaves_nothing_behind(tmp_path):
    import tempfile

    root = make_root(tmp_path)
    before = set(Path(tempfile.gettempdir()).glob("kimgen-serve-*"))
    with running_serve(root) as base:
        assert fetch(base)[0] == 200
        assert len(set(Path(tempfile.gettempdir()).glob("kimgen-serve-*")) - before) == 1
    assert set(Path(tempfile.gettempdir()).glob("kimgen-serve-*")) - before == set()
    assert not (root / ".kimgen-cache").exists()


def test_editor_temp_files_are_ignored():
    assert is_relevant("/k/kim/a/berita/x.md")
    assert not is_relevant("/k/kim/a/berita/.x.md.swp")
    assert not is_relevant("/k/kim/a/berita/x.md~")
    assert not is_relevant("/k/.git/index")


def test_reload_script_is_injected_in_serve_only(tmp_path):
    root = make_root(tmp_path)
    result = build(root, tmp_path / "sites")
    assert result.errors == []
    built = [p.read_text() for p in (tmp_path / "sites").rglob("*.html")]
    assert built and not any("__kimgen__" in page for page in built)
    assert inject(b"<p>x</p></body></html>", 7) == (
        b'<p>x</p><script src="/__kimgen__/reload.js" data-epoch="7"></script></body></html>')


def test_content_error_gives_an_indonesian_error_page_and_a_good_save_brings_the_site_back(tmp_path):
    root = make_root(tmp_path)
    preview = Preview(root, tmp_path / "preview", log=lambda text: None)
    preview.rebuild()
    status, _, body, _ = preview.response("/kim-sumber-rejeki/berita/posyandu/")
    assert status == 200 and b"Posyandu Balita" in body
    (root / POST).write_text("---\njudul: Posyandu Balita\ntanggal: 11/12/2024\n---\nIsi.\n")
    preview.rebuild()
    status, _, body, _ = preview.response("/kim-sumber-rejeki/berita/posyandu/")
    page = body.decode()
    assert status == 500 and "<h1>Ada yang perlu diperbaiki</h1>" in page
    assert (f"<li><strong>{POST}:3</strong><br> <code>tanggal</code>: tanggal `11/12/2024` tidak dapat dibaca; "
            "tulis sebagai tahun-bulan-tanggal: `2024-12-11` (bukan tanggal/bulan/tahun seperti kebiasaan kita)."
            "</li>") in page
    assert '<script src="/__kimgen__/reload.js" data-epoch="2"></script>' in page
    status, _, body, _ = preview.response("/kim-dua/")  # another KIM's preview is not held hostage
    assert status == 200 and b"KIM Dua" in body and b"Ada yang perlu diperbaiki" not in body
    (root / POST).write_text(post("Posyandu Balita", body="Isi kedua."))
    preview.rebuild()
    status, _, body, _ = preview.response("/kim-sumber-rejeki/berita/posyandu/")
    assert status == 200 and b"Isi kedua." in body


def test_serve_over_http_rebuilds_on_save_and_wakes_the_long_poll(tmp_path):
    root = make_root(tmp_path)
    with running_serve(root) as base:
        status, page = fetch(base + "kim-sumber-rejeki/berita/posyandu/")
        assert status == 200 and "Isi pertama." in page and 'data-epoch="1"' in page
        status, script = fetch(base + "__kimgen__/reload.js")
        assert status == 200 and "location.reload()" in script
        assert fetch(base + "kim-sumber-rejeki/berita/posyandu")[0] == 200  # redirected to the folder
        (root / POST).write_text(post("Posyandu Balita", body="Isi kedua."))
        assert fetch(base + "__kimgen__/livereload?epoch=1") == (200, "2")
        assert "Isi kedua." in fetch(base + "kim-sumber-rejeki/berita/posyandu/")[1]
        assert fetch(base + "tidak-ada/")[0] == 404
        assert fetch(base + "../../etc/passwd")[0] == 404
