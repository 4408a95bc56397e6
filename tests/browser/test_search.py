"""Search in Chromium over the demo, served under a sub-path: full text with Indonesian stems on a
KIM site and province-wide, typos forgiven, matched words highlighted in excerpts, results
announced, a query kept in the address, nothing fetched from elsewhere, and few bytes."""

from __future__ import annotations

import gzip
from urllib.parse import quote_plus, urlsplit

import pytest
from playwright.sync_api import expect

from . import harness

BUDGET_DEMO = 30 * 1024  # the search page, its CSS and JS and a query's index files, as a server gzips them
BUDGET_1000 = 60 * 1024


def results(page) -> list[str]:
    return page.locator("#hasil h2 a").evaluate_all("els => els.map(e => e.textContent)")


def done(page) -> None:
    page.locator("#hasil[aria-busy=false]").wait_for(state="attached", timeout=10_000)


def test_a_kim_site_and_the_province_find_a_word_only_a_body_has(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["kim-search"])
    try:
        page = visit.page
        for address in (types["kim-search"], types["portal-search"]):
            page.goto(served + address)
            page.locator("#q").fill("Mustofa")  # the village head, named only in the musrenbang report's text
            done(page)
            assert results(page) == ["Musrenbang Desa Sumberrejo: Perbaikan Irigasi dan Posyandu Jadi Prioritas 2027"]
            assert page.locator("#jumlah").inner_text() == "1 tulisan cocok"  # role=status: read out
            assert page.locator("#hasil mark").all_inner_texts() == ["Mustofa"]
        page.locator("#q").fill("tsunami")
        expect(page.locator("#jumlah")).to_have_text(
            "Tidak ada tulisan yang cocok. Coba kata lain atau telusuri daftar di bawah.", timeout=10_000)
        assert results(page) == []
        assert visit.console_errors == []
        assert {urlsplit(url).hostname for url in visit.requests} == {"127.0.0.1"}
    finally:
        visit.close()


def test_an_affixed_word_finds_its_root_exact_words_first_and_excerpts_mark_them(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["portal-search"] + "?q=membangun")
    try:
        page = visit.page
        done(page)
        titles = results(page)
        # the posts say "pembangunan" and "dibangun"; the tax posts' "bangunan" only shares the stem
        assert titles[0].startswith("Musrenbang Desa Sumberrejo")
        assert not any("PBB" in t for t in titles[:3]), titles
        first = page.locator("#hasil article").first
        assert first.locator("p:not(.meta) mark").first.inner_text().lower() == "pembangunan"
        assert "KIM Sumber Rejeki" in first.locator("p.meta").inner_text()
        page.locator("#q").fill("posyandi")  # a typo
        done(page)
        assert results(page)[:3] and all("osyandu" in t for t in results(page)[:3])
        assert "posyandu" in [m.lower() for m in page.locator("#hasil mark").all_inner_texts()]
        assert visit.axe() == [], harness.describe(visit.axe())
    finally:
        visit.close()


def test_the_province_finds_a_village_typed_in_part_ten_at_a_time(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["portal-search"])
    try:
        page = visit.page
        page.locator("#q").fill("sumberrej")  # typed so far: words it begins are found
        done(page)
        total = int(page.locator("#jumlah").inner_text().split()[0])
        assert total > 10 and len(results(page)) == 10
        page.get_by_role("button", name="Tampilkan lebih banyak").click()
        expect(page.locator("#hasil h2 a")).to_have_count(total, timeout=10_000)
        assert page.get_by_role("button", name="Tampilkan lebih banyak").is_hidden()
        hrefs = page.locator("#hasil h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert all(urlsplit(h).path.startswith("/kim/kim-sumber-rejeki/") for h in hrefs), hrefs
        assert "q=sumberrej" in page.url  # the search can be shared and reloaded
    finally:
        visit.close()


def test_three_words_that_no_post_has_together_show_the_posts_with_two(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["kim-search"] + "?q=posyandu+balita+tsunami")
    try:
        page = visit.page
        done(page)
        assert page.locator("#jumlah").inner_text().startswith("Tidak ada tulisan yang memuat semua kata itu.")
        assert all("osyandu" in t for t in results(page)[:3])
        assert page.locator("#q").input_value() == "posyandu balita tsunami"
    finally:
        visit.close()


def test_without_javascript_the_page_says_so_and_lists_posts(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["kim-search"], javascript=False)
    try:
        page = visit.page
        assert "membutuhkan JavaScript" in page.locator("main").inner_text()
        assert page.locator("#cari").is_hidden()
        assert page.locator("main section a").count() > 5  # categories and latest posts
    finally:
        visit.close()


def test_a_copy_opened_from_disk_says_search_needs_a_web_server(demo, browser):
    out, _, types = demo
    visit = harness.Visit(browser, (out / types["kim-search"]).as_uri())
    try:
        expect(visit.page.locator("#jumlah")).to_have_text(
            "Salinan situs yang dibuka langsung dari berkas (tanpa server web) tidak dapat mencari. "
            "Silakan telusuri kategori dan tulisan terbaru di bawah ini.", timeout=10_000)
        assert visit.page.locator("#q").is_disabled()
    finally:
        visit.close()


def fetched(browser, url: str) -> dict[str, int]:
    """Bytes of the page, its CSS and JS and the index files a search from its address fetched,
    as sent plain and gzipped (as a web server compresses text); images are not counted."""
    context = browser.new_context(service_workers="block")  # a fresh cache: every file is fetched
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url)
        done(page)
        page.wait_for_load_state("networkidle")
        kinds = ("document", "stylesheet", "script", "fetch")
        bodies = [r.body() for r in responses if r.request.resource_type in kinds]
        assert any(b"cari/indeks" in r.url.encode() for r in responses)
        return {"files": len(bodies), "plain": sum(map(len, bodies)),
                "gzip": sum(len(gzip.compress(b, 6)) for b in bodies)}
    finally:
        context.close()


@pytest.mark.parametrize("query", ["posyandu balita", "membangun", "warga", "kebanjiran"])
def test_a_search_on_the_demo_fetches_at_most_30_kb(demo, served, browser, query):
    _, _, types = demo
    for kind in ("kim-search", "portal-search"):
        weight = fetched(browser, served + types[kind] + "?q=" + quote_plus(query))
        assert weight["gzip"] <= BUDGET_DEMO, (kind, weight)


@pytest.fixture(scope="module")
def province_of_1000_posts(tmp_path_factory):
    """bench/corpus.py: 20 KIMs of 50 posts, served under the sub-path."""
    import datetime as dt
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus", harness.REPO / "bench/corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    base = tmp_path_factory.mktemp("p1000")
    corpus.generate(base / "konten", kims=20, posts=50, seed=3, end=dt.date(2026, 11, 1))
    result = harness.build_demo(base / "sites", base / "cache", root=base / "konten")
    assert not result.errors
    with harness.serve(base / "sites") as url:
        yield url


@pytest.mark.parametrize("query", ["posyandu balita", "kerja bakti irigasi", "warga", "pelatihan"])
def test_a_search_over_1000_posts_fetches_at_most_60_kb(province_of_1000_posts, browser, query):
    weight = fetched(browser, province_of_1000_posts + "cari/?q=" + quote_plus(query))
    assert weight["gzip"] <= BUDGET_1000, weight
