"""RSS 2.0 feeds, sitemaps and robots.txt (ElementTree does the escaping)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from kimgen.site.model import Post

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ET.register_namespace("content", CONTENT_NS)
ET.register_namespace("atom", ATOM_NS)


# RFC 5322 names: a wire format in English whatever the site's language
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_datetime(value: dt.datetime) -> str:
    """What email.utils.format_datetime gives (RSS 2.0's pubDate), without importing the email
    package and the socket module (5 ms of every rebuild that writes a feed)."""
    zone = value.strftime("%z") if value.tzinfo is not None else "-0000"
    return (f"{_DAYS[value.weekday()]}, {value.day:02d} {_MONTHS[value.month - 1]} {value.year:04d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d} {zone}")


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _channel(title: str, link: str, self_url: str, description: str, lang: str) -> tuple[ET.Element, ET.Element]:
    """An RSS 2.0 document and its channel, with what every feed of a site says of itself."""
    rss_el = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss_el, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = link
    ET.SubElement(channel, "description").text = html.escape(description, quote=False)
    ET.SubElement(channel, "language").text = "id-ID" if lang == "id" else "en"
    ET.SubElement(channel, f"{{{ATOM_NS}}}link", {"href": self_url, "rel": "self", "type": "application/rss+xml"})
    return rss_el, channel


def rss(title: str, link: str, self_url: str, description: str, lang: str,
        items: list[tuple[Post, str, str]]) -> bytes:
    """items: (post, absolute url, absolute-linked body html)."""
    rss_el, channel = _channel(title, link, self_url, description, lang)
    dates = [post.date for post, _, _ in items if post.date]
    if dates:
        # the newest post, not the clock: the same input gives the same bytes
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(max(dates))
    for post, url, body in items:
        item = ET.SubElement(channel, "item")
        # as the description: a reader that treats the title as HTML must not find markup in it
        ET.SubElement(item, "title").text = html.escape(post.title, quote=False)
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = url
        if post.date:
            ET.SubElement(item, "pubDate").text = format_datetime(post.date)
        # readers treat description as HTML: the plain-text summary is escaped, or "<script>" in it would be markup
        ET.SubElement(item, "description").text = html.escape(post.summary, quote=False)
        if body:
            ET.SubElement(item, f"{{{CONTENT_NS}}}encoded").text = body
        if post.category:
            ET.SubElement(item, "category").text = post.category.name
    return _xml(rss_el)


def sitemap(entries: list[tuple[str, dt.date | None]]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url, lastmod in entries:
        node = ET.SubElement(root, "url")
        ET.SubElement(node, "loc").text = url
        if lastmod:
            ET.SubElement(node, "lastmod").text = lastmod.isoformat()
    return _xml(root)


def sitemap_index(sitemaps: list[str]) -> bytes:
    root = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for url in sitemaps:
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = url
    return _xml(root)


def robots(sitemap_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()


ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ET.register_namespace("itunes", ITUNES_NS)


@dataclass
class Episode:
    post: Post
    url: str  # the post's page
    audio_url: str  # absolute URL of the recording
    length: int  # bytes
    mime: str


def podcast(title: str, link: str, self_url: str, description: str, lang: str, author: str,
            image: str | None, episodes: list[Episode]) -> bytes:
    """A podcast feed: RSS 2.0 items with <enclosure url length type> and the iTunes tags podcast apps read."""
    rss_el, channel = _channel(title, link, self_url, description, lang)
    ET.SubElement(channel, f"{{{ITUNES_NS}}}author").text = author
    ET.SubElement(channel, f"{{{ITUNES_NS}}}summary").text = description
    ET.SubElement(channel, f"{{{ITUNES_NS}}}explicit").text = "false"
    ET.SubElement(channel, f"{{{ITUNES_NS}}}type").text = "episodic"
    ET.SubElement(channel, f"{{{ITUNES_NS}}}category", {"text": "Government"})
    if image:
        ET.SubElement(channel, f"{{{ITUNES_NS}}}image", {"href": image})
        picture = ET.SubElement(channel, "image")
        ET.SubElement(picture, "url").text = image
        ET.SubElement(picture, "title").text = title
        ET.SubElement(picture, "link").text = link
    dates = [e.post.date for e in episodes if e.post.date]
    if dates:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(max(dates))
    for episode in episodes:
        post = episode.post
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = html.escape(post.title, quote=False)
        ET.SubElement(item, "link").text = episode.url
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = episode.url
        if post.date:
            ET.SubElement(item, "pubDate").text = format_datetime(post.date)
        ET.SubElement(item, "description").text = html.escape(post.summary, quote=False)
        ET.SubElement(item, "enclosure", {"url": episode.audio_url, "length": str(episode.length),
                                          "type": episode.mime})
        ET.SubElement(item, f"{{{ITUNES_NS}}}summary").text = post.summary
        ET.SubElement(item, f"{{{ITUNES_NS}}}explicit").text = "false"
        ET.SubElement(item, f"{{{ITUNES_NS}}}episodeType").text = "full"
    return _xml(rss_el)
