"""Partial rebuilds: an edit renders only the pages that show what changed (a body, a title, a
new post), a theme override is followed by what it reads, and the result is byte for byte
what a clean build gives."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from conftest import post, write_tree
from kimgen import render
from kimgen.build import build
from test_incremental import assert_as_clean, profile, tree

DEMO = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def rendered(monkeypatch):
    """Site paths of the pages rendered since the fixture was last cleared, all in this process
    (a lone KIM is otherwise published by a child process while the portal is rendered)."""
    from kimgen import parallel

    monkeypatch.setattr(parallel, "_publish_beside", lambda *args: None)
    paths: list[str] = []
    real = render.Renderer.page

    def page(self, name, page_path, **context):
        paths.append(page_path)
        return real(self, name, page_path, **context)

    monkeypatch.setattr(render.Renderer, "page", page)
    return paths


def png(colour) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def edit_then_build(site, rendered, files: dict, rel: str, text: str | bytes) -> tuple[Path, Path]:
    """Build `files`, write `text` to `rel`, build again: `rendered` then holds the second build's pages."""
    root, _, out = site(files)
    write_tree(root, {rel: text})
    rendered.clear()
    build(root, out)
    return root, out


def edit_body(path: Path, extra: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{extra}\n", encoding="utf-8")


def test_demo_body_edits_render_only_their_pages_and_equal_a_clean_build(tmp_path, monkeypatch, rendered):
    monkeypatch.setenv("KIMGEN_NOW", "2026-11-22")
    root = tmp_path / "konten"
    shutil.copytree(DEMO, root)
    out = tmp_path / "sites"
    first = build(root, out, jobs=1)
    assert first.errors == []
    kim = root / "kim/kim-arjosari-cerdas"
    # a long berita (its summary is its first words), a page, an agenda item and a fact check
    edited = ["berita/2026-11-18-kelas-literasi-digital-lansia.md", "halaman/tentang.md",
              "agenda/2026-11-21-bimtek-pengelola-informasi-rw.md", "cek-fakta/2026-09-25-air-kelapa-sembuhkan-dbd.md"]
    before = {rel: (kim / rel).read_text(encoding="utf-8") for rel in edited}
    for rel in edited:
        edit_body(kim / rel, "Tambahan kabar dengan [logo](../media/logo.png) dan **tebal**.")
    rendered.clear()
    second = build(root, out, jobs=1)
    assert [p.format() for p in second.errors] == []
    assert second.built == ["kim-arjosari-cerdas"] and second.portal == "skipped" and second.errors == []
    partly = list(rendered)
    clean = build(root, tmp_path / "clean", jobs=1, clean=True, cache_dir=tmp_path / "clean-cache")
    assert tree(out) == tree(tmp_path / "clean")
    assert "Tambahan kabar dengan" in (out / "kim-arjosari-cerdas/tentang/index.html").read_text()
    assert sorted(partly) == ["kim-arjosari-cerdas/agenda/bimtek-pengelola-informasi-rw/index.html",
                              "kim-arjosari-cerdas/berita/kelas-literasi-digital-lansia/index.html",
                              "kim-arjosari-cerdas/cek-fakta/air-kelapa-sembuhkan-dbd/index.html",
                              "kim-arjosari-cerdas/tentang/index.html"]
    assert clean.errors == []

    # and back: the bodies as they were give the first build's output again
    for rel, text in before.items():
        (kim / rel).write_text(text, encoding="utf-8")
    rendered.clear()
    build(root, out, jobs=1)
    assert len(rendered) == 4
    clean = build(root, tmp_path / "clean", jobs=1, clean=True, cache_dir=tmp_path / "clean-cache")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_title_edit_renders_only_the_pages_that_show_the_post(site, rendered):
    files = {f"kim/kim-sumber-rejeki/berita/2024-12-0{n}-p{n}.md": post(f"P{n}", f"2024-12-0{n}", ringkasan="R.",
                                                                        tag=f"[t{n}]")
             for n in range(1, 4)}
    root, out = edit_then_build(site, rendered, files, "kim/kim-sumber-rejeki/berita/2024-12-02-p2.md",
                                post("P2 baru", "2024-12-02", ringkasan="R.", tag="[t2]"))
    s = "kim-sumber-rejeki/"
    # the post, its neighbours' previous/next links, the lists that show it; not p1's tag page, nor profil/
    # (the portal's latest news show it too)
    shown = ["berita/p2/", "berita/p1/", "berita/p3/", "berita/", "", "cari/", "tag/t2/"]
    assert sorted(p for p in rendered if p.startswith(s)) == sorted(f"{s}{p}index.html" for p in shown)
    assert "P2 baru" in (out / "kim-sumber-rejeki/berita/p1/index.html").read_text()
    assert_as_clean(root, out)


def test_a_new_post_renders_its_page_and_the_pages_that_list_it(site, rendered):
    files = {f"kim/kim-sumber-rejeki/berita/2024-12-0{n}-p{n}.md": post(f"P{n}", f"2024-12-0{n}", ringkasan="R.")
             for n in range(1, 3)}
    root, out = edit_then_build(site, rendered, files, "kim/kim-sumber-rejeki/berita/2024-12-05-baru.md",
                                post("Baru", "2024-12-05", ringkasan="R.", kategori="kesehatan"))
    s = "kim-sumber-rejeki/"
    assert s + "berita/baru/index.html" in rendered and s + "kategori/kesehatan/index.html" in rendered
    assert s + "berita/p2/index.html" in rendered  # its "newer" link
    assert s + "berita/p1/index.html" not in rendered and s + "profil/index.html" not in rendered
    assert_as_clean(root, out)


def test_a_published_page_gone_missing_is_rendered_again(site, rendered):
    files = {"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01", "Isi lama.", ringkasan="R."),
             "kim/kim-sumber-rejeki/berita/2024-12-02-b.md": post("B", "2024-12-02", ringkasan="R.")}
    root, _, out = site(files)
    (out / "kim-sumber-rejeki/berita/b/index.html").unlink()
    (root / "kim/kim-sumber-rejeki/berita/2024-12-01-a.md").write_text(
        post("A", "2024-12-01", "Isi baru.", ringkasan="R."), encoding="utf-8")
    build(root, out)
    assert (out / "kim-sumber-rejeki/berita/b/index.html").is_file()
    assert "Isi baru." in (out / "kim-sumber-rejeki/berita/a/index.html").read_text()


