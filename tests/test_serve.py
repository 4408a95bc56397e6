"""`kimgen serve` without a browser: rebuild planning, the reload script, error pages, HTTP."""

from __future__ import annotations

from pathlib import Path

from conftest import PROFIL, PROVINSI, post, write_tree
from serve_helpers import fetch, running_serve
from kimgen.build import build
from kimgen.serve import Preview, inject
from kimgen.servewatch import Plan, is_relevant, plan_rebuild

KIM = "kim/kim-sumber-rejeki"
POST = f"{KIM}/berita/2024-12-11-posyandu.md"


def make_root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "konten", {
        "provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
        "kim/kim-dua/profil.yaml": "nama: KIM Dua\ndesa: Dua\nkecamatan: K\nkabupaten: Kota Malang\n",
        POST: post("Posyandu Balita", body="Isi pertama."),
    })


def test_a_post_rebuilds_its_kim_only_and_a_profile_everything(tmp_path):
    root = make_root(tmp_path)
    kims = {"kim-sumber-rejeki", "kim-dua"}
    assert plan_rebuild(root, {root / POST, root / KIM / "media/foto.jpg"}, kims) == Plan(only=["kim-sumber-rejeki"])
    assert plan_rebuild(root, {root / POST, root / "kim/kim-dua/berita/x.md"}, kims) == \
        Plan(only=["kim-dua", "kim-sumber-rejeki"])
    assert plan_rebuild(root, {root / POST, root / KIM / "profil.yaml"}, kims) == \
        Plan(only=["kim-sumber-rejeki"], portal=True)
    assert plan_rebuild(root, {root / "provinsi.yaml"}, kims) == Plan()
    assert plan_rebuild(root, {root / "pengumuman/a.md"}, kims) == Plan()
    assert plan_rebuild(root, {root / "kim/kim-baru/berita/a.md"}, kims) == Plan()  # a new KIM joins the portal
    assert plan_rebuild(root, {Path("/elsewhere/theme/base.html")}, kims) == Plan()


def test_profile_change_rebuilds_one_kim_plus_a_portal_equal_to_a_full_build(tmp_path):
    root = make_root(tmp_path)
    preview = Preview(root, tmp_path / "out", log=lambda text: None)
    preview.rebuild(Plan())
    (root / KIM / "profil.yaml").write_text(PROFIL.replace("KIM Sumber Rejeki", "KIM Sumber Rejeki Baru")
                                            .replace("Kabupaten Pasuruan", "Kota Malang"))
    preview.rebuild(Plan(only=["kim-sumber-rejeki"], portal=True))
    full = tmp_path / "full"
    build(root, full)
    partial = tmp_path / "out"
    assert sorted(p.relative_to(partial) for p in partial.rglob("*")) == \
        sorted(p.relative_to(full) for p in full.rglob("*"))
    for page in ("index.html", "kabupaten/kota-malang/index.html", "pemantauan/index.html", "sitemap.xml"):
        assert (partial / page).read_bytes() == (full / page).read_bytes(), page
    assert "KIM Sumber Rejeki Baru" in (partial / "kabupaten/kota-malang/index.html").read_text()
    assert "KIM Dua" in (partial / "index.html").read_text()


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
    preview = Preview(root, tmp_path / "out", log=lambda text: None)
    preview.rebuild(Plan())
    status, _, body, _ = preview.response("/kim-sumber-rejeki/berita/posyandu/")
    assert status == 200 and b"Posyandu Balita" in body
    (root / POST).write_text("---\njudul: Posyandu Balita\ntanggal: 11/12/2024\n---\nIsi.\n")
    preview.rebuild(Plan(only=["kim-sumber-rejeki"]))
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
    preview.rebuild(Plan(only=["kim-sumber-rejeki"]))
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
