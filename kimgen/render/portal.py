"""The provincial portal: index, one page per kabupaten/kota, monitoring, feeds."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields as dc_fields
from pathlib import Path

from kimgen.site import activity
from kimgen.render import charts, features, feeds
from kimgen.render.kimsite import FEED_ITEMS, Output, paginate, share_links
from kimgen.site.model import LATEST, Site
from kimgen.render.theme import Renderer
from kimgen.config.slugs import slugify
WORDS = {activity.KURANG_AKTIF: "kurang aktif"}  # a status as a spreadsheet reader says it
KIMS_PER_PAGE = 50  # rows of a kabupaten page: a province of 1,000 KIMs keeps every page light
INDEX_LIST_MAX = 60  # above this many KIMs the index lists kabupaten with counts, not every KIM


def regencies(site: Site) -> list[dict]:
    """Kabupaten/kota in provinsi.yaml order (then any others), each with its KIMs."""
    known = {k.nama: k for k in site.province.kabupaten}
    names = [k.nama for k in site.province.kabupaten]
    names += sorted({k.profile.kabupaten for k in site.kims} - set(names))
    result = []
    for name in names:
        kims = sorted((k for k in site.kims if k.profile.kabupaten == name), key=lambda k: k.profile.nama)
        regency = known.get(name)
        result.append({"nama": name, "slug": regency.slug if regency else slugify(name),
                       "pembina": regency.pembina if regency else "", "kims": kims})
    return result


def render_portal(site: Site, r: Renderer, assets: dict[str, Path]) -> Output:
    """Every output of the portal."""
    out: Output = {}
    today = site.today
    groups = regencies(site)
    kims_by_slug = {k.slug: k for k in site.kims}
    latest = sorted((p for k in site.kims for p in k.latest), key=lambda p: (p.date, p.source), reverse=True)
    by_regency: dict[str, list] = {}
    for p in latest:
        by_regency.setdefault(kims_by_slug[p.kim].profile.kabupaten, []).append(p)
    table = activity.rows(site.kims, today, site.province.batas_vakum_hari)
    statuses = {row.slug: row.status for row in table}
    factchecks = sorted((p for k in site.kims if k.built for p in k.factchecks),
                        key=lambda p: (p.date, p.source), reverse=True)
    nav = [("home", ""), ("factcheck", "cek-fakta/")] if factchecks else [("home", "")]
    base = dict(site_title=site.province.nama, home="", portal="", assets="assets/", feed="feed.xml",
                nav=nav + [("monitoring", "pemantauan/"), ("search", "cari/")], nav_more=[], halaman=[],
                banners=[p for p in site.announcements if p.important and not features.is_expired(p, today)],
                kim=None, kims_by_slug=kims_by_slug)
    totals = {"kims": len(site.kims), "posts": sum(k.post_count for k in site.kims),
              "regencies": sum(1 for g in groups if g["kims"]),
              "active": sum(1 for s in statuses.values() if s == activity.AKTIF)}

    def page(template: str, path: str, **context) -> None:
        out[path] = r.page(template, path, **base, **context)

    page("portal.html", "index.html", groups=groups, latest=latest[:LATEST], totals=totals,
         list_kims=len(site.kims) <= INDEX_LIST_MAX)
    for group in groups:
        posts = by_regency.get(group["nama"], [])
        for path, chunk, pager in paginate(group["kims"], f"kabupaten/{group['slug']}/", KIMS_PER_PAGE):
            page("kabupaten.html", path, group=group, kims=chunk, pager=pager,
                 latest=posts[:LATEST] if pager["n"] == 1 else [])
    page("pemantauan.html", "pemantauan/index.html", rows=table, groups=groups, totals=totals,
         regency_totals=activity.regency_totals(table), charts=monthly_charts(site, groups, r))
    for kim in site.kims:  # where each KIM's admin finds what to fix (linked from monitoring only)
        page("masalah.html", f"pemantauan/{kim.slug}/index.html", summary=kim,
             errors=[p for p in kim.problems if p.level == "error"],
             warnings=[p for p in kim.problems if p.level != "error"])
    out["pemantauan/laporan.csv"] = report_csv(table)
    out["pemantauan/laporan.json"] = report_json(table, site)
    page("404.html", "404.html")
    page("cari.html", "cari/index.html", latest=latest[:10],
         categories=[(g["nama"], f"kabupaten/{g['slug']}/") for g in groups if g["kims"]])
    for path, chunk, pager in paginate(factchecks, "cek-fakta/"):
        page("list.html", path, title=r.tr.t("factcheck_province"), posts=chunk, pager=pager)
    _announcements(page, site, r)

    items = [(p, r.absolute(f"{p.kim}/{p.url}"), "") for p in latest[:FEED_ITEMS * 2]]
    out["feed.xml"] = feeds.rss(f"{r.tr.t('portal')} {site.province.nama}", r.absolute(""), r.absolute("feed.xml"),
                                site.province.pengelola, r.tr.lang, items)
    # the problem pages are for admins, not for search engines
    portal_pages = sorted(p for p in out if p.endswith("index.html") and not _problem_page(p))
    out["sitemap-portal.xml"] = feeds.sitemap([(r.absolute(p[: -len("index.html")]), None) for p in portal_pages])
    out["sitemap.xml"] = feeds.sitemap_index([r.absolute("sitemap-portal.xml")] +
                                             [r.absolute(f"{k.slug}/sitemap.xml") for k in site.kims
                                              if not k.profile.base_url])
    out["robots.txt"] = feeds.robots(r.absolute("sitemap.xml"))
    for rel, path in assets.items():
        out[f"assets/{rel}"] = path
    return out


def _problem_page(path: str) -> bool:
    return path.startswith("pemantauan/") and path.count("/") == 2


def _announcements(page, site: Site, r: Renderer) -> None:
    """Province-wide announcements: each page, the list of valid ones, and the archive of expired ones."""
    for post in site.announcements:
        url = r.absolute(post.path)
        page("post.html", f"{post.path}index.html", post=post, newer=None, older=None,
             share=share_links(features.share_text(post, url, r.tr), url), og_image=None,
             expired=features.is_expired(post, site.today))
    if not site.announcements:
        return
    current, archive = features.split_announcements(site.announcements, site.today)
    folder = f"pengumuman/{features.ARCHIVE_FOLDER}/"
    for path, chunk, pager in paginate(current, "pengumuman/"):
        page("list.html", path, title=r.tr.t("announcements"), posts=chunk, pager=pager,
             archive_link=(folder, len(archive)) if archive else None)
    for path, chunk, pager in paginate(archive, folder):
        page("list.html", path, title=r.tr.t("archive_title"), posts=chunk, pager=pager)


def monthly_charts(site: Site, groups: list[dict], r: Renderer) -> list[dict]:
    """Posts per month (last twelve) for the province, then each kabupaten/kota with KIMs."""
    result = []
    per_kim = {k.slug: charts.per_month(k.dates, site.today) for k in site.kims}
    sets = [(site.province.nama, site.kims)] + [(g["nama"], g["kims"]) for g in groups if g["kims"]]
    for index, (name, kims) in enumerate(sets):
        series = charts.combined((per_kim[k.slug] for k in kims), site.today)
        title = r.tr.t("chart_title", name=name)
        result.append({"name": name, "svg": charts.bar_chart(f"grafik-{index}", title, series, r.tr)})
    return result


def report_csv(table: list[activity.Row]) -> bytes:
    """For an officer's spreadsheet set to Indonesian: UTF-8 with a BOM (or accents come out garbled),
    `;` between cells (the list separator where the decimal mark is a comma), yes/no and statuses
    as words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    names = [f.name for f in dc_fields(activity.Row)]
    writer.writerow(names)
    writer.writerows([_cell(value) for value in vars(row).values()] for row in table)  # fields in order
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def _cell(value) -> object:
    """A spreadsheet opens a cell that starts with = + - @ as a formula: a KIM name must stay text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if value in WORDS:
        return WORDS[value]
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def report_json(table: list[activity.Row], site: Site) -> bytes:
    head = {"provinsi": site.province.nama, "tanggal": site.today.isoformat(),
            "batas_vakum_hari": site.province.batas_vakum_hari}
    lists = {"kim": activity.as_dicts(table), "kabupaten": activity.as_dicts(activity.regency_totals(table))}
    # one KIM per line: as easy to read and to diff as indented JSON, and json's C encoder
    # makes it (with an indent, json encodes in Python: 10 ms for a province)
    parts = [json.dumps(head, ensure_ascii=False)[:-1]]
    for key, rows in lists.items():
        lines = ",\n  ".join(json.dumps(row, ensure_ascii=False) for row in rows)
        parts.append(f'{json.dumps(key)}: [\n  {lines}\n ]' if rows else f"{json.dumps(key)}: []")
    return (",\n ".join(parts) + "\n}\n").encode("utf-8")