def test_a_changed_photo_with_the_same_name_gets_a_whole_render(site, rendered):
    files = {"kim/kim-dua/profil.yaml": profile("KIM Dua"),
             "kim/kim-dua/media/foto.png": png((0, 90, 200)),
             "kim/kim-dua/berita/2024-12-01-a.md": post("A", "2024-12-01", "![foto](../media/foto.png)",
                                                        ringkasan="R.")}
    root, out = edit_then_build(site, rendered, files, "kim/kim-dua/media/foto.png", png((200, 90, 0)))
    assert "kim-dua/index.html" in rendered
    assert_as_clean(root, out)


@pytest.mark.parametrize("override, template, edit, page, shown", [
    # a theme override is tracked by what it reads, however it reads it
    ("list.html", "{% for p in posts %}<div>{{ p.body | safe }}</div>{% endfor %}", "body", "berita/", "Isi baru."),
    ("list.html", "{{ posts | map(attribute='body') | join | safe }}", "body", "berita/", "Isi baru."),
    ("list.html", "{% for p in posts %}{{ p | attr('body') | safe }}{% endfor %}", "body", "berita/", "Isi baru."),
    ("list.html", "{% for p in posts %}{{ p['body'] | safe }}{% endfor %}", "body", "berita/", "Isi baru."),
    # a page that goes through the KIM's posts follows every post
    ("profil.html", "{% for p in kim.of_kind('berita') %}{{ p.title }}{% endfor %}", "title", "profil/", "A baru"),
])
def test_an_override_is_followed_by_what_it_reads(site, rendered, override, template, edit, page, shown):
    files = {"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01", "Isi lama.", ringkasan="R."),
             f"tema/templates/{override}": '{% extends "base.html" %}{% block content %}' + template + "{% endblock %}"}
    title, body = ("A baru", "Isi lama.") if edit == "title" else ("A", "Isi baru.")
    _, out = edit_then_build(site, rendered, files, "kim/kim-sumber-rejeki/berita/2024-12-01-a.md",
                             post(title, "2024-12-01", body, ringkasan="R."))
    assert shown in (out / f"kim-sumber-rejeki/{page}index.html").read_text()
    if edit == "body":
        assert "kim-sumber-rejeki/index.html" not in rendered  # the home page reads no body


