"""A real browser on `kimgen serve`: the page follows saves on disk without a manual reload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import PROFIL, PROVINSI, post, write_tree
from serve_helpers import running_serve

CHROMIUM = "/usr/bin/chromium"
REQUIRED = os.environ.get("KIMGEN_REQUIRE_BROWSER") == "1"
KIM = "kim/kim-sumber-rejeki"
POST = f"{KIM}/berita/2024-12-11-posyandu.md"
WAIT_MS = 30_000


@pytest.fixture
def browser_page():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRED:
            raise
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).is_file():
        if REQUIRED:
            pytest.fail(f"{CHROMIUM} is missing and KIMGEN_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_page_follows_edits_shows_the_error_page_and_comes_back(tmp_path, browser_page):
    root = write_tree(tmp_path / "konten", {
        "provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
        POST: post("Posyandu Balita", body="Kader menimbang balita."),
        f"{KIM}/berita/2024-11-02-kerja-bakti.md": post("Kerja Bakti", "2024-11-02"),
    })
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with running_serve(root) as base:
        page.goto(base + "kim-sumber-rejeki/berita/posyandu/")
        page.get_by_role("heading", level=1, name="Posyandu Balita").wait_for(timeout=WAIT_MS)

        (root / POST).write_text(post("Posyandu Balita Bulan Desember", body="Kader menimbang 40 balita."),
                                 encoding="utf-8")
        page.get_by_role("heading", level=1, name="Posyandu Balita Bulan Desember").wait_for(timeout=WAIT_MS)
        assert page.get_by_text("Kader menimbang 40 balita.").is_visible()

        (root / POST).write_text("---\njudul: Posyandu Balita\ntanggal: 11/12/2024\n---\nIsi.\n", encoding="utf-8")
        page.get_by_role("heading", level=1, name="Ada yang perlu diperbaiki").wait_for(timeout=WAIT_MS)
        item = page.locator("li", has_text=f"{POST}:3")
        assert item.inner_text() == (
            f"{POST}:3\ntanggal: tanggal `11/12/2024` tidak dapat dibaca; tulis sebagai tahun-bulan-tanggal: "
            "`2024-12-11` (bukan tanggal/bulan/tahun seperti kebiasaan kita).")

        (root / POST).write_text(post("Posyandu Balita Diperbaiki", body="Sudah benar."), encoding="utf-8")
        page.get_by_role("heading", level=1, name="Posyandu Balita Diperbaiki").wait_for(timeout=WAIT_MS)
        assert page.get_by_text("Sudah benar.").is_visible()
    assert not [e for e in errors if "Content Security Policy" in e]
