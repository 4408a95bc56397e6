"""Assembling the site model of one KIM from its files: posts, URLs, media."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from zoneinfo import ZoneInfo

from kimgen.config.settings import Province, load_profile
from kimgen.content.discovery import KimSources, SourceFile, discover_announcements
from kimgen.content.filetypes import why_not as filetype_problem
from kimgen.content.lint import lint_text
from kimgen.content.linkhints import is_remote, remote_image
from kimgen.content.markup import MARKER, DocContext, KimMarkdown, plain_text, resolve
from kimgen.site.model import Kim, Post, Term
from kimgen.content.photos import PHOTO_SUFFIXES, why_not as photo_problem
from kimgen.content.parsing import RawPost, assign_slugs, is_published, kim_relative, read_post
from kimgen.problems.messages import msg
from kimgen.problems import Problems
from kimgen.config.slugs import slugify
from kimgen.config.yamlfile import read_text

# First path segments of a KIM site that pages (halaman) cannot take.
RESERVED_IN_KIM = {"profil", "berita", "agenda", "pengumuman", "cek-fakta", "potensi", "kategori", "tag",
                   "media", "assets", "aspirasi", "cari", "pagefind", "feed.xml", "sitemap.xml", "404.html",
                   "galeri", "video", "audio", "podcast.xml"}
AUDIO_SUFFIXES = (".mp3", ".m4a", ".ogg", ".oga")
PHOTO_FOLDER = "foto"  # <post>/foto/<n>/: each photo of an album on its own page
ACTIVITY_FOLDER = "kegiatan"  # berita/kegiatan/<adinda>/
ARCHIVE_FOLDER = "arsip"  # pengumuman/arsip/
# Second path segments that list pages take inside a section (berita/halaman/2/,
# berita/kegiatan/diskusi/, pengumuman/arsip/): a post with that slug would claim the list's URL.
RESERVED_IN_SECTION = {"halaman", ACTIVITY_FOLDER, ARCHIVE_FOLDER}
SUMMARY_WORDS = 30


# What media/ may publish. Everything is served from the one provincial domain, so an
# .html, .svg or .js file here would run script on every KIM's pages.
MEDIA_EXTENSIONS = set(PHOTO_SUFFIXES) | {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
                                          ".odp", ".txt", ".csv", ".mp3", ".m4a", ".ogg", ".oga", ".mp4", ".webm",
                                          ".zip"}


def check_media(path, province: Province) -> str | None:
    """Why this media file may not be published, or None. The size comes first: nothing of a
    file over its limit is read. Photos are judged from their headers (content/photos.py)."""
    suffix = path.suffix.lower()
    if suffix not in MEDIA_EXTENSIONS:
        return msg("media_type", suffix=suffix or path.name)
    photo = suffix in PHOTO_SUFFIXES
    limit = province.batas_foto_kb if photo else province.batas_media_kb
    size = path.stat().st_size
    if size > limit * 1024:
        return msg("photo_too_big" if photo else "media_too_big", size=size // 1024, limit=limit)
    if photo:
        return photo_problem(path)
    return filetype_problem(path)  # documents, audio, video and text: their bytes must be their type


def post_url(kind: str, slug: str) -> str:
    return f"{slug}/" if kind == "halaman" else f"{kind}/{slug}/"


def summarize(body: str) -> str:
    """The first words of the body as plain text, for lists and meta descriptions."""
    words = html.unescape(plain_text(body)).split()
    text = " ".join(words[:SUMMARY_WORDS])
    return text + ("…" if len(words) > SUMMARY_WORDS else "")


def load_posts(sources: list[SourceFile], kim_slug: str, kim_dir_rel: str, media: set[str],
               province: Province, now: dt.datetime, md: KimMarkdown, problems: Problems,
               contacts: tuple[str, ...] = (), scheduled: list[dt.datetime] | None = None,
               held: dict[str, Post | None] | None = None, withheld: dict[str, str] | None = None,
               media_names: set[str] | None = None) -> list[Post]:
    """Read, slug, filter and render the posts of one folder tree; return the published ones.

    `contacts` are the phone numbers the lint lets through (the KIM's own); `scheduled` gets the
    publication time of each post not due yet (the next build on or after it publishes it).
    `held`: posts held back for their errors (source -> their last good version, or None): they are
    not read; a last good version is published as it was, and links to the others are dropped.
    `withheld`: media files that are not published, and why: a post that uses one has an error.
    `media_names`: every file in media/, for the hint when a name differs only in case or spaces.
    """
    held = held or {}
    max_bytes = province.batas_markdown_kb * 1024
    zone = ZoneInfo(province.timezone)
    read = {s.rel: read_post(s, problems, max_bytes, zone) for s in sources if s.rel not in held}
    raws = [r for r in read.values() if r is not None]
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
    kept = [post for post in held.values() if post is not None and post.url not in claimed]
    post_urls.update({_in_kim(post.source, kim_dir_rel): post.url for post in kept})
    # posts that cannot be published: links to them are dropped, not broken (and not their posts' fault)
    unreadable = {rel for rel, raw in read.items()
                  if raw is None or not raw.values.get("draf") and raw not in claimed.values()}
    left_out = {_in_kim(rel, kim_dir_rel) for rel in unreadable | {rel for rel, post in held.items() if post is None}}
    posts = list(kept)
    for url, raw in claimed.items():
        if not is_published(raw.values, now):
            if scheduled is not None:
                scheduled.append(raw.values["tanggal"])
            continue
        ctx = DocContext(kim_slug, _in_kim(raw.source.rel, kim_dir_rel), raw.source.rel, post_urls, media,
                         raw.body, raw.body_line, problems, left_out, withheld or {}, media_names or set())
        body = md.convert(ctx)
        posts.append(_post(raw, url, body, ctx, kim_slug, problems))
    posts.sort(key=lambda p: (p.date or dt.datetime.min.replace(tzinfo=dt.timezone.utc), p.source), reverse=True)
    return posts


def _in_kim(rel: str, kim_dir_rel: str) -> str:
    return rel[len(kim_dir_rel) + 1:] if kim_dir_rel else rel


def _post(raw: RawPost, url: str, body: str, ctx: DocContext, kim_slug: str, problems: Problems) -> Post:
    v = raw.values
    image = None
    if v.get("gambar") and is_remote(v["gambar"]):  # never fetched by readers: no cover until it is uploaded
        problems.warning(raw.source.rel, raw.lines.get("gambar", 2), "gambar",
                         remote_image(v["gambar"], posixpath.dirname(ctx.doc_rel), "remote_no_cover"))
    elif v.get("gambar"):
        marker = resolve(v["gambar"], ctx, msg("what_image"), "gambar", line=raw.lines.get("gambar"))
        if marker and marker.startswith(MARKER) and marker[len(MARKER) + len(kim_slug) + 1:] in ctx.media:
            image = marker[len(MARKER) + len(kim_slug) + 1:]
        elif marker:
            problems.error(raw.source.rel, raw.lines.get("gambar", 2), "gambar", msg("image_not_media", target=v["gambar"]))
    gallery = _gallery(raw, ctx, problems)
    return Post(
        kind=raw.source.kind, source=raw.source.rel, slug=raw.slug, url=url, title=v["judul"],
        date=v.get("tanggal"), summary=v.get("ringkasan") or summarize(body), body=body,
        category=Term(v["kategori"], slugify(v["kategori"])) if slugify(v.get("kategori") or "") else None,
        adinda=v.get("adinda"), tags=[Term(t, slugify(t)) for t in v.get("tag", []) if slugify(t)],
        image=image or (gallery[0]["image"] if gallery else None), author=v.get("penulis"), video=v.get("video"),
        audio=_audio(raw, body, ctx, kim_slug, problems), gallery=gallery,
        start=v.get("tanggal_mulai"), end=v.get("tanggal_selesai"), location=v.get("lokasi"),
        important=bool(v.get("penting")), valid_until=v.get("berlaku_sampai"),
        claim=v.get("klaim"), status=v.get("status"), sources=v.get("sumber", []),
        price=v.get("harga"), contact=v.get("kontak"), kim=kim_slug,
    )


def _media_of(marker: str | None, ctx: DocContext) -> str | None:
    """The KIM-relative media path a resolved marker names, or None."""
    prefix = f"{MARKER}{ctx.kim_slug}/"
    if marker and marker.startswith(prefix) and marker[len(prefix):] in ctx.media:
        return marker[len(prefix):]
    return None


def _audio(raw: RawPost, body: str, ctx: DocContext, kim_slug: str, problems: Problems) -> str | None:
    """`audio:`, else the first recording of media/ the body links to: it gets the player and the podcast."""
    if raw.values.get("audio"):
        target = raw.values["audio"]
        line = raw.lines.get("audio", 2)
        before = len(problems.errors)
        found = _media_of(resolve(target, ctx, "audio", "audio", line=line), ctx)
        if found and found.lower().endswith(AUDIO_SUFFIXES):
            return found
        if len(problems.errors) == before:  # resolve() has not said what is wrong already
            problems.error(raw.source.rel, line, "audio", msg("audio_not_media", target=target))
        return None
    for match in re.finditer(re.escape(f'href="{MARKER}{kim_slug}/') + r'(media/[^"]+)"', body):
        if match.group(1).lower().endswith(AUDIO_SUFFIXES):
            return match.group(1)
    return None


def _gallery(raw: RawPost, ctx: DocContext, problems: Problems) -> list[dict]:
    """The album's photos as [{image, caption}]; a folder (`media/album/`) gives every photo in it by name."""
    photos: list[dict] = []
    for index, item in enumerate(raw.values.get("galeri") or []):
        target, line = item["gambar"], raw.lines.get(f"galeri.{index}", raw.lines.get("galeri", 2))
        folder = kim_relative(target.rstrip("/"))
        inside = sorted(m for m in ctx.media if folder and m.startswith(folder + "/")
                        and m.lower().endswith(PHOTO_SUFFIXES))
        if target.endswith("/") or (inside and folder not in ctx.media):
            photos += [{"image": m, "caption": item.get("keterangan", "")} for m in inside]
            withheld = sorted(m for m in ctx.withheld if folder and m.startswith(folder + "/")
                              and m.lower().endswith(PHOTO_SUFFIXES))
            for bad in withheld:  # a photo of the album that cannot be shown holds the album back
                problems.error(raw.source.rel, line, "galeri", msg("media_withheld", what=msg("what_image"),
                                                                   target=bad, why=ctx.withheld[bad]))
            if not inside and not withheld:
                problems.error(raw.source.rel, line, "galeri", msg("photo_not_media", target=target))
            continue
        before = len(problems.errors)
        found = folder if folder in ctx.media else _media_of(
            resolve(target, ctx, msg("what_image"), "galeri", line=line), ctx)
        if found and found.lower().endswith(PHOTO_SUFFIXES):
            photos.append({"image": found, "caption": item.get("keterangan", "")})
        elif len(problems.errors) == before:
            problems.error(raw.source.rel, line, "galeri", msg("photo_not_media", target=target))
    if raw.source.kind == "galeri" and not photos and not any(
            p.field == "galeri" and p.path == raw.source.rel for p in problems.errors):
        problems.error(raw.source.rel, raw.lines.get("galeri", 2), "galeri", msg("gallery_empty"))
    return photos


def load_kim(sources: KimSources, province: Province, now: dt.datetime, md: KimMarkdown,
             held: dict[str, Post | None] | None = None,
             undecodable: dict[str, str] | None = None) -> tuple[Kim | None, Problems]:
    """One KIM's model and problems; an unexpected failure is this KIM's problem, never a traceback.
    `held`: posts held back for their errors (load_posts). `undecodable`: photos that passed the
    checks of their headers but failed to decode when rendered (KIM-relative path -> why)."""
    try:
        return _load_kim(sources, province, now, md, held, undecodable or {})
    except Exception as exc:  # noqa: BLE001 - one KIM must never stop the province
        problems = Problems()
        problems.error(sources.rel, 0, "", msg("kim_unreadable", error=f"{type(exc).__name__}: {exc}"))
        return None, problems


def _load_kim(sources: KimSources, province: Province, now: dt.datetime, md: KimMarkdown,
              held: dict[str, Post | None] | None, undecodable: dict[str, str]) -> tuple[Kim | None, Problems]:
    problems = Problems()
    profile = load_profile(sources.dir, sources.rel, province, problems)
    contacts: tuple[str, ...] = ()
    if profile is not None:
        contacts = tuple(str(profile.kontak.get(k) or "") for k in ("telepon", "whatsapp"))
        rel = f"{sources.rel}/profil.yaml"
        lint_text(read_text(sources.dir / "profil.yaml", rel, province.batas_markdown_kb * 1024), rel, problems,
                  contacts, yaml=True)
    media = {m.rel[len(sources.rel) + 1:] for m in sources.media}
    withheld: dict[str, str] = {}  # in media/ but never published, and why
    for m in sources.media:
        name = m.rel[len(sources.rel) + 1:]
        why = undecodable.get(name) or check_media(m.path, province)
        if why:
            # a warning: nothing is broken until a post uses the file, and then that post has the error
            problems.warning(m.rel, 0, "", f"{why} {msg('media_unpublished')}")
            withheld[name] = why
            media.discard(name)
    scheduled: list[dt.datetime] = []
    posts = load_posts(sources.posts, sources.slug, sources.rel, media, province, now, md, problems, contacts,
                       scheduled, held, withheld, set(sources.media_names))
    if profile is not None and profile.logo:
        logo = kim_relative(profile.logo)
        if logo in withheld:
            problems.error(f"{sources.rel}/profil.yaml", 0, "logo", msg(
                "media_withheld", what="logo", target=profile.logo, why=withheld[logo]))
            profile.logo = None
        elif logo is None or logo not in media:
            problems.error(f"{sources.rel}/profil.yaml", 0, "logo",
                           msg("logo_missing", logo=profile.logo))
            profile.logo = None
        else:
            profile.logo = logo
    if profile is not None and profile.sampul:
        cover = kim_relative(profile.sampul)
        if cover in withheld:
            problems.error(f"{sources.rel}/profil.yaml", 0, "sampul", msg(
                "media_withheld", what="sampul", target=profile.sampul, why=withheld[cover]))
            profile.sampul = None
        elif cover is None or cover not in media or not cover.lower().endswith(PHOTO_SUFFIXES):
            problems.error(f"{sources.rel}/profil.yaml", 0, "sampul", msg("sampul_missing", path=profile.sampul))
            profile.sampul = None
        else:
            profile.sampul = cover
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