# -- the portal ---------------------------------------------------------------------------------

TWO_REGENCIES = {
    "kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("Kabar Pasuruan", "2024-12-01", ringkasan="R."),
    "kim/kim-dua/profil.yaml": profile("KIM Dua"),  # Kota Malang
    "kim/kim-dua/berita/2024-12-02-b.md": post("Kabar Malang", "2024-12-02", ringkasan="R."),
}


def portal_pages(rendered: list[str]) -> list[str]:
    return sorted(p for p in rendered if not p.startswith(("kim-sumber-rejeki/", "kim-dua/")))


def test_a_new_post_renders_the_portal_pages_that_show_it_not_the_other_kabupaten(site, rendered):
    root, out = edit_then_build(site, rendered, TWO_REGENCIES, "kim/kim-dua/berita/2024-12-05-baru.md",
                                post("Kabar Baru Malang", "2024-12-05", ringkasan="R."))
    # its kabupaten's page, the index and search page (newest posts), monitoring (counts); not
    # Kabupaten Pasuruan's page nor the 404 page
    assert portal_pages(rendered) == ["cari/index.html", "index.html", "kabupaten/kota-malang/index.html",
                                      "pemantauan/index.html"]
    assert "Kabar Baru Malang" in (out / "kabupaten/kota-malang/index.html").read_text(encoding="utf-8")
    assert_as_clean(root, out)


def test_a_renamed_kim_renders_the_pages_that_name_it(site, rendered):
    root, out = edit_then_build(site, rendered, TWO_REGENCIES, "kim/kim-dua/profil.yaml", profile("KIM Dua Baru"))
    pages = portal_pages(rendered)
    assert "kabupaten/kota-malang/index.html" in pages and "pemantauan/index.html" in pages
    assert "kabupaten/kabupaten-pasuruan/index.html" not in pages and "404.html" not in pages
    assert_as_clean(root, out)


def test_a_portal_override_is_followed_by_the_summaries_it_reads(site, rendered):
    # the 404 page of this theme names every KIM: renaming one in another kabupaten renders it
    files = {**TWO_REGENCIES, "tema/templates/404.html": '{% extends "base.html" %}{% block content %}'
             "{% for slug, k in kims_by_slug | dictsort %}{{ k.profile.nama }};{% endfor %}{% endblock %}"}
    root, out = edit_then_build(site, rendered, files, "kim/kim-dua/profil.yaml", profile("KIM Dua Baru"))
    assert "404.html" in rendered and "KIM Dua Baru;" in (out / "404.html").read_text(encoding="utf-8")
    assert_as_clean(root, out)


def test_a_portal_page_that_shows_a_replaced_photo_is_rendered_again(site, rendered):
    # an override that shows a KIM's photo on every kabupaten's page, without reading its summary
    files = {**TWO_REGENCIES, "kim/kim-dua/media/foto.png": png((0, 90, 200)),
             "kim/kim-dua/berita/2024-12-02-b.md": post("Kabar Malang", "2024-12-02", gambar="media/foto.png"),
             "tema/templates/kabupaten.html": '{% extends "base.html" %}{% block content %}'
             "{{ group.nama }}{{ picture('kim-dua/media/foto.png') }}{% endblock %}"}
    root, out = edit_then_build(site, rendered, files, "kim/kim-dua/media/foto.png", png((200, 90, 0)))
    assert "kabupaten/kabupaten-pasuruan/index.html" in rendered
    assert_as_clean(root, out)


def test_a_portal_page_gone_missing_is_rendered_again(site, rendered):
    root, _, out = site(TWO_REGENCIES)
    (out / "kabupaten/kabupaten-pasuruan/index.html").unlink()
    (root / "kim/kim-dua/berita/2024-12-05-baru.md").write_text(post("Baru", "2024-12-05"), encoding="utf-8")
    rendered.clear()
    build(root, out)
    assert "kabupaten/kabupaten-pasuruan/index.html" in rendered
    assert_as_clean(root, out)


