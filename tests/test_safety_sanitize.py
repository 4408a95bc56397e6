"""Sanitizing: raw HTML in markdown, link markers, video embeds, colours, URLs, and the theme's CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import messages, post
from test_safety_scan import live_script
from kimgen.config import fields as f
from kimgen.content.markup import DocContext, KimMarkdown
from kimgen.problems import Problems

KIM = "kim/kim-sumber-rejeki"
THEME = Path(__file__).parent.parent / "kimgen/themes/default"


def convert(body: str, media=("media/foto.jpg",), posts=None):
    problems = Problems()
    ctx = DocContext("kim-a", "berita/x.md", "kim/kim-a/berita/x.md", posts or {"berita/y.md": "berita/y/"},
                     set(media), body, 5, problems)
    return KimMarkdown().convert(ctx), [p.format() for p in problems.items]


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" java\tscript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](vbscript:msgbox(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    '<img src="data:image/png;base64,AAAA">',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><button formaction="javascript:x">b</button></form>',
    "<style>body{display:none}</style>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<a href="kimgen-url:../../../etc/">x</a>',
    '<details open ontoggle=alert(1)>x</details>',
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>--><script>alert(1)</script>",
])
def test_no_live_script_survives_and_the_admin_is_told(body):
    html, problems = convert(body)
    assert live_script(html) == [], html
    assert "<script" not in html.lower() and "javascript:" not in html.lower()
    assert problems, f"nothing reported for {body!r}"
    assert all(p.startswith("kim/kim-a/berita/x.md:5: ") for p in problems), problems


def test_code_may_show_html_as_text_without_complaint():
    html, problems = convert("Contoh: `<script>` dan\n\n```\n<iframe src=x></iframe>\n```\n")
    assert problems == []
    assert "<code>&lt;script&gt;</code>" in html
    assert "&lt;iframe src=x&gt;&lt;/iframe&gt;" in html


def test_harmless_raw_html_is_kept_and_its_links_resolved():
    html, problems = convert('<img src="../media/foto.jpg" width="300"> <a href="y.md">lagi</a> '
                             '<a href="https://desa.example/">desa</a> <b class="banner footnote">b</b> <u>u</u>')
    assert problems == []
    assert '<img src="kimgen-url:kim-a/media/foto.jpg" width="300">' in html
    assert '<a href="kimgen-url:kim-a/berita/y/" rel="noopener">lagi</a>' in html
    assert '<a href="https://desa.example/" rel="noopener">desa</a>' in html
    assert '<b class="footnote">b</b>' in html  # theme classes (a fake "banner") are not borrowed
    assert "<u>u</u>" in html


def test_raw_html_links_out_of_the_kim_are_errors():
    html, problems = convert('<img src="../../kim-b/media/x.jpg"> <a href="/etc/passwd">p</a>')
    assert problems == [
        "kim/kim-a/berita/x.md:5: gambar `../../kim-b/media/x.jpg` menunjuk ke luar folder KIM ini; "
        "hanya berkas di folder KIM sendiri yang boleh dipakai.",
        "kim/kim-a/berita/x.md:5: tautan `/etc/passwd` memakai alamat mutlak; tulis alamat relatif, "
        "misalnya `../media/foto.jpg`.",
    ]
    assert "src=" not in html and "href" not in html.replace('rel="noopener"', "")


def test_content_cannot_write_the_internal_link_marker():
    html, problems = convert("kimgen-url:../../x dan KIMGEN-URL:y dan [a](kimgen-url:kim-b/)")
    assert "kimgen-url:" not in html.lower().replace("kimgen-url&#58;", "")
    assert problems == ["kim/kim-a/berita/x.md:5: tautan `kimgen-url:kim-b/` memakai skema `kimgen-url:` "
                        "yang tidak diizinkan; pakai alamat https://... atau berkas di folder KIM ini."]


def test_media_names_with_spaces_and_quotes_stay_one_link():
    html, problems = convert('![x](<../media/foto "saya".jpg>)', media=('media/foto "saya".jpg',))
    assert problems == []
    assert 'src="kimgen-url:kim-a/media/foto%20%22saya%22.jpg"' in html


DEEP = ("tulisan ini bersarang terlalu dalam (lebih dari 10 tingkat kutipan `>` atau daftar yang menjorok "
        "lebih dari 40 spasi) sehingga tidak dapat diolah; sederhanakan susunannya.")


@pytest.mark.parametrize("body,line", [
    (">" * 3000 + " x", 5),
    ("Pembuka\n\n" + "\n".join(">" * i + " x" for i in range(1, 40)), 17),
    ("\n".join("  " * i + "- x" for i in range(2000)), 26),
    ("\n".join("\t" * i + "1. x" for i in range(50)), 16),
])
def test_deeply_nested_markdown_is_refused_before_it_takes_minutes(body, line):
    html, problems = convert(body)
    assert html == ""
    assert problems == [f"kim/kim-a/berita/x.md:{line}: {DEEP}"]


def test_nesting_a_real_post_uses_is_fine():
    html, problems = convert("> kutipan\n>> balasan\n\n- a\n  - b\n    - c\n      - d\n")
    assert problems == [] and html.count("<blockquote>") == 2 and html.count("<ul>") == 4


def test_a_post_that_would_take_too_long_is_stopped(monkeypatch):
    import kimgen.content.markup as markup

    monkeypatch.setattr(markup, "TIME_BUDGET", 0.2)
    monkeypatch.setattr(markup, "MAX_BRACKETS_PER_BLOCK", 10**9)
    html, problems = convert("[" * 20000 + "x" + "]" * 20000)  # minutes of Python-Markdown's time
    assert html == ""
    assert problems == ["kim/kim-a/berita/x.md:5: tulisan ini terlalu rumit untuk diolah dalam 0.2 detik "
                        "(misalnya ribuan `[` atau `<` berturut-turut); sederhanakan atau pecah menjadi beberapa "
                        "tulisan."]
    html, problems = convert("Halo **warga**.")  # the converter still works afterwards
    assert html == "<p>Halo <strong>warga</strong>.</p>" and problems == []


# --- fields ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [("#0B6E4F", "#0b6e4f"), ("#abc", "#abc"), (" #123456 ", "#123456")])
def test_colour_accepts_hex_only(value, expected):
    assert f.hex_colour(value) == expected


@pytest.mark.parametrize("value", ["red", "#12345", "#1234567", "#0b6e4f;}</style><script>x</script>",
                                   "expression(alert(1))", "#0b6e4f }body{display:none", "var(--x)"])
def test_colour_refuses_everything_else(value):
    with pytest.raises(f.Invalid) as exc:
        f.hex_colour(value)
    assert str(exc.value) == (f"`{value.strip()}` bukan kode warna; tulis seperti `#0b6e4f` "
                              "(tanda # lalu 6 angka/huruf a-f).")


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
    "https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ?si=abc", "youtu.be/dQw4w9WgXcQ",
    "https://m.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    "https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    "https://www.youtube.com/live/dQw4w9WgXcQ",
])
def test_youtube_urls_give_the_video_id(url):
    assert f.youtube_video(url) == "dQw4w9WgXcQ"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", "https://evil.example/watch?v=dQw4w9WgXcQ",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=abc",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"onload=\"x", "https://youtu.be/../../x",
    "ftp://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/channel/UCxyz",
])
def test_anything_else_is_not_a_video(url):
    with pytest.raises(f.Invalid):
        f.youtube_video(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,x",
                                 "vbscript:x", "//evil.example", "facebook.com/kim", "http:// spaced.example"])
def test_social_media_and_sources_must_be_http(url):
    with pytest.raises(f.Invalid):
        f.http_url(url)


def test_video_field_renders_a_privacy_friendly_embed(site):
    _, result, out = site({f"{KIM}/berita/2024-12-11-video.md": post("Lomba Desa", video="https://youtu.be/dQw4w9WgXcQ")})
    assert messages(result) == []
    html = (out / "kim-sumber-rejeki/berita/video/index.html").read_text()
    # click to play: a link to the video with the id for video.js, and no frame until the reader taps
    assert ('<a class="poster" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener" '
            'data-youtube="dQw4w9WgXcQ" data-title="Lomba Desa">') in html
    assert "<iframe" not in html and 'src="https://' not in html
    assert '<script src="../../assets/video.js" defer></script>' in html


def test_a_bad_video_url_is_an_error_naming_the_line(site):
    _, result, _ = site({f"{KIM}/berita/2024-12-11-video.md": post("Lomba", video="https://evil.example/x")})
    assert messages(result) == [
        f"{KIM}/berita/2024-12-11-video.md:4: video: `https://evil.example/x` bukan alamat video YouTube, "
        "Facebook, Instagram atau TikTok; salin alamat videonya dari tombol Bagikan, misalnya "
        "`https://youtu.be/dQw4w9WgXcQ` atau `https://www.tiktok.com/@kimdesa/video/7301234567890123456`."]


def test_gambar_must_be_a_media_file_of_this_kim(site):
    """A cover from another host is never fetched by readers: the post is published without it."""
    _, result, out = site({f"{KIM}/berita/2024-12-11-x.md": post("X", gambar="https://evil.example/x.jpg")})
    assert messages(result) == [
        f"{KIM}/berita/2024-12-11-x.md:4: peringatan: gambar: gambar `https://evil.example/x.jpg` diambil dari "
        "situs lain, padahal situs KIM tidak memuat apa pun dari situs lain (agar hemat kuota dan pembaca tidak "
        "dilacak), jadi tulisan ini terbit tanpa gambar sampul. Unduh gambarnya, unggah ke folder media/ KIM ini, "
        "lalu tulis `gambar: media/x.jpg`."]
    assert "evil.example" not in (out / "kim-sumber-rejeki/berita/x/index.html").read_text()


def test_a_category_without_letters_does_not_make_an_empty_path(site):
    _, result, out = site({f"{KIM}/berita/2024-12-11-x.md": post("X", kategori="'!!!'")})
    assert result.errors == []
    assert not (out / "kim-sumber-rejeki/kategori/index.html").exists()


# --- the theme --------------------------------------------------------------------------------------

def csp_of(html: str) -> dict[str, list[str]]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match, "no CSP meta tag"
    return {d.split()[0]: d.split()[1:] for d in match.group(1).split(";") if d.strip()}


def test_every_page_has_a_csp_without_inline_script(site):
    _, _, out = site({f"{KIM}/berita/2024-12-11-x.md": post("X")})
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        csp = csp_of(page.read_text())
        assert csp["script-src"] == ["'self'"], page
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
        assert csp["frame-src"] == ["https://www.youtube-nocookie.com"]
        assert "'unsafe-eval'" not in sum(csp.values(), [])


def test_the_theme_has_no_inline_script_or_handlers():
    for template in sorted((THEME / "templates").glob("*.html")):
        text = template.read_text()
        # only external same-origin scripts and JSON-LD data blocks (never executed)
        assert not re.search(r'<script(?![^>]*\b(src=|type="application/ld\+json"))', text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name
    assert not list((THEME / "static").rglob("*.html")), "static HTML would bypass the templates"


def test_the_accent_colour_reaches_css_only_when_it_is_hex(site):
    profile = ("nama: KIM Sumber Rejeki\ndesa: Sumberrejo\nkecamatan: Purwosari\nkabupaten: Kabupaten Pasuruan\n"
               'warna: "#0B6E4F"\n')
    _, result, out = site({f"{KIM}/profil.yaml": profile})
    assert result.errors == []
    assert "<style>:root{--accent:#0b6e4f;--accent-dark:#549a84}</style>" in (out / "kim-sumber-rejeki/index.html").read_text()


@pytest.mark.parametrize("body,line", [("Pembuka.\n\n" + "[" * 1001, 7), ("<a " * 1001, 5),
                                       ("a\n\nb\n\n" + "x [y] " * 1001 + "\n\nakhir", 9)])
def test_a_paragraph_crowded_with_brackets_is_refused_without_trying(body, line):
    html, problems = convert(body)
    assert html == ""
    assert problems == [f"kim/kim-a/berita/x.md:{line}: tulisan ini terlalu rumit untuk diolah dalam 10 detik "
                        "(misalnya ribuan `[` atau `<` berturut-turut); sederhanakan atau pecah menjadi beberapa "
                        "tulisan."]


def test_a_long_post_with_many_links_in_separate_paragraphs_is_fine():
    html, problems = convert("\n\n".join("Lihat [situs desa](https://desa.example/) hari ini." for _ in range(1500)))
    assert problems == [] and html.count("<a ") == 1500


def test_text_that_mentions_javascript_is_not_a_problem():
    html, problems = convert('Belajar javascript: dasar. <abbr title="javascript: bahasa web">JS</abbr> '
                             '![kode javascript: contoh](../media/foto.jpg "javascript: judul")')
    assert problems == []
    assert '<abbr title="javascript: bahasa web">JS</abbr>' in html
