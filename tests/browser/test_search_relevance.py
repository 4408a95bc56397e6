"""The queries of relevance.py in Chromium on the built demo: a KIM's own search and the
provincial search each find at least 85% of the relevant posts, with no unrelated post in the
top three for at least 90% of the queries."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from . import relevance

RECALL = 0.85
CLEAN_TOP3 = 0.90


def run(page, base_url: str, search_page: str, text: str) -> list[str]:
    """Every result of a query, best first (all pages of them), as paths under the province's root."""
    page.goto(base_url + search_page + "?q=" + quote_plus(text))
    page.locator("#hasil[aria-busy=false]").wait_for(state="attached", timeout=10_000)
    more = page.locator("#lagi")
    while more.is_visible():
        shown = page.locator("#hasil article").count()
        more.click()
        page.locator(f"#hasil article:nth-of-type({shown + 1})").wait_for(timeout=10_000)
        page.locator("#hasil[aria-busy=false]").wait_for(state="attached", timeout=10_000)
    hrefs = page.locator("#hasil h2 a").evaluate_all("els => els.map(e => e.href)")
    return [relevance.site_path(h, base_url) for h in hrefs]


@pytest.fixture(scope="module")
def outcomes(served, browser):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        found = {"kim": [], "province": []}
        for query in relevance.QUERIES:
            found["kim"].append(relevance.judged(query, "kim", run(page, served, query.kim + "cari/", query.text)))
            found["province"].append(relevance.judged(query, "province", run(page, served, "cari/", query.text)))
        return found
    finally:
        context.close()


def test_the_suite_covers_what_residents_type():
    forms = " ".join(q.form for q in relevance.QUERIES)
    assert len(relevance.QUERIES) >= 30
    for form in ("me-", "di-", "ke-", "se-", "ber-", "ter-", "pe-", "-nya", "-kan", "-an", "-i", "root", "two words",
                 "typo", "name", "absent"):
        assert form in forms, form


@pytest.mark.parametrize("scope", ["kim", "province"])
def test_recall_and_a_clean_top_three(outcomes, scope):
    summary = relevance.summary(outcomes[scope])
    assert summary["recall"] >= RECALL, summary
    assert summary["clean_top3"] >= CLEAN_TOP3, summary
    absent = [o.found for o in outcomes[scope] if not o.query.relevant]
    assert absent and all(found == [] for found in absent), absent  # a word nobody wrote finds nothing