def test_a_retitled_post_renders_the_portal_pages_that_show_it_not_monitoring(site, rendered):
    # monitoring reads each KIM's last post date and counts, not the titles of its newest posts
    root, out = edit_then_build(site, rendered, TWO_REGENCIES, "kim/kim-dua/berita/2024-12-02-b.md",
                                post("Kabar Malang Terkini", "2024-12-02", ringkasan="R."))
    pages = portal_pages(rendered)
    assert "index.html" in pages and "kabupaten/kota-malang/index.html" in pages
    assert "pemantauan/index.html" not in pages and "kabupaten/kabupaten-pasuruan/index.html" not in pages
    assert "Kabar Malang Terkini" in (out / "index.html").read_text(encoding="utf-8")
    assert_as_clean(root, out)


def test_a_portal_page_depends_on_the_summary_fields_it_read_not_on_the_whole_summary(site, rendered):
    # an announcement of a KIM changes its counts and activity, not its name or the newest posts:
    # monitoring shows it, the search page (which names KIMs) does not
    root, out = edit_then_build(site, rendered, TWO_REGENCIES, "kim/kim-dua/pengumuman/2024-12-03-rapat.md",
                                post("Rapat Warga", "2024-12-03"))
    pages = portal_pages(rendered)
    assert "pemantauan/index.html" in pages and "cari/index.html" not in pages
    assert_as_clean(root, out)


def test_a_kim_that_wakes_up_does_not_render_the_other_kabupaten_pages(site, rendered):
    # a vakum KIM posts again: its status flips (monitoring, its own kabupaten), not other pages
    files = {**TWO_REGENCIES, "kim/kim-dua/berita/2024-12-02-b.md": post("Kabar Lama", "2024-01-02", ringkasan="R.")}
    root, out = edit_then_build(site, rendered, files, "kim/kim-dua/berita/2024-12-15-c.md",
                                post("Bangun Lagi", "2024-12-15", ringkasan="R."))
    pages = portal_pages(rendered)
    assert "pemantauan/index.html" in pages and "kabupaten/kota-malang/index.html" in pages
    assert "kabupaten/kabupaten-pasuruan/index.html" not in pages and "404.html" not in pages
    assert_as_clean(root, out)


def test_the_portals_reports_and_sitemaps_are_made_only_when_what_they_list_changed(site, rendered, monkeypatch):
    from kimgen import feeds, portal

    made = []
    for module, name in ((portal, "report_csv"), (portal, "report_json"), (feeds, "sitemap_index")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name: made.append(_name) or _real(*a))
    root, out = edit_then_build(site, rendered, TWO_REGENCIES, "kim/kim-dua/berita/2024-12-02-b.md",
                                post("Kabar Malang Terkini", "2024-12-02", ringkasan="R."))
    assert made == ["report_csv", "report_json", "sitemap_index"]  # the first build; the retitle made none
    write_tree(root, {"kim/kim-dua/berita/2024-12-05-c.md": post("Kabar Baru", "2024-12-05")})
    build(root, out)
    assert made[3:] == ["report_csv", "report_json"]  # counts changed; the list of sitemaps did not
    assert_as_clean(root, out)


def test_a_kim_page_that_shows_another_kims_photo_is_always_made_again(site, rendered):
    # a theme may show any photo; another KIM's is not among this KIM's media stamps
    files = {**TWO_REGENCIES, "kim/kim-dua/media/foto.png": png((0, 90, 200)),
             "tema/templates/home.html": '{% extends "base.html" %}{% block content %}'
             "{{ picture('kim-dua/media/foto.png') }}{% endblock %}"}
    root, _, out = site(files)
    write_tree(root, {"kim/kim-dua/media/foto.png": png((200, 90, 0)),
                      "kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("Kabar Pasuruan", "2024-12-01",
                                                                            "Isi baru.", ringkasan="R.")})
    rendered.clear()
    build(root, out, jobs=1)  # two KIMs changed: in this process, for `rendered` to see their pages
    assert "kim-sumber-rejeki/index.html" in rendered
    assert_as_clean(root, out)
