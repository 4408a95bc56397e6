"""Markdown as KIM admins write it: web-editor lists, any heading level, relative links."""

from __future__ import annotations

from kimgen.content.markup import DocContext, KimMarkdown
from kimgen.problems import Problems


def convert(body: str, posts=None, media=None) -> tuple[str, Problems]:
    problems = Problems()
    ctx = DocContext("kim-a", "berita/x.md", "kim/kim-a/berita/x.md", posts or {}, media or set(), body, 5, problems)
    return KimMarkdown().convert(ctx), problems


def test_two_space_nested_lists_nest_as_in_web_editor_previews():
    html, _ = convert("- satu\n  - dua\n    - tiga\n- empat\n")
    assert html == ("<ul>\n<li>satu<ul>\n<li>dua<ul>\n<li>tiga</li>\n</ul>\n</li>\n</ul>\n</li>\n"
                    "<li>empat</li>\n</ul>")


def test_four_space_nested_lists_still_nest():
    html, _ = convert("1. satu\n    - dua\n2. tiga\n")
    assert html == "<ol>\n<li>satu<ul>\n<li>dua</li>\n</ul>\n</li>\n<li>tiga</li>\n</ol>"


def test_headings_shift_below_the_page_title_without_skipping_levels():
    html, _ = convert("# Satu\n\n### Dua\n\n#### Tiga\n\n# Empat\n")
    assert [line[:4] for line in html.splitlines()] == ["<h2 ", "<h3 ", "<h4 ", "<h2 "]


def test_links_to_posts_and_media_become_markers_and_missing_ones_are_reported():
    html, problems = convert("Baca [ini](2024-01-01-a.md) dan ![foto](../media/a.jpg).\n\nLalu [itu](hilang.md).",
                             posts={"berita/2024-01-01-a.md": "berita/a/"}, media={"media/a.jpg"})
    assert 'href="kimgen-url:kim-a/berita/a/"' in html
    assert 'src="kimgen-url:kim-a/media/a.jpg"' in html
    assert [p.format() for p in problems.items] == [
        "kim/kim-a/berita/x.md:7: tautan `hilang.md` menunjuk ke tulisan yang tidak ada. "
        "Periksa nama berkasnya (huruf besar/kecil berpengaruh)."]


def test_tables_fenced_code_and_footnotes():
    html, _ = convert("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nkode\n```\n\nCatatan[^1]\n\n[^1]: kaki\n")
    assert "<table>" in html and "<pre><code>kode\n</code></pre>" in html and 'class="footnote"' in html
    assert "Kembali ke catatan 1" in html
