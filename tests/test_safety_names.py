"""Names from content are hostile: a media file name can never carry markup into any page."""

from __future__ import annotations

import io

from conftest import invoke, messages, post

KIM = "kim/kim-sumber-rejeki"
ATTACK = 'z"><iframe hidden srcdoc="&lt;script src=kim-x&sol;media&sol;catatan.txt&gt;&lt;&sol;script&gt;">.gif'
REFRESH = 'r"><meta http-equiv="refresh" content="0;url=https://contoh.invalid/">.gif'


def gif() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "GIF")
    return buffer.getvalue()


def test_a_media_name_with_markup_is_never_published_nor_linked(site):
    files = {f"{KIM}/media/{ATTACK}": gif(), f"{KIM}/media/{REFRESH}": gif(),
             f"{KIM}/media/catatan.txt": "alert(document.domain)",
             f"{KIM}/berita/2024-12-11-foto.md": post("Foto", gambar=f"media/{ATTACK}"),
             f"{KIM}/berita/2024-12-12-lain.md": post("Lain", gambar=f"media/{REFRESH}")}
    root, result, out = site(files)
    renamed = [m for m in messages(result) if "Ganti namanya menjadi" in m]
    assert len(renamed) == 2 and "`z-iframe-hidden-srcdoc-lt-script-src-kim-x-sol-media-sol-catatan.txt-gt-lt-sol-" \
        "script-gt-.gif`" in renamed[1] + renamed[0]
    assert result.errors  # the posts point at files that are not published
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<iframe" not in text and "http-equiv=\"refresh\"" not in text, page
    checked = invoke(["check", str(root)])
    assert checked.exit_code == 1 and "Ganti namanya menjadi" in checked.stderr


def test_links_and_pictures_escape_whatever_a_site_path_holds(site):
    from kimgen.render.theme import relative, _url_path

    assert _url_path('kim-a/media/z"><iframe>.gif') == "kim-a/media/z%22%3E%3Ciframe%3E.gif"
    assert relative("kim-a/index.html", _url_path("kim-a/media/a b'.pdf"), False) == "media/a%20b%27.pdf"
    root, _, out = site({})
    from kimgen.build.reading import set_up
    from kimgen.problems import Problems
    from kimgen.render.i18n import translator
    from kimgen.render.theme import Renderer

    setup = set_up(root, Problems())
    r = Renderer(setup.theme, setup.province, translator("id"), False, setup.now)
    html = str(r.picture('kim-a/media/x"><script>.gif', alt='"><b>', css='c" onload="x'))
    assert "<script>" not in html and "<b>" not in html and 'onload="x' not in html


def test_invisible_and_hard_linked_names_are_refused(site, tmp_path):
    import os

    outside = tmp_path / "rahasia.txt"
    outside.write_text("kata sandi server", encoding="utf-8")
    files = {f"{KIM}/berita/2024-12-11-rapat\u202egpj.md": post("Rapat"),
             f"{KIM}/media/foto\u200b.gif": gif()}
    root, _, _ = site(files, with_default_kim=True)
    os.link(outside, root / KIM / "media" / "salinan.txt")
    from kimgen.build import build

    result = build(root, tmp_path / "sites2", cache_dir=tmp_path / "c2")
    said = messages(result)
    assert sum("karakter tak terlihat" in m for m in said) == 2
    assert any("tautan keras (hard link)" in m for m in said)
    assert not (tmp_path / "sites2/kim-sumber-rejeki/media/salinan.txt").exists()
