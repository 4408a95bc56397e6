"""Details readers notice: the KIM's colour, Indonesian dates in <time>, print and focus styles."""

from __future__ import annotations

import re

import pytest

from conftest import PROFIL
from kimgen.render.colors import DARK_BG, HEADER_BG, accent, accent_on_dark, contrast, parse
from . import harness


@pytest.mark.parametrize("warna, expected", [("#0b6e4f", "#0b6e4f"), ("0B6E4F", "#0b6e4f"), ("#c0392b", "#c0392b"),
                                             ("#05a", "#0055aa"), ("merah", None), ("#fff;}body{display:none", None)])
def test_kim_colour_is_a_hex_colour_or_nothing(warna, expected):
    assert accent(warna) == expected


def test_too_light_kim_colour_is_darkened_to_readable_contrast():
    yellow = accent("#ffd400")
    assert yellow != "#ffd400" and contrast(parse(yellow), HEADER_BG) >= 4.5
    assert contrast(parse(yellow), (255, 255, 255)) >= 4.5  # white text on buttons too
    r, g, b = parse(yellow)
    assert r > g > b  # still a yellow-brown, not grey


def test_kim_colour_reaches_every_page_and_nothing_else_does(site):
    _, _, out = site({"kim/kim-sumber-rejeki/profil.yaml": PROFIL + "warna: '#ffd400'\n"})
    home = (out / "kim-sumber-rejeki/index.html").read_text(encoding="utf-8")
    assert f"<style>:root{{--accent:{accent('#ffd400')};--accent-dark:{accent_on_dark('#ffd400')}}}</style>" in home
    _, result, out = site({"kim/kim-sumber-rejeki/profil.yaml": PROFIL + "warna: 'red}body{display:none'\n"})
    assert [p.field for p in result.errors] == ["warna"]  # refused strictly as an error (issue 5)
    assert "display:none" not in (out / "kim-sumber-rejeki/index.html").read_text(encoding="utf-8")


def test_dates_are_indonesian_inside_time_elements(demo):
    out, _, types = demo
    monitoring = (out / types["pemantauan"]).read_text(encoding="utf-8")
    assert re.search(r'<time datetime="2026-\d\d-\d\d">\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) 2026'
                     r"</time>", monitoring)
    text = re.sub(r"<[^>]+>", " ", re.sub(r'<time datetime="[^"]*">', "", monitoring))
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)  # no raw ISO date left for readers
    for kind in ("kim-home", "post", "portal", "kabupaten"):
        html = (out / types[kind]).read_text(encoding="utf-8")
        assert '<time datetime="' in html, kind


def test_print_hides_menus_and_sharing(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["post"])
    try:
        page = visit.page
        page.emulate_media(media="print")
        for selector in (".site-header nav", ".share", ".skip"):
            assert page.locator(selector).first.is_hidden(), selector
        assert page.locator("h1").is_visible()
    finally:
        visit.close()


def test_keyboard_focus_is_visible(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["kim-home"])
    try:
        page = visit.page
        for _ in range(3):
            page.keyboard.press("Tab")
            style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                                  " return [s.outlineStyle, s.outlineWidth]; })()")
            assert style[0] == "solid" and style[1] == "3px", style
    finally:
        visit.close()
