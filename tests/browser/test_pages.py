"""Every page type of the demo in headless Chromium: no serious axe violations, no console
errors, no request to another host, usable without JavaScript, and search that finds a post."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from . import harness

KINDS = ["kim-home", "post", "list", "profil", "agenda", "kategori", "kim-search", "kim-404", "portal",
         "kabupaten", "pemantauan", "portal-search", "cek-fakta", "potensi", "halaman", "aspirasi",
         "galeri", "album", "foto", "video", "audio-post"]


@pytest.mark.parametrize("kind", KINDS)
def test_page_is_accessible_local_and_error_free(demo, served, browser, kind):
    _, _, types = demo
    visit = harness.Visit(browser, served + types[kind])
    try:
        assert visit.response.status == 200
        visit.scroll_through()
        violations = visit.axe()
        assert violations == [], harness.describe(violations)
        assert visit.console_errors == []
        hosts = {urlsplit(url).hostname for url in visit.requests if not url.startswith("data:")}
        assert hosts == {"127.0.0.1"}, visit.requests
        for name, size in harness.VIEWPORTS.items():
            visit.page.set_viewport_size({"width": size[0], "height": size[1]})
            harness.ARTIFACTS.mkdir(exist_ok=True)
            visit.page.screenshot(path=str(harness.ARTIFACTS / f"{kind}-{name}.png"), full_page=True)
    finally:
        visit.close()


@pytest.mark.parametrize("kind", ["kim-home", "post", "portal", "kim-search", "album", "foto", "video", "profil",
                                  "audio-post"])
def test_dark_mode_passes_axe_colour_contrast(demo, served, browser, kind):
    _, _, types = demo
    visit = harness.Visit(browser, served + types[kind], color_scheme="dark")
    try:
        assert visit.page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 23)"
        violations = visit.axe()
        assert violations == [], harness.describe(violations)
    finally:
        visit.close()


@pytest.mark.parametrize("kind", KINDS)
def test_page_works_with_javascript_off(demo, served, browser, kind):
    _, _, types = demo
    visit = harness.Visit(browser, served + types[kind], javascript=False)
    try:
        page = visit.page
        assert page.locator("h1").count() == 1 and page.locator("h1").inner_text().strip()
        assert page.locator("nav[aria-label] a").count() >= 2
        # The skip link is the first thing a keyboard reaches, and it shows when focused.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
        if kind.endswith("search"):
            assert "membutuhkan JavaScript" in page.locator("main").inner_text()
            assert page.locator("main article h3 a").count() >= 3  # latest posts to browse instead
    finally:
        visit.close()


def test_nav_links_to_search_and_the_search_finds_a_demo_post(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["kim-home"])
    try:
        page = visit.page
        page.get_by_role("link", name="Cari", exact=True).click()
        page.wait_for_url("**/kim-sumber-rejeki/cari/")
        page.locator("#q").fill("musrenbang")
        result = page.locator("#hasil a").first
        result.wait_for(timeout=10_000)
        assert "Musrenbang" in result.inner_text()
        result.click()
        page.wait_for_load_state("load")
        # Under the /kim/ sub-path the result still leads to the post itself.
        assert page.url.startswith(served + "kim-sumber-rejeki/berita/")
        assert "Musrenbang" in page.locator("h1").inner_text()
        assert visit.console_errors == []
        assert {urlsplit(url).hostname for url in visit.requests} == {"127.0.0.1"}
    finally:
        visit.close()


def test_province_search_finds_posts_of_every_kim(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["portal-search"])
    try:
        visit.page.locator("#q").fill("posyandu")
        visit.page.locator("#hasil a").first.wait_for(timeout=10_000)
        links = visit.page.locator("#hasil a").evaluate_all("els => els.map(e => e.href)")
        assert any("/kim/kim-sumber-rejeki/berita/" in link for link in links), links
    finally:
        visit.close()


def test_photos_are_responsive_and_only_the_cover_is_eager(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + "kim-sumber-rejeki/berita/posyandu-balita/")
    try:
        cover = visit.page.locator("picture img.cover")
        assert cover.get_attribute("loading") is None and cover.get_attribute("width") == "1200"
        assert visit.page.evaluate("document.querySelector('img.cover').currentSrc").endswith(".webp")
        body = visit.page.locator(".body picture img")
        assert body.count() >= 1 and body.first.get_attribute("loading") == "lazy"
    finally:
        visit.close()
