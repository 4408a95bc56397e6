"""A scanner for live script constructs in built output, used by the hostile-content tests.

It reads every .html file (and the HTML inside feeds) the way a browser would
find script: <script> elements, on*= handlers, javascript:/vbscript:/data: URLs,
and elements that embed other documents. The theme's own constructs are allowed
explicitly: none of them may come from content.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "svg", "math"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "background", "data", "xlink:href", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
FEED_HTML = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}  # what readers render as HTML
THEME_STYLE = re.compile(r"^:root\{--accent:#(?:[0-9a-f]{3}){1,2};--accent-dark:#[0-9a-f]{6}\}$")
YOUTUBE_EMBED = re.compile(r"^https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}$")


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_style = False
        self.style = ""
        self.in_json = False
        self.json = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            src = values.get("src") or ""
            if values.get("type") == "application/ld+json" and not src:
                self.in_json = True  # a data block; its text must be JSON (no way out of the element)
            elif not src or "://" in src or src.startswith("//"):
                self.found.append(f"<script src={src!r}>")
        if tag == "iframe":
            if not YOUTUBE_EMBED.match(values.get("src") or ""):
                self.found.append(f"<iframe src={values.get('src')!r}>")
        elif tag in EMBEDDING and not (tag == "svg" and values.get("class") == "chart"):  # the theme's charts
            self.found.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        if tag == "style":
            self.in_style, self.style = True, ""
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            normal = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if tag == "link" and values.get("rel") == "icon" and value == "data:,":
                continue  # the theme's empty favicon, so browsers ask for no /favicon.ico
            if name in URL_ATTRS and normal.startswith(BAD_SCHEMES):
                self.found.append(f"{name}={value!r} on <{tag}>")

    def handle_data(self, data):
        if self.in_style:
            self.style += data
        if self.in_json:
            self.json += data

    def handle_endtag(self, tag):
        if tag == "script" and self.in_json:
            self.in_json = False
            try:
                json.loads(self.json)
            except ValueError:
                self.found.append(f"<script type=application/ld+json> that is not JSON: {self.json[:60]!r}")
            self.json = ""
        if tag == "style":
            self.in_style = False
            if not THEME_STYLE.match(self.style.strip()):
                self.found.append(f"<style>{self.style[:60]!r}")


def live_script(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def scan_output(out: Path) -> dict[str, list[str]]:
    """file -> live script constructs found, for every HTML page and every HTML body inside a feed."""
    found = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".html":
            hits = live_script(path.read_text(encoding="utf-8"))
        elif path.name == "feed.xml":
            tree = ET.parse(path)
            hits = [h for el in tree.iter() if el.tag in FEED_HTML and el.text for h in live_script(el.text)]
        else:
            continue
        if hits:
            found[rel] = hits
    return found


def test_scanner_finds_every_kind_of_live_script():
    html = ('<script>x</script><script src="https://evil.example/x.js"></script><img src=x onerror=alert(1)>'
            '<a href=" jAvA&#115;cript:alert(1)">a</a><img src="data:image/svg+xml,x"><iframe src="https://evil.example">'
            '</iframe><object></object><form action="x"></form><svg></svg><p style="x">s</p><style>body{}</style>'
            '<meta http-equiv="refresh" content="0;url=https://evil.example">'
            '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>')
    found = live_script(html)
    assert found == [
        "<script src=''>", "<script src='https://evil.example/x.js'>", "onerror= on <img>",
        "href=' jAvAscript:alert(1)' on <a>", "src='data:image/svg+xml,x' on <img>",
        "<iframe src='https://evil.example'>", "<object>", "<form>", "<svg>", "style= on <p>", "<style>'body{}'",
        "<meta refresh>", "<script type=application/ld+json> that is not JSON: '{\"a\": \"'", "<script src=''>",
    ]


def test_scanner_allows_the_themes_own_constructs():
    html = ('<style>:root{--accent:#0b6e4f;--accent-dark:#549a84}</style><script src="../assets/search.js"></script>'
            '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe><a href="https://x.example/">x</a>'
            '<script type="application/ld+json">{"name": "\\u003c/script\\u003e"}</script><svg class="chart"></svg>')
    assert live_script(html) == []
