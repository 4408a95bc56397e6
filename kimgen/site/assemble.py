"""Assembling the site model of one KIM from its files: posts, URLs, media."""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

from kimgen.config.settings import Province, load_profile
from kimgen.content.discovery import KimSources, SourceFile, discover_announcements
from kimgen.content.lint import lint_text
from kimgen.content.markup import MARKER, DocContext, KimMarkdown, plain_text, resolve
from kimgen.site.model import Kim, Post, Term
from kimgen.content.parsing import RawPost, assign_slugs, is_published, kim_relative, read_post
from kimgen.problems.messages import msg
from kimgen.problems import Problems
from kimgen.config.slugs import slugify
from kimgen.config.yamlfile import read_text

# First path segments of a KIM site that pages (halaman) cannot take.
RESERVED_IN_KIM = {"profil", "berita", "agenda", "pengumuman", "cek-fakta", "potensi", "kategori", "tag",
                   "media", "assets", "aspirasi", "cari", "pagefind", "feed.xml", "sitemap.xml", "404.html"}
ACTIVITY_FOLDER = "kegiatan"  # berita/kegiatan/<adinda>/
ARCHIVE_FOLDER = "arsip"  # pengumuman/arsip/
# Second path segments that list pages take inside a section (berita/halaman/2/,
# berita/kegiatan/diskusi/, pengumuman/arsip/): a post with that slug would claim the list's URL.
RESERVED_IN_SECTION = {"halaman", ACTIVITY_FOLDER, ARCHIVE_FOLDER}
SUMMARY_WORDS = 30


# What media/ may publish. Everything is served from the one provincial domain, so an
# .html, .svg or .js file here would run script on every KIM's pages.
IMAGE_MAGIC = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",),
               ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".avif": (b"",)}
MEDIA_EXTENSIONS = set(IMAGE_MAGIC) | {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
                                       ".odp", ".txt", ".csv", ".mp3", ".m4a", ".ogg", ".oga", ".mp4", ".webm", ".zip"}


def check_media(path) -> str | None:
    """Why this media file may not be published, or None."""
    suffix = path.suffix.lower()
    if suffix not in MEDIA_EXTENSIONS:
        return msg("media_type", suffix=suffix or path.name)
    magic = IMAGE_MAGIC.get(suffix)
    if magic:
        with open(path, "rb") as handle:
            head = handle.read(12)
        if not head.startswith(magic):
            return msg("media_not_image", suffix=suffix, kind=suffix[1:].upper())
    return None


def post_url(kind: str, slug: str) -> str:
    return f"{slug}/" if kind == "halaman" else f"{kind}/{slug}/"


def summarize(body: str) -> str:
    """The first words of the body as plain text, for lists and meta descriptions."""
    words = html.unescape(plain_text(body)).split()
    text = " ".join(words[:SUMMARY_WORDS])
    return text + ("…" if len(words) > SUMMARY_WORDS else "")


def load_posts(sources: list[SourceFile], kim_slug: str, kim_dir_rel: str, media: set[str],
               province: Province, now: dt.datetime, md: KimMarkdown, problems: Problems,
               contacts: tuple[str, ...] = (), scheduled: list[dt.datetime] | None = None) -> list[Post]:
    """Read, slug, filter and render the posts of one folder tree; return the published ones.

    `contacts` are the phone numbers the lint lets through (the KIM's own); `scheduled` gets the
    publication time of each post not due yet (the next build on or after it publishes it).
    """
    max_bytes = province.batas_markdown_kb * 1024
    zone = ZoneInfo(province.timezone)
    raws = [r for r in (read_post(s, problems, max_bytes, zone) for s in sources) if r is not None]
    raws = [r for r in raws if not r.values.get("draf")]
    for raw in raws:
        allowed = contacts + (raw.values.get("kontak") or "",)
        front = "\n".join(raw.text.split("\n")[: raw.body_line - 1])
        lint_text(front, raw.source.rel, problems, allowed, yaml=True)
        lint_text(raw.body, raw.source.rel, problems, allowed, first_line=raw.body_line)
    assign_slugs(raws, problems)
    raws = [r for r in raws if r.slug]
    claimed: dict[str, RawPost] = {}
    for raw in raws:
        url = post_url(raw.source.kind, raw.slug)
        first = url.split("/")[0]
        if raw.source.kind == "halaman" and first in RESERVED_IN_KIM:
            problems.error(raw.source.rel, raw.lines.get("slug", 0), "slug", (
                f"alamat `{first}/` sudah dipakai situs KIM; ganti nama berkas atau isi `slug:` lain."))
        elif raw.source.kind != "halaman" and raw.slug in RESERVED_IN_SECTION:
            problems.error(raw.source.rel, raw.lines.get("slug", 0), "slug", (
                f"alamat `{url}` sudah dipakai daftar {raw.source.kind}; ganti nama berkas atau isi `slug:` lain."))
        elif url in claimed:
            problems.error(raw.source.rel, raw.lines.get("slug", 0), "slug", (
                f"alamat `{url}` juga dipakai oleh {claimed[url].source.rel}; dua tulisan tidak boleh punya alamat yang sama."))
        else:
            claimed[url] = raw
    post_urls = {_in_kim(raw.source.rel, kim_dir_rel): url for url, raw in claimed.items()}
    posts = []
    for url, raw in claimed.items():
        if not is_published(raw.values, now):
            if scheduled is not None:
                scheduled.append(raw.values["tanggal"])
            continue
        ctx = DocContext(kim_slug, _in_kim(raw.source.rel, kim_dir_rel), raw.source.rel, post_urls, media,
                         raw.body, raw.body_line, problems)
        body = md.convert(ctx)
        posts.append(_post(raw, url, body, ctx, kim_slug, problems))
    posts.sort(key=lambda p: (p.date or dt.datetime.min.replace(tzinfo=dt.timezone.utc), p.source), reverse=True)
    return posts


