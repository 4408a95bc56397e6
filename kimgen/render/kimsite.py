"""Every page of one KIM website, as site path -> bytes (or a file to copy)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

from kimgen.render import calendar, features, feeds, images, showcase
from kimgen.site.assemble import PHOTO_FOLDER
from kimgen.site.model import SECTION_KINDS, Kim, Post
from kimgen.render.theme import Renderer

PER_PAGE = 10
LABELS = {"berita": "news", "agenda": "agenda", "pengumuman": "announcements", "cek-fakta": "factcheck",
          "potensi": "potential", "galeri": "gallery"}  # the translation key of each section's title
SECTIONS = tuple((kind, LABELS[kind]) for kind in SECTION_KINDS)  # the kinds are the model's
FEED_ITEMS = 20
ALBUMS_PER_PAGE = 12
PHOTOS_PER_PAGE = 48  # an album page's grid: a big album stays under the page budget

Output = dict[str, "bytes | Path"]


def paginate(posts: list[Post], base: str, per_page: int = PER_PAGE):
    """Yield (page path, posts of the page, pager) for a list at site folder `base`."""
    total = max(1, -(-len(posts) // per_page))

    def target(n: int) -> str:
        return base if n == 1 else f"{base}halaman/{n}/"

    for n in range(1, total + 1):
        pager = {"n": n, "total": total,
                 "newer": target(n - 1) if n > 1 else None,
                 "older": target(n + 1) if n < total else None}
        yield target(n) + "index.html", posts[(n - 1) * per_page: n * per_page], pager


def active_banners(posts: list[Post], today: dt.date) -> list[Post]:
    return [p for p in posts if p.kind == "pengumuman" and p.important and p.valid_until and p.valid_until >= today]


def share_links(text: str, url: str) -> dict[str, str]:
    """`text` is the whole WhatsApp message (features.share_text), url included."""
    return {"whatsapp": f"https://wa.me/?text={quote(text, safe='')}",
            "facebook": f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"}


def render_kim(kim: Kim, r: Renderer, province_banners: list[Post], assets: dict[str, Path]) -> Output:
    """Every output of the KIM."""
    out: Output = {}
    s = kim.slug
    pages: list[str] = []
    media = _media_outputs(kim, r)  # first: links to an unpublished original need its alias
    today = r.now.date()
    by_kind = {kind: kim.of_kind(kind) for kind, _ in SECTIONS}
    halaman = sorted(kim.of_kind("halaman"), key=lambda p: p.title)
    videos = [p for p in kim.posts if p.video and p.kind != "halaman"]
    recordings = [p for p in kim.posts if p.audio and p.kind != "halaman"]
    # a phone shows about two lines of links; the rest waits behind "Lainnya" (a <details>)
    nav = [("home", f"{s}/"), ("news", f"{s}/berita/")]
    nav += [("gallery", f"{s}/galeri/")] if by_kind["galeri"] else []
    nav += [("video", f"{s}/video/")] if videos else []
    nav += [("profile", f"{s}/profil/"), ("search", f"{s}/cari/")]
    nav_more = [(label, f"{s}/{kind}/") for kind, label in SECTIONS if kind not in ("berita", "galeri") and by_kind[kind]]
    nav_more += [("audio", f"{s}/audio/")] if recordings else []
    nav_more.append(("aspirations", f"{s}/aspirasi/"))
    base = dict(kim=kim, profile=kim.profile, site_title=kim.profile.nama, home=f"{s}/", nav=nav,
                nav_more=nav_more, halaman=halaman, banners=province_banners + active_banners(kim.posts, today),
                portal="", feed=f"{s}/feed.xml", assets=f"{s}/assets/",
                podcast=f"{s}/{showcase.PODCAST_FILE}" if recordings else None,
                audio_info=lambda path: showcase.audio_info(kim, path))

    def page(template: str, path: str, **context) -> None:
        site_path = f"{s}/{path}"
        pages.append(site_path)
        out[site_path] = r.page(template, site_path, **base, **context)

    upcoming, past = calendar.split(by_kind["agenda"], r.now)
    current, archive = features.split_announcements(by_kind["pengumuman"], today)
    cover = showcase.cover(kim)
    page("home.html", "index.html", latest=by_kind["berita"][:6], upcoming=upcoming[:3],
         announcements=current[:3], factchecks=by_kind["cek-fakta"][:3],
         potentials=by_kind["potensi"][:3], albums=by_kind["galeri"][:4], videos=videos[:2],
         recordings=recordings[:2], cover=cover and showcase.hero_picture(r, f"{s}/{cover}"))
    activities, since, until = showcase.activity_counts(kim, today)
    page("profil.html", "profil/index.html", title_key="profile", activities=activities, since=since, until=until,
         contents=showcase.content_counts(kim))
    _media_lists(page, r, s, by_kind["galeri"], videos, recordings)

    for kind, label in SECTIONS:
        posts = by_kind[kind]
        if kind == "agenda":
            page("agenda.html", "agenda/index.html", title_key=label, upcoming=upcoming, past=past,
                 calendar_file=f"{s}/agenda/{calendar.CALENDAR_FILE}")
            out.update(features.calendar_files(kim, posts, r))
        elif kind == "pengumuman" and posts:
            _announcement_lists(page, current, archive, s, r)
        elif kind == "galeri":
            pass  # _media_lists: a grid of albums
        elif posts or kind == "berita":
            activities = features.by_activity(posts) if kind == "berita" else []
            filters = [(a, f"{s}/berita/{features.ACTIVITY_FOLDER}/{a}/") for a, _ in activities]
            for path, chunk, pager in paginate(posts, f"{kind}/"):
                page("list.html", path, title=r.tr.t(label), posts=chunk, pager=_pager(pager, s), filters=filters)
            for adinda, group in activities:
                folder = f"berita/{features.ACTIVITY_FOLDER}/{adinda}/"
                for path, chunk, pager in paginate(group, folder):
                    page("list.html", path, title=r.tr.t("activity_title", name=r.tr.t("adinda_" + adinda)),
                         posts=chunk, pager=_pager(pager, s), filters=filters)
        for index, post in enumerate(posts):
            _post_page(page, r, post, kim, newer=posts[index - 1] if index else None,
                       older=posts[index + 1] if index + 1 < len(posts) else None)
    for post in halaman:
        _post_page(page, r, post, kim, template="page.html")
    page("aspirasi.html", "aspirasi/index.html", links=features.aspiration_links(kim, r.tr),
         followups=[p for p in by_kind["berita"] if p.adinda == "aspirasi"])

    for key, folder, title_key in (("category", "kategori", "category_title"), ("tag", "tag", "tag_title")):
        groups: dict[str, tuple[str, list[Post]]] = {}
        for post in kim.posts:
            terms = [post.category] if key == "category" and post.category else post.tags if key == "tag" else []
            for term in terms:
                groups.setdefault(term.slug, (term.name, []))[1].append(post)
        for slug, (name, posts) in sorted(groups.items()):
            for path, chunk, pager in paginate(posts, f"{folder}/{slug}/"):
                page("list.html", path, title=r.tr.t(title_key, name=name), posts=chunk, pager=_pager(pager, s))

    page("404.html", "404.html")
    categories = sorted({(p.category.slug, p.category.name) for p in kim.posts if p.category})
    page("cari.html", "cari/index.html", title_key="search_title", latest=by_kind["berita"][:10],
         categories=[(name, f"{s}/kategori/{slug}/") for slug, name in categories])
    site_url = r.absolute(f"{s}/")
    listed = [p for p in kim.posts if p.kind != "halaman"][:FEED_ITEMS]
    feed = f"{s}/feed.xml"
    out[feed] = feeds.rss(kim.profile.nama, site_url, r.absolute(feed), kim.profile.deskripsi or kim.profile.nama,
                          r.tr.lang, [(p, r.absolute(f"{s}/{p.url}"), r.absolutize(p.body + showcase.gallery_html(p, s)))
                                      for p in listed])
    if recordings:
        out[f"{s}/{showcase.PODCAST_FILE}"] = showcase.podcast(kim, recordings[:FEED_ITEMS * 5], r, r.tr.lang)
    listed_pages = sorted(path for path in pages if path.endswith("index.html"))
    dates = {f"{s}/{p.url}index.html": p.date.date() for p in kim.posts if p.date}
    out[f"{s}/sitemap.xml"] = feeds.sitemap([(r.absolute(p[: -len("index.html")]), dates.get(p))
                                             for p in listed_pages])
    out.update(media)
    for rel, path in assets.items():
        out[f"{s}/assets/{rel}"] = path
    return out


def photo_failures(kim: Kim, r: Renderer) -> dict[str, str]:
    """Resize every photo of the KIM now; those that cannot be decoded (KIM-relative path -> why).

    Called before the pages are made, so that the posts which use such a photo are held back
    with an error naming it (reading.read_kim), instead of being published with a hole."""
    for media in kim.media:
        r.image_set(f"{kim.slug}/{media}")
    prefix = f"{kim.slug}/"
    return {path[len(prefix):]: why for path, why in r.failed_photos.items() if path.startswith(prefix)}


def _media_outputs(kim: Kim, r: Renderer) -> Output:
    """Photos as resized variants (originals withheld, even undecodable ones: EXIF/GPS); other media
    copied as is."""
    out: Output = {}
    for media in kim.media:
        found = r.image_set(f"{kim.slug}/{media}")
        if found is not None:
            out.update({v.path: v.file for v in found.webp + found.fallback})
        elif not images.is_raster(media):
            out[f"{kim.slug}/{media}"] = kim_media_path(kim, media)
    return out


def kim_media_path(kim: Kim, media: str) -> Path:
    return Path(kim.root) / media


def _pager(pager: dict, slug: str) -> dict:
    return {**pager, "newer": pager["newer"] and f"{slug}/{pager['newer']}",
            "older": pager["older"] and f"{slug}/{pager['older']}"}


def _announcement_lists(page, current: list[Post], archive: list[Post], s: str, r: Renderer) -> None:
    """pengumuman/ lists those still valid; expired ones move to pengumuman/arsip/."""
    folder = f"pengumuman/{features.ARCHIVE_FOLDER}/"
    archive_link = (f"{s}/{folder}", len(archive)) if archive else None
    for path, chunk, pager in paginate(current, "pengumuman/"):
        page("list.html", path, title=r.tr.t("announcements"), posts=chunk, pager=_pager(pager, s),
             archive_link=archive_link)
    for path, chunk, pager in paginate(archive, folder):
        page("list.html", path, title=r.tr.t("archive_title"), posts=chunk, pager=_pager(pager, s))


def _post_page(page, r: Renderer, post: Post, kim: Kim, newer: Post | None = None, older: Post | None = None,
               template: str = "post.html") -> None:
    url = r.absolute(f"{post.kim}/{post.url}")
    context = dict(post=post, newer=newer, older=older, share=share_links(features.share_text(post, url, r.tr), url),
                   og_image=post.image and r.absolute(f"{post.kim}/{post.image}"),
                   structured=features.structured_data(post, kim, r), order=features.order_link(post, kim, url, r.tr),
                   expired=features.is_expired(post, r.now.date()),
                   ics=f"{post.path}{calendar.EVENT_FILE}" if post.kind == "agenda" else None)
    numbered = [dict(photo, n=n, path=f"{post.path}{PHOTO_FOLDER}/{n}/") for n, photo in enumerate(post.gallery, 1)]
    for path, chunk, pager in paginate(numbered, post.url, PHOTOS_PER_PAGE):
        page(template, path, photos=chunk, pager=_pager(pager, post.kim), **context)
    for index, photo in enumerate(numbered):
        page("foto.html", f"{post.url}{PHOTO_FOLDER}/{photo['n']}/index.html", post=post, photo=photo,
             total=len(numbered), share=context["share"],
             newer=numbered[index - 1] if index else None,
             older=numbered[index + 1] if index + 1 < len(numbered) else None,
             og_image=r.absolute(f"{post.kim}/{photo['image']}"))


def _media_lists(page, r: Renderer, s: str, albums: list[Post], videos: list[Post], recordings: list[Post]) -> None:
    """galeri/ (a grid of albums), video/ and audio/ (the KIM's recordings and its podcast)."""
    for template, folder, posts, title, per_page in (("galeri.html", "galeri/", albums, "gallery", ALBUMS_PER_PAGE),
                                                     ("video.html", "video/", videos, "video", PER_PAGE),
                                                     ("audio.html", "audio/", recordings, "audio_title", PER_PAGE)):
        for path, chunk, pager in paginate(posts, folder, per_page) if posts else ():
            page(template, path, title=r.tr.t(title), posts=chunk, pager=_pager(pager, s))
