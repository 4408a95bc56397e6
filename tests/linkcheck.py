"""A small crawler for built output: every internal link and asset must resolve."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "srcset", "iframe": "src"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attr = ATTRS.get(tag)
        values = dict(attrs)
        if attr and values.get(attr):
            for value in values[attr].split(",") if attr == "srcset" else [values[attr]]:
                self.links.append((tag, value.strip().split(" ")[0], values))
        if tag == "img" and values.get("srcset"):
            for value in values["srcset"].split(","):
                self.links.append((tag, value.strip().split(" ")[0], values))


def links_of(html: str) -> list[tuple[str, str, dict]]:
    collector = _Collector()
    collector.feed(html)
    return collector.links


def broken_links(out: Path, own_hosts: tuple[str, ...] = ()) -> list[str]:
    """Return 'page -> link' for every internal link that points at nothing,
    and for every absolute link to one of `own_hosts` outside canonical/OG/feed metadata."""
    problems = []
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        for tag, link, attrs in links_of(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                if own_hosts and any(link.startswith(h) for h in own_hosts) and not (
                        tag == "link" and attrs.get("rel") in {"canonical", "alternate"}):
                    problems.append(f"{rel} -> {link} (absolute link to own host)")
                continue
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            try:
                target.relative_to(out.resolve())
            except ValueError:
                problems.append(f"{rel} -> {link} (leaves the output folder)")
                continue
            if not target.is_file():
                problems.append(f"{rel} -> {link}")
    return problems