def _in_kim(rel: str, kim_dir_rel: str) -> str:
    return rel[len(kim_dir_rel) + 1:] if kim_dir_rel else rel


def _post(raw: RawPost, url: str, body: str, ctx: DocContext, kim_slug: str, problems: Problems) -> Post:
    v = raw.values
    image = None
    if v.get("gambar"):
        marker = resolve(v["gambar"], ctx, msg("what_image"), "gambar", line=raw.lines.get("gambar"))
        if marker and marker.startswith(MARKER) and marker[len(MARKER) + len(kim_slug) + 1:] in ctx.media:
            image = marker[len(MARKER) + len(kim_slug) + 1:]
        elif marker:
            problems.error(raw.source.rel, raw.lines.get("gambar", 2), "gambar", msg("image_not_media", target=v["gambar"]))
    return Post(
        kind=raw.source.kind, source=raw.source.rel, slug=raw.slug, url=url, title=v["judul"],
        date=v.get("tanggal"), summary=v.get("ringkasan") or summarize(body), body=body,
        category=Term(v["kategori"], slugify(v["kategori"])) if slugify(v.get("kategori") or "") else None,
        adinda=v.get("adinda"), tags=[Term(t, slugify(t)) for t in v.get("tag", []) if slugify(t)],
        image=image, author=v.get("penulis"), video=v.get("video"),
        start=v.get("tanggal_mulai"), end=v.get("tanggal_selesai"), location=v.get("lokasi"),
        important=bool(v.get("penting")), valid_until=v.get("berlaku_sampai"),
        claim=v.get("klaim"), status=v.get("status"), sources=v.get("sumber", []),
        price=v.get("harga"), contact=v.get("kontak"), kim=kim_slug,
    )


def load_kim(sources: KimSources, province: Province, now: dt.datetime, md: KimMarkdown) -> tuple[Kim | None, Problems]:
    """One KIM's model and problems; an unexpected failure is this KIM's problem, never a traceback."""
    try:
        return _load_kim(sources, province, now, md)
    except Exception as exc:  # noqa: BLE001 - one KIM must never stop the province
        problems = Problems()
        problems.error(sources.rel, 0, "", msg("kim_unreadable", error=f"{type(exc).__name__}: {exc}"))
        return None, problems


def _load_kim(sources: KimSources, province: Province, now: dt.datetime, md: KimMarkdown) -> tuple[Kim | None, Problems]:
    problems = Problems()
    profile = load_profile(sources.dir, sources.rel, province, problems)
    contacts: tuple[str, ...] = ()
    if profile is not None:
        contacts = tuple(str(profile.kontak.get(k) or "") for k in ("telepon", "whatsapp"))
        rel = f"{sources.rel}/profil.yaml"
        lint_text(read_text(sources.dir / "profil.yaml", rel), rel, problems, contacts, yaml=True)
    media = {m.rel[len(sources.rel) + 1:] for m in sources.media}
    max_media = province.batas_media_kb * 1024
    for m in sources.media:
        size = m.path.stat().st_size
        if size > max_media:
            problems.error(m.rel, 0, "", msg("media_too_big", size=size // 1024, limit=max_media // 1024))
        else:
            media_problem = check_media(m.path)
            if media_problem:
                problems.error(m.rel, 0, "", media_problem)
    scheduled: list[dt.datetime] = []
    posts = load_posts(sources.posts, sources.slug, sources.rel, media, province, now, md, problems, contacts,
                       scheduled)
    if profile is not None and profile.logo:
        logo = kim_relative(profile.logo)
        if logo is None or logo not in media:
            problems.error(f"{sources.rel}/profil.yaml", 0, "logo",
                           msg("logo_missing", logo=profile.logo))
        else:
            profile.logo = logo
    if profile is None:
        return None, problems
    # returned even with errors: the portal still lists the KIM while it keeps its last output
    return Kim(sources.slug, sources.rel, str(sources.dir), profile, posts, sorted(media), sorted(scheduled)), problems


def load_announcements(root, province: Province, now: dt.datetime, md: KimMarkdown,
                       problems: Problems) -> tuple[list[Post], list[dt.datetime]]:
    """The province-wide announcements, and when those scheduled are due; when they cannot be
    read, the KIMs are built without them."""
    try:
        sources = discover_announcements(root, problems)
        scheduled: list[dt.datetime] = []
        return load_posts(sources, "", "", set(), province, now, md, problems, scheduled=scheduled), scheduled
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        problems.error("pengumuman", 0, "", msg("announcements_unreadable", error=f"{type(exc).__name__}: {exc}"))
        return [], []
