"""What a reader on a 390x844 phone sees first, and the media that waits for a tap: the cover and
name in the first screen, a menu of at most two lines, albums with JavaScript off, click-to-play
video that asks nothing of YouTube before the tap, an audio player that plays."""

from __future__ import annotations

from urllib.parse import urlsplit

from . import harness

FIRST_SCREEN_IMAGE = 120 * 1024


def test_the_home_shows_its_cover_and_name_in_the_first_screen(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["kim-home"])
    try:
        page = visit.page
        cover = page.locator(".hero-img").bounding_box()
        name = page.locator(".hero h1").bounding_box()
        assert cover and cover["y"] < 400 and cover["y"] + cover["height"] <= 844, cover
        assert cover["width"] >= 380  # the width of the phone
        assert name and name["y"] + name["height"] <= 844 and page.locator(".hero h1").inner_text() == "KIM Sumber Rejeki"
        assert page.evaluate("document.querySelector('.hero-img').complete && "
                             "document.querySelector('.hero-img').naturalWidth > 0")
        assert page.locator(".hero-logo").bounding_box()["width"] >= 64
    finally:
        visit.close()


def test_no_image_in_the_first_screen_weighs_over_120_kb(demo, served, browser):
    _, _, types = demo
    for kind in ("kim-home", "post", "album", "portal", "foto"):
        visit = harness.Visit(browser, served + types[kind])
        try:
            visit.page.wait_for_load_state("networkidle")
            sizes = visit.page.evaluate("performance.getEntriesByType('resource')"
                                        ".filter(e => e.initiatorType === 'img' || /\\.(webp|jpe?g|png)$/.test(e.name))"
                                        ".map(e => [e.name, e.encodedBodySize])")
            assert sizes, kind
            assert all(size <= FIRST_SCREEN_IMAGE for _, size in sizes), (kind, sizes)
        finally:
            visit.close()


def test_the_menu_takes_at_most_two_lines_and_the_rest_opens_without_javascript(demo, served, browser):
    _, _, types = demo
    for kind in ("kim-home", "album", "portal"):
        visit = harness.Visit(browser, served + types[kind], javascript=False)
        try:
            page = visit.page
            tops = page.locator("nav.menu > ul > li").evaluate_all(
                "items => items.map(i => Math.round(i.getBoundingClientRect().top))")
            assert len(set(tops)) <= 2, (kind, tops)
            more = page.locator("nav.menu li.more summary")
            if kind == "portal":
                assert more.count() == 0
                continue
            hidden = page.get_by_role("link", name="Aspirasi Warga")
            assert not hidden.is_visible()
            more.focus()  # reachable by keyboard, a disclosure for screen readers
            page.keyboard.press("Enter")
            assert hidden.is_visible() and page.locator("nav.menu details").get_attribute("open") is not None
            hidden.click()
            page.wait_for_url("**/aspirasi/")
        finally:
            visit.close()


def test_an_album_photo_opens_full_width_with_javascript_off(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["album"], javascript=False)
    try:
        page = visit.page
        page.locator(".album .grid a").nth(1).click()
        page.wait_for_url("**/foto/2/")
        photo = page.locator("figure.full img")
        photo.wait_for()
        assert photo.bounding_box()["width"] >= 389
        assert "-960." in photo.get_attribute("srcset")  # a sharp variant for phones at 2x and more
        assert "Foto 2 dari" in page.locator("figure.full figcaption").inner_text()
        page.get_by_role("link", name="Foto 3 dari", exact=False).click()
        page.wait_for_url("**/foto/3/")
    finally:
        visit.close()


def test_a_youtube_video_asks_nothing_of_youtube_until_the_play_button_is_pressed(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["video"])
    try:
        page = visit.page
        # the player's host is answered here: the test must not depend on (or reach) the internet
        page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>player</title>"))
        visit.scroll_through()
        assert {urlsplit(u).hostname for u in visit.requests} == {"127.0.0.1"}
        poster = page.locator("a.poster[data-youtube]").first
        assert poster.locator("img").count() == 1  # a local photo as the poster
        poster.click()
        frame = page.locator("iframe.video")
        frame.wait_for()
        src = frame.get_attribute("src")
        assert src.startswith("https://www.youtube-nocookie.com/embed/") and "autoplay=1" in src
        page.wait_for_timeout(300)
        foreign = {urlsplit(u).hostname for u in visit.requests} - {"127.0.0.1"}
        assert foreign == {"www.youtube-nocookie.com"}
        assert visit.console_errors == []
    finally:
        visit.close()


def test_the_video_link_works_with_javascript_off(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["video"], javascript=False)
    try:
        link = visit.page.locator("a.poster[data-youtube]").first
        assert link.get_attribute("href").startswith("https://www.youtube.com/watch?v=")
        assert visit.page.locator("iframe").count() == 0
    finally:
        visit.close()


def test_an_audio_post_plays(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["audio-post"])
    try:
        page = visit.page
        audio = page.locator("audio")
        assert audio.get_attribute("preload") == "none" and audio.get_attribute("controls") is not None
        assert not [u for u in visit.requests if u.endswith(".mp3")]  # nothing downloaded before the tap
        page.evaluate("() => { const a = document.querySelector('audio'); a.muted = true; return a.play(); }")
        for _ in range(100):  # wait_for_function evaluates a string, which the page's CSP forbids
            if page.evaluate("document.querySelector('audio').currentTime") > 0.3:
                break
            page.wait_for_timeout(100)
        assert page.evaluate("document.querySelector('audio').currentTime") > 0.3
        assert page.evaluate("document.querySelector('audio').duration") > 5
        assert visit.console_errors == []
    finally:
        visit.close()
