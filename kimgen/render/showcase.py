"""What a KIM shows off: its cover, albums, videos, recordings and achievements.

Judges of KIM competitions and the village WhatsApp group look at photos, vlogs and
how varied and recent the activities are; these helpers pick and measure what the
templates show, and make the podcast feed of a KIM that posts recordings.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import replace
from pathlib import Path

from kimgen.content.markup import MARKER
from kimgen.content.parsing import ADINDA
from kimgen.render import feeds, images
from kimgen.site.model import Kim, Post
from kimgen.render.theme import Renderer
from markupsafe import Markup

HERO_MAX_WIDTH = 960  # a phone's first screen: 960 px is sharp at 2.5x and keeps the photo far below 120 KB
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg"}


def cover(kim: Kim) -> str | None:
    """KIM-relative photo for the home's cover: `sampul:`, else the newest post's photo."""
    if kim.profile.sampul:
        return kim.profile.sampul
    return next((p.image for p in kim.posts if p.image and p.kind != "halaman" and images.is_raster(p.image)), None)


def hero_picture(r: Renderer, site_path: str, alt: str = "") -> Markup:
    """The cover, eager, with only the variants a phone's first screen needs."""
    found = r.image_set(site_path)
    if found is None:
        return r.picture(site_path, alt=alt, lazy=False, css="hero-img")
    small = replace(found, webp=[v for v in found.webp if v.width <= HERO_MAX_WIDTH] or found.webp[:1],
                    fallback=[v for v in found.fallback if v.width <= HERO_MAX_WIDTH] or found.fallback[:1])
    small = replace(small, width=small.fallback[-1].width, height=small.fallback[-1].height)
    return Markup(images.picture_html(small, MARKER, alt=alt, sizes="(min-width: 46rem) 46rem, 100vw", lazy=False,
                                      css="hero-img"))


def audio_info(kim: Kim, path: str) -> dict:
    """MIME type, bytes and a label of a recording in media/, for the player, the download link and
    the podcast's enclosure."""
    suffix = posixpath.splitext(path)[1].lower()
    try:
        length = (Path(kim.root) / path).stat().st_size
    except OSError:
        length = 0
    return {"type": AUDIO_TYPES.get(suffix, "audio/mpeg"), "length": length, "label": suffix[1:].upper(),
            "kb": max(1, round(length / 1024))}


def activity_counts(kim: Kim, today: dt.date) -> tuple[list[tuple[str, int]], dt.date, dt.date]:
    """Berita per ADINDA activity type over the twelve calendar months up to this one (every type,
    zeros included: a judge reads the gaps too), and the first and last day counted. Whole months,
    so the page changes once a month (reading.month_end is the KIM's time fact), not every day."""
    first = dt.date(today.year - (today.month <= 11), (today.month % 12) + 1, 1)  # 11 months back
    last = month_end(today)
    recent = [p for p in kim.of_kind("berita") if p.adinda and p.date and first <= p.date.date() <= last]
    return [(a, sum(1 for p in recent if p.adinda == a)) for a in ADINDA], first, last


def month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def content_counts(kim: Kim) -> list[tuple[str, int]]:
    """(label key, count) of what the site holds, for the profile a judge reads."""
    posts = kim.posts
    counts = [("news", len(kim.of_kind("berita"))), ("gallery", len(kim.of_kind("galeri"))),
              ("photos", sum(len(p.gallery) for p in posts)), ("video", sum(1 for p in posts if p.video)),
              ("audio", sum(1 for p in posts if p.audio)), ("agenda", len(kim.of_kind("agenda"))),
              ("potential", len(kim.of_kind("potensi"))), ("factcheck", len(kim.of_kind("cek-fakta")))]
    return [(key, n) for key, n in counts if n]


def gallery_html(post: Post, kim_slug: str) -> str:
    """The album's photos as plain <img> for feed readers (absolutized by the caller)."""
    from html import escape

    return "".join(f'<p><img src="{MARKER}{kim_slug}/{photo["image"]}" alt="{escape(photo["caption"])}"></p>'
                   for photo in post.gallery)


def podcast(kim: Kim, posts: list[Post], r: Renderer, lang: str) -> bytes:
    """The KIM's recordings as a podcast feed (RSS 2.0 with enclosures and the iTunes tags)."""
    s = kim.slug
    art = kim.profile.logo or kim.profile.sampul  # podcast apps want square artwork: the logo
    episodes = []
    for post in posts:
        info = audio_info(kim, post.audio)
        episodes.append(feeds.Episode(post, r.absolute(f"{s}/{post.url}"), r.absolute(f"{s}/{post.audio}"),
                                      info["length"], info["type"]))
    return feeds.podcast(title=f"{r.tr.t('podcast')} {kim.profile.nama}", link=r.absolute(f"{s}/audio/"),
                         self_url=r.absolute(f"{s}/{PODCAST_FILE}"),
                         description=kim.profile.deskripsi or kim.profile.nama, lang=lang,
                         author=kim.profile.nama, image=r.absolute(f"{s}/{art}") if art else None,
                         episodes=episodes)


PODCAST_FILE = "podcast.xml"
