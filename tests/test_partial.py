"""Partial rebuilds: an edit that changes only post bodies renders only the pages that show them,
and the result is byte for byte what a clean build gives."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from conftest import post
from kimgen import render
from kimgen.build import build
from test_incremental import profile, tree

DEMO = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def rendered(monkeypatch):
    """Site paths of the pages rendered since the fixture was last cleared."""
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
    root, _, out = site(files)
    rendered.clear()
    (root / "kim/kim-sumber-rejeki/berita/2024-12-02-p2.md").write_text(
        post("P2 baru", "2024-12-02", ringkasan="R.", tag="[t2]"), encoding="utf-8")
    build(root, out)
    s = "kim-sumber-rejeki/"
    # the post, its neighbours' previous/next links, the lists that show it; not p1's tag page, nor profil/
    # (the portal's latest news show it too)
    assert sorted(p for p in rendered if p.startswith(s)) == sorted(s + p for p in ["berita/p2/index.html", "berita/p1/index.html",
                                                       "berita/p3/index.html", "berita/index.html", "index.html",
                                                       "cari/index.html", "tag/t2/index.html"])
    assert "P2 baru" in (out / "kim-sumber-rejeki/berita/p1/index.html").read_text()
    clean_out = out.parent / "clean"
    build(root, clean_out, clean=True, cache_dir=out.parent / "clean-cache")
    assert tree(out) == tree(clean_out)


def test_a_new_post_renders_its_page_and_the_pages_that_list_it(site, rendered):
    files = {f"kim/kim-sumber-rejeki/berita/2024-12-0{n}-p{n}.md": post(f"P{n}", f"2024-12-0{n}", ringkasan="R.")
             for n in range(1, 3)}
    root, _, out = site(files)
    rendered.clear()
    (root / "kim/kim-sumber-rejeki/berita/2024-12-05-baru.md").write_text(
        post("Baru", "2024-12-05", ringkasan="R.", kategori="kesehatan"), encoding="utf-8")
    build(root, out)
    s = "kim-sumber-rejeki/"
    assert s + "berita/baru/index.html" in rendered and s + "kategori/kesehatan/index.html" in rendered
    assert s + "berita/p2/index.html" in rendered  # its "newer" link
    assert s + "berita/p1/index.html" not in rendered and s + "profil/index.html" not in rendered
    clean_out = out.parent / "clean"
    build(root, clean_out, clean=True, cache_dir=out.parent / "clean-cache")
    assert tree(out) == tree(clean_out)


def test_a_theme_that_shows_bodies_in_lists_gets_a_whole_render(site, rendered):
    files = {"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01", "Isi lama.", ringkasan="R."),
             "tema/templates/list.html": (
                 '{% extends "base.html" %}{% block content %}'
                 "{% for p in posts %}<div>{{ p.body | safe }}</div>{% endfor %}{% endblock %}")}
    root, _, out = site(files)
    (root / "kim/kim-sumber-rejeki/berita/2024-12-01-a.md").write_text(
        post("A", "2024-12-01", "Isi baru.", ringkasan="R."), encoding="utf-8")
    rendered.clear()
    build(root, out)
    assert "kim-sumber-rejeki/berita/index.html" in rendered
    assert "Isi baru." in (out / "kim-sumber-rejeki/berita/index.html").read_text()


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
    root, _, out = site(files)
    (root / "kim/kim-dua/media/foto.png").write_bytes(png((200, 90, 0)))
    rendered.clear()
    build(root, out)
    assert "kim-dua/index.html" in rendered
    clean_out = out.parent / "clean"
    build(root, clean_out, clean=True, cache_dir=out.parent / "clean-cache")
    assert tree(out) == tree(clean_out)


@pytest.mark.parametrize("template", [
    # a theme override is tracked by what it reads, however it reads it
    "{% for p in posts %}<div>{{ p.body | safe }}</div>{% endfor %}",
    "{{ posts | map(attribute='body') | join | safe }}",
    "{% for p in posts %}{{ p | attr('body') | safe }}{% endfor %}",
    "{% for p in posts %}{{ p['body'] | safe }}{% endfor %}",
])
def test_a_list_that_reads_bodies_follows_them(site, rendered, template):
    files = {"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01", "Isi lama.", ringkasan="R."),
             "tema/templates/list.html": '{% extends "base.html" %}{% block content %}' + template + "{% endblock %}"}
    root, _, out = site(files)
    (root / "kim/kim-sumber-rejeki/berita/2024-12-01-a.md").write_text(
        post("A", "2024-12-01", "Isi baru.", ringkasan="R."), encoding="utf-8")
    rendered.clear()
    build(root, out)
    assert "Isi baru." in (out / "kim-sumber-rejeki/berita/index.html").read_text()
    assert "kim-sumber-rejeki/index.html" not in rendered  # the home page reads no body


def test_a_page_that_reads_the_kims_posts_follows_every_post(site, rendered):
    files = {"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01", "Isi lama.", ringkasan="R."),
             "tema/templates/profil.html": ('{% extends "base.html" %}{% block content %}'
                                            "{% for p in kim.of_kind('berita') %}{{ p.title }}{% endfor %}"
                                            "{% endblock %}")}
    root, _, out = site(files)
    (root / "kim/kim-sumber-rejeki/berita/2024-12-01-a.md").write_text(
        post("A baru", "2024-12-01", "Isi lama.", ringkasan="R."), encoding="utf-8")
    rendered.clear()
    build(root, out)
    assert "A baru" in (out / "kim-sumber-rejeki/profil/index.html").read_text()
