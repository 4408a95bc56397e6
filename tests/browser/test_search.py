"""Search in Chromium over the demo: full text on a KIM site, titles and places province-wide,
more results on demand, a query kept in the address, and nothing fetched from elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from . import harness


def results(page) -> list[str]:
    return page.locator("#hasil a").evaluate_all("els => els.map(e => e.textContent)")


def test_a_kim_site_finds_a_word_only_its_body_has_and_the_province_says_so_plainly(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["kim-search"])
    try:
        page = visit.page
        page.locator("#q").fill("Mustofa")  # the village head, named only in the musrenbang report's text
        page.locator("#hasil a").first.wait_for(timeout=10_000)
        assert results(page) == ["Musrenbang Desa Sumberrejo: Perbaikan Irigasi dan Posyandu Jadi Prioritas 2027"]
        assert page.locator("#jumlah").inner_text() == "1 tulisan cocok"
        page.goto(served + types["portal-search"])
        page.locator("#q").fill("mustofa")
        expect(page.locator("#jumlah")).to_have_text(
            "Tidak ada tulisan yang cocok. Coba kata lain atau telusuri daftar di bawah.", timeout=10_000)
        assert results(page) == []
        assert visit.console_errors == []
        assert {urlsplit(url).hostname for url in visit.requests} == {"127.0.0.1"}
    finally:
        visit.close()


def test_the_province_finds_a_village_by_name_ten_at_a_time(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["portal-search"])
    try:
        page = visit.page
        page.locator("#q").fill("sumberrej")  # typed so far: words are matched by their beginning
        page.locator("#hasil a").first.wait_for(timeout=10_000)
        total = int(page.locator("#jumlah").inner_text().split()[0])
        assert total > 10 and len(results(page)) == 10
        page.get_by_role("button", name="Tampilkan lebih banyak").click()
        expect(page.locator("#hasil a")).to_have_count(total, timeout=10_000)
        assert page.get_by_role("button", name="Tampilkan lebih banyak").is_hidden()
        hrefs = page.locator("#hasil a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert all(urlsplit(h).path.startswith("/kim/kim-sumber-rejeki/") for h in hrefs), hrefs
        assert "q=sumberrej" in page.url  # the search can be shared and reloaded
    finally:
        visit.close()


def test_a_query_in_the_address_runs_on_load_and_its_results_pass_axe(demo, served, browser):
    _, _, types = demo
    visit = harness.Visit(browser, served + types["portal-search"] + "?q=posyandu+balita")
    try:
        page = visit.page
        page.locator("#hasil a").first.wait_for(timeout=10_000)
        assert page.locator("#q").input_value() == "posyandu balita"
        assert all("osyandu" in title or "alita" in title for title in results(page)[:3])
        assert visit.axe() == [], harness.describe(visit.axe())
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
