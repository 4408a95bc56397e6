"""The `video:` field: YouTube, Facebook, Instagram and TikTok addresses, reduced to what is safe to link."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kimgen.config.fields import Invalid, _typed, text, youtube_video
from kimgen.problems.messages import msg

# Video platforms KIMs post vlogs on. Only an id is kept and the URL rebuilt from it, so what the
# admin pasted (tracking parameters, markup, another host) never reaches a page.
_DIGITS = re.compile(r"[0-9]{5,25}")
_CODE = re.compile(r"[A-Za-z0-9_-]{4,40}")
_TIKTOK_USER = re.compile(r"@[A-Za-z0-9._]{1,40}")
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "mbasic.facebook.com"}
_INSTAGRAM_HOSTS = {"instagram.com", "www.instagram.com", "m.instagram.com"}
_TIKTOK_HOSTS = {"tiktok.com", "www.tiktok.com", "m.tiktok.com"}


def _facebook(host: str, segments: list[str], query: dict) -> str | None:
    if host == "fb.watch":
        return f"https://fb.watch/{segments[0]}/" if segments and _CODE.fullmatch(segments[0]) else None
    candidate = ""
    if segments[:1] == ["watch"]:
        candidate = (query.get("v") or [""])[0]
    elif segments[:1] in (["reel"], ["reels"]) and len(segments) >= 2:
        candidate = segments[1]
    elif "videos" in segments[:-1]:  # /<page>/videos/<id>/ or /<page>/videos/<title>/<id>/
        candidate = next((s for s in segments[segments.index("videos") + 1:] if _DIGITS.fullmatch(s)), "")
    elif segments[:1] == ["video.php"]:
        candidate = (query.get("v") or [""])[0]
    return f"https://www.facebook.com/watch/?v={candidate}" if _DIGITS.fullmatch(candidate) else None


def _instagram(segments: list[str]) -> str | None:
    if len(segments) >= 2 and segments[0] in {"p", "reel", "reels", "tv"} and _CODE.fullmatch(segments[1]):
        kind = "reel" if segments[0] == "reels" else segments[0]
        return f"https://www.instagram.com/{kind}/{segments[1]}/"
    return None


def _tiktok(host: str, segments: list[str]) -> str | None:
    if host in {"vm.tiktok.com", "vt.tiktok.com"}:
        return f"https://{host}/{segments[0]}/" if segments and _CODE.fullmatch(segments[0]) else None
    if segments[:1] == ["t"] and len(segments) >= 2 and _CODE.fullmatch(segments[1]):
        return f"https://www.tiktok.com/t/{segments[1]}/"
    if len(segments) >= 3 and _TIKTOK_USER.fullmatch(segments[0]) and segments[1] == "video" \
            and _DIGITS.fullmatch(segments[2]):
        return f"https://www.tiktok.com/{segments[0]}/video/{segments[2]}"
    if segments[:1] == ["v"] and len(segments) >= 2 and re.fullmatch(r"[0-9]{5,25}\.html", segments[1]):
        return f"https://m.tiktok.com/v/{segments[1]}"
    return None


@_typed({"type": "string", "format": "uri"})
def video_link(value: Any) -> dict[str, str]:
    """{platform, id, url} of a YouTube, Facebook, Instagram or TikTok video address.

    YouTube gets its 11-character id (the theme embeds it from youtube-nocookie.com after a tap);
    the other platforms only get a clean link to the video, opened when the reader taps.
    """
    raw = text(value)
    try:
        found = youtube_video(raw)
        return {"platform": "youtube", "id": found, "url": f"https://www.youtube.com/watch?v={found}"}
    except Invalid:
        pass
    try:
        parts = urlsplit(raw if "://" in raw else f"https://{raw}")
    except ValueError:  # `http://[x`: not an address at all
        raise Invalid(msg("bad_video", value=raw)) from None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    url = None
    if parts.scheme in {"http", "https"} and not parts.username and not parts.password:
        if host in _FACEBOOK_HOSTS or host == "fb.watch":
            url, platform = _facebook(host, segments, parse_qs(parts.query)), "facebook"
        elif host in _INSTAGRAM_HOSTS:
            url, platform = _instagram(segments), "instagram"
        elif host in _TIKTOK_HOSTS or host in {"vm.tiktok.com", "vt.tiktok.com"}:
            url, platform = _tiktok(host, segments), "tiktok"
    if not url:
        raise Invalid(msg("bad_video", value=raw))
    return {"platform": platform, "id": re.split(r"[/=]", url.rstrip("/"))[-1].removesuffix(".html"), "url": url}
