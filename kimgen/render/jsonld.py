"""schema.org JSON-LD for events (Event) and hoax clarifications (ClaimReview).

Search engines and fact-check aggregators read these; the block is data, not
script, so the CSP's script-src does not apply to it. Text comes from
volunteers, so `<`, `>` and `&` are written as JSON escapes: a title containing
`</script>` can never end the block early.
"""

from __future__ import annotations

import json

from kimgen.render import calendar
from kimgen.site.model import Post

CONTEXT = "https://schema.org"
# ClaimReview ratings on a 1 (false) .. 5 (true) scale, as fact-checkers publish them.
RATINGS = {"hoaks": 1, "disinformasi": 1, "misinformasi": 2, "benar": 5}


def dumps(data: dict) -> str:
    """JSON safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _organization(name: str, url: str) -> dict:
    return {"@type": "Organization", "name": name, "url": url}


def event(post: Post, url: str, image: str | None, organizer: str, organizer_url: str) -> dict:
    all_day = calendar.is_all_day(post)
    start = post.start.date().isoformat() if all_day else post.start.isoformat()
    data = {"@context": CONTEXT, "@type": "Event", "name": post.title, "url": url, "startDate": start,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "organizer": _organization(organizer, organizer_url)}
    if post.end:
        data["endDate"] = post.end.date().isoformat() if all_day else post.end.isoformat()
    if post.location:
        data["location"] = {"@type": "Place", "name": post.location, "address": post.location}
    if post.summary:
        data["description"] = post.summary
    if image:
        data["image"] = image
    return data


def claim_review(post: Post, url: str, verdict: str, author: str, author_url: str) -> dict:
    claim: dict = {"@type": "Claim"}
    if post.sources:
        claim["appearance"] = [{"@type": "CreativeWork", "url": s} for s in post.sources]
    data = {"@context": CONTEXT, "@type": "ClaimReview", "url": url, "claimReviewed": post.claim,
            "name": post.title, "itemReviewed": claim, "author": _organization(author, author_url),
            "reviewRating": {"@type": "Rating", "ratingValue": RATINGS[post.status], "bestRating": 5,
                             "worstRating": 1, "alternateName": verdict}}
    if post.date:
        data["datePublished"] = post.date.date().isoformat()
    return data
