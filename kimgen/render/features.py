"""The pages that make a KIM site a KIM site, beyond plain lists of posts:
announcement archive, activity-type (ADINDA) filters, the aspirasi page, event
calendars and the structured data of events and fact checks.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from kimgen.render import calendar, jsonld
from kimgen.site.model import Kim, Post
from kimgen.content.parsing import ADINDA
from kimgen.render.theme import Renderer

from kimgen.site.assemble import ACTIVITY_FOLDER, ARCHIVE_FOLDER  # noqa: F401 - the URL rule lives with the others


def is_expired(post: Post, today: dt.date) -> bool:
    return post.valid_until is not None and post.valid_until < today


def split_announcements(posts: list[Post], today: dt.date) -> tuple[list[Post], list[Post]]:
    """(still valid, archive): an announcement leaves the list the day after berlaku_sampai."""
    return [p for p in posts if not is_expired(p, today)], [p for p in posts if is_expired(p, today)]


def by_activity(posts: list[Post]) -> list[tuple[str, list[Post]]]:
    """(adinda, berita) for each activity type in use, in the evaluation's order."""
    return [(a, [p for p in posts if p.adinda == a]) for a in ADINDA if any(p.adinda == a for p in posts)]


def whatsapp_url(number: str, text: str) -> str:
    return f"https://wa.me/{number}?text={quote(text, safe='')}"


def share_text(post: Post, url: str, tr) -> str:
    """WhatsApp share text; a fact check leads with its verdict so the label survives forwarding."""
    title = post.title
    if post.kind == "cek-fakta" and post.status:
        label = f"[{tr.t('status_' + post.status)}]"
        if not title.upper().startswith(label.upper()):  # admins often put the label in the title already
            title = f"{label} {title}"
    return tr.t("share_text", title=title, url=url)


def order_link(post: Post, kim: Kim | None, url: str, tr) -> str | None:
    """wa.me link to the seller (the post's kontak, else the KIM's WhatsApp) with the product named."""
    number = post.contact or (kim.profile.whatsapp if kim else None)
    return whatsapp_url(number, tr.t("order_text", title=post.title, url=url)) if number else None


def aspiration_links(kim: Kim, tr) -> dict[str, str]:
    """Ways a resident can send an aspiration, as far as the profile's kontak allows."""
    template = tr.t("aspirations_template")
    links = {}
    number = kim.profile.whatsapp
    if number:
        links["whatsapp"] = whatsapp_url(number, template)
    email = (kim.profile.kontak or {}).get("email")
    if email and re.fullmatch(r"[^@\s?&#]+@[^@\s?&#]+\.[^@\s?&#]+", email):
        subject = tr.t("aspirations_subject", kim=kim.profile.nama)
        links["email"] = f"mailto:{email}?subject={quote(subject, safe='')}&body={quote(template, safe='')}"
    sms_number = number or _phone((kim.profile.kontak or {}).get("telepon"))
    if sms_number:
        links["sms"] = f"sms:+{sms_number}?body={quote(template, safe='')}"
    return links


def _phone(raw: str | None) -> str | None:
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw)
    digits = "62" + digits[1:] if digits.startswith("0") else digits
    return digits if digits.startswith("62") and 9 <= len(digits) <= 15 else None


def structured_data(post: Post, kim: Kim | None, r: Renderer) -> str | None:
    """JSON-LD text for an event or a fact check; None for other posts."""
    url = r.absolute(post.path)
    owner = kim.profile.nama if kim else r.province.pengelola
    owner_url = r.absolute(f"{kim.slug}/" if kim else "")
    if post.kind == "agenda" and post.start:
        image = r.absolute(f"{post.kim}/{post.image}") if post.image else None
        return jsonld.dumps(jsonld.event(post, url, image, owner, owner_url))
    if post.kind == "cek-fakta" and post.status and post.claim:
        return jsonld.dumps(jsonld.claim_review(post, url, r.tr.t("status_" + post.status), owner, owner_url))
    return None


def calendar_files(kim: Kim, events: list[Post], r: Renderer) -> dict[str, bytes]:
    """agenda/<slug>/acara.ics per event and agenda/kalender.ics for the whole KIM."""
    zone = r.province.timezone
    dated = [(p, r.absolute(p.path)) for p in events if p.start]
    out = {f"{kim.slug}/{p.url}{calendar.EVENT_FILE}": calendar.event_ics(p, url, zone) for p, url in dated}
    out[f"{kim.slug}/agenda/{calendar.CALENDAR_FILE}"] = calendar.kim_calendar(kim.profile.nama, dated, zone)
    return out
