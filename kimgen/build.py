"""`kimgen build`, top to bottom: config -> discover -> read -> render -> write.

Each KIM is read, rendered and written on its own, so one KIM with errors keeps
its last good output while every other KIM is built, and the provincial pages are
made from small summaries of all KIMs.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from kimgen import assemble, kimsite, portal, search
from kimgen.config import Province, load_province
from kimgen.discovery import discover_announcements, discover_kims
from kimgen.fields import Invalid, datetime_value
from kimgen.i18n import translator
from kimgen.markup import KimMarkdown
from kimgen.messages import msg, speaking
from kimgen.model import Kim, KimSummary, Post, Site
from kimgen.problems import Problem, Problems
from kimgen.render import Renderer, Theme, ThemeError
from kimgen.write import WriteStats, remove_stale, write_outputs

PROTECTED = {"pagefind"}  # written by after-build steps, not by the page writer


class BuildError(Exception):
    """The build cannot start (usage or environment): exit code 2."""


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    stats: WriteStats = field(default_factory=WriteStats)
    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    site: Site | None = None
    search: search.SearchStats | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def build_now(province: Province) -> dt.datetime:
    """The build's clock in the province's zone; KIMGEN_NOW pins it (tests, reproducible builds)."""
    zone = ZoneInfo(province.timezone)
    pinned = os.environ.get("KIMGEN_NOW")
    if pinned:
        try:
            return datetime_value(pinned, zone).astimezone(zone) if "T" in pinned or " " in pinned else \
                dt.datetime.combine(dt.date.fromisoformat(pinned), dt.time(12), zone)
        except (Invalid, ValueError):
            raise BuildError(f"KIMGEN_NOW `{pinned}` bukan tanggal yang valid (contoh: 2024-12-11).") from None
    return dt.datetime.now(zone)


def summarize(kim: Kim, built: bool) -> KimSummary:
    dated = kim.activity_posts
    latest = [Post(**{**p.__dict__, "body": ""}) for p in dated if p.kind != "pengumuman"][:portal.LATEST]
    return KimSummary(kim.slug, kim.profile, len(dated), kim.last_post_date, latest, built,
                      counts={k: len(kim.of_kind(k)) for k, _ in kimsite.SECTIONS},
                      dates=sorted(p.date.date() for p in dated),
                      factchecks=[Post(**{**p.__dict__, "body": ""}) for p in kim.of_kind("cek-fakta")])


@dataclass
class Reading:
    """Everything read from a content root, before anything is rendered."""

    province: Province
    now: dt.datetime
    theme: Theme
    md: KimMarkdown
    announcements: list[Post]
    sources: list
    kims: list[tuple[Kim | None, Problems, str]]


def read(root: Path, problems: Problems, base_url: str | None = None, only: list[str] | None = None) -> Reading | None:
    """Stages 1 and 2: configuration, discovery and every file read and checked."""
    with speaking(root):  # problem messages follow provinsi.yaml's `bahasa`
        return _read(root, problems, base_url, only)


def _read(root: Path, problems: Problems, base_url: str | None, only: list[str] | None) -> Reading | None:
    try:
        province = load_province(root, problems)
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        problems.error("provinsi.yaml", 0, "", msg("province_unreadable", error=f"{type(exc).__name__}: {exc}"))
        return None
    if province is None:
        return None
    if base_url:
        province.base_url = base_url.rstrip("/") + "/"
    now = build_now(province)
    try:
        theme = Theme(province.tema, root / "tema")
    except ThemeError as exc:
        raise BuildError(str(exc)) from None
    md = KimMarkdown(translator(province.bahasa).t("back_to_note"))
    try:
        announcements = assemble.load_posts(discover_announcements(root, problems), "", "", set(),
                                            province, now, md, problems)
    except Exception as exc:  # noqa: BLE001 - the KIMs are still built without them
        announcements = []
        problems.error("pengumuman", 0, "", msg("announcements_unreadable", error=f"{type(exc).__name__}: {exc}"))
    sources = discover_kims(root, problems, only)
    if only:
        unknown = sorted(set(only) - {s.slug for s in sources})
        if unknown:
            raise BuildError(f"KIM tidak ditemukan: {', '.join(unknown)} (nama folder di bawah kim/).")
    kims = []
    for source in sources:
        try:
            kim, kim_problems = assemble.load_kim(source, province, now, md)
        except Exception as exc:  # noqa: BLE001 - one KIM must never stop the province
            kim, kim_problems = None, Problems()
            kim_problems.error(source.rel, 0, "", msg("kim_unreadable", error=f"{type(exc).__name__}: {exc}"))
        problems.extend(kim_problems)
        kims.append((kim, kim_problems, source.slug))
    return Reading(province, now, theme, md, announcements, sources, kims)


def build(root: Path, out_dir: Path, *, base_url: str | None = None, only: list[str] | None = None,
          strict: bool = False, clean: bool = False, offline: bool = False, progress=None,
          portal_from: list[KimSummary] | None = None, cache_dir: Path | None = None) -> BuildResult:
    """`portal_from`: with `only`, every KIM's summary from an earlier build; the portal is then
    rendered too, with the KIMs rebuilt now in place of their old summaries (kimgen serve uses
    this after a profile changes, so the portal is right without reading every KIM again)."""
    started = time.perf_counter()
    result = BuildResult()
    problems = Problems()

    reading = read(root, problems, base_url, only)
    result.problems = problems.items
    if reading is None or (strict and problems):
        return result
    province, now = reading.province, reading.now
    renderer = Renderer(reading.theme, province, translator(province.bahasa), offline, now,
                        content_root=root, image_cache=cache_dir and cache_dir / "img")
    assets = reading.theme.static_files()
    banners = kimsite.active_banners(reading.announcements, now.date())

    # 3. render and write, KIM by KIM
    if clean and out_dir.exists():
        _clean(out_dir, root)
    out_dir.mkdir(parents=True, exist_ok=True)
    renderer.own_domains = {s.slug: s.profile.base_url for s in portal_from or [] if s.profile.base_url}
    renderer.own_domains.update({kim.slug: kim.profile.base_url for kim, _, _ in reading.kims
                                 if kim and kim.profile.base_url})
    summaries = []
    for index, (kim, kim_problems, slug) in enumerate(reading.kims):
        if kim is not None and not kim_problems.errors and _render_kim(kim, renderer, banners, assets, out_dir, result):
            summaries.append(summarize(kim, True))
        else:
            result.failed.append(slug)
            if kim is not None:
                summaries.append(summarize(kim, (out_dir / slug / "index.html").is_file()))
        if progress:
            progress(index + 1, len(reading.kims), slug)

    # 4. the provincial portal, from the summaries of all KIMs
    if not only or portal_from is not None:
        kim_folders = {s.slug for s in reading.sources} | PROTECTED
        if only:
            rebuilt = {s.slug for s in reading.sources}
            summaries = sorted([s for s in portal_from if s.slug not in rebuilt] + summaries, key=lambda s: s.slug)
            kim_folders |= {p.name for p in (root / "kim").iterdir() if p.is_dir()}
        site = Site(province, now.date(), reading.announcements, summaries)
        try:
            outputs = portal.render_portal(site, renderer, assets)
            result.stats.add(write_outputs(out_dir, outputs))
            result.stats.removed += remove_stale(out_dir, "", set(outputs), kim_folders)
        except Exception as exc:  # noqa: BLE001 - the KIM sites are already written
            result.problems.append(Problem("provinsi.yaml", 0, "", msg("portal_failed",
                                                                       error=f"{type(exc).__name__}: {exc}")))
        result.site = site
    # 5. after-build steps
    result.search = search.index_sites(out_dir, result.built)
    result.problems += result.search.problems
    result.seconds = time.perf_counter() - started
    return result


def _render_kim(kim: Kim, renderer: Renderer, banners: list[Post], assets, out_dir: Path,
                result: BuildResult) -> bool:
    """Render and write one KIM; an unexpected failure becomes that KIM's error, not a traceback."""
    try:
        outputs = kimsite.render_kim(kim, renderer, banners, assets)
        stats = write_outputs(out_dir, outputs)
    except Exception as exc:  # noqa: BLE001 - one KIM must never stop the province
        result.problems.append(Problem(kim.source, 0, "", msg("kim_render_failed",
                                                              error=f"{type(exc).__name__}: {exc}")))
        return False
    result.stats.add(stats)
    result.stats.removed += remove_stale(out_dir, kim.slug, set(outputs), PROTECTED)
    result.built.append(kim.slug)
    return True


def _clean(out_dir: Path, root: Path) -> None:
    resolved = out_dir.resolve()
    if resolved in {Path("/"), Path.home().resolve(), root.resolve()} or (out_dir / "provinsi.yaml").exists():
        raise BuildError(f"menolak menghapus {out_dir}: folder ini bukan folder keluaran kimgen.")
    shutil.rmtree(out_dir)
