"""Reading a content root: the province once, then one KIM at a time.

`kimgen build` (in each worker), `check`, `report` and `serve` all read through here, so
what `check` passes is what the build reads.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from kimgen.build.options import BuildError
from kimgen.config.settings import Province, read_province
from kimgen.content.discovery import kim_folders, kim_sources, unknown_entries
from kimgen.content.markup import KimMarkdown
from kimgen.problems import Problems
from kimgen.problems.messages import msg, speaking
from kimgen.render.calendar import event_end
from kimgen.render.i18n import translator
from kimgen.render.theme import Theme, ThemeError
from kimgen.site.assemble import load_announcements, load_kim
from kimgen.site.model import Kim, Post


def clock(zone_name: str) -> dt.datetime:
    """The build's "today": KIMGEN_NOW pins it (tests, reproducible builds)."""
    zone = ZoneInfo(zone_name)
    pinned = os.environ.get("KIMGEN_NOW", "").strip()
    if not pinned:
        return dt.datetime.now(zone)
    try:
        if "T" in pinned or " " in pinned:
            value = dt.datetime.fromisoformat(pinned.replace("T", " ", 1))
            return (value.replace(tzinfo=zone) if value.tzinfo is None else value).astimezone(zone)
        return dt.datetime.combine(dt.date.fromisoformat(pinned), dt.time(12), zone)
    except ValueError:
        raise BuildError(f"KIMGEN_NOW `{pinned}` bukan tanggal yang valid (contoh: 2024-12-11).") from None


def time_facts(posts: list[Post], scheduled: list[dt.datetime]) -> list[tuple[str, object]]:
    """What the clock alone can change in what is shown: a scheduled post falling due, an agenda
    item becoming past (calendar.split), a banner or announcement expiring (berlaku_sampai)."""
    facts: list[tuple[str, object]] = [("due", moment) for moment in scheduled]
    for p in posts:
        if p.kind == "agenda" and p.start:
            facts.append(("upcoming", event_end(p)))
        if p.kind == "pengumuman" and p.valid_until:
            facts.append(("valid", p.valid_until))
    return sorted(facts, key=repr)


@dataclass
class Setup:
    """The province-wide start of every read: configuration, clock, theme, announcements."""

    root: Path
    province: Province
    now: dt.datetime
    theme: Theme
    md: KimMarkdown
    announcements: list[Post]
    facts: list = field(default_factory=list)  # the announcements' time facts


def set_up(root: Path, problems: Problems, base_url: str | None = None,
           now: dt.datetime | None = None) -> Setup | None:
    """None when provinsi.yaml cannot be used (its problems say why); BuildError for a theme
    that does not exist (the operator's to fix, not an admin's). `now`: the build's "today", when
    a worker process sets up the province its build already read."""
    province = read_province(root, problems, base_url)
    if province is None:
        return None
    now = now or clock(province.timezone)
    try:
        theme = Theme(province.tema, root / "tema")
    except ThemeError as exc:
        raise BuildError(str(exc)) from None
    md = KimMarkdown(translator(province.bahasa).t("back_to_note"))
    announcements, scheduled = load_announcements(root, province, now, md, problems)
    return Setup(root, province, now, theme, md, announcements, time_facts(announcements, scheduled))


def read_kim(setup: Setup, slug: str, last_good: dict[str, Post] | None = None,
             undecodable: dict[str, str] | None = None) -> tuple[Kim | None, Problems]:
    """One KIM's model (None when its profile cannot be read) and its problems.

    A post with errors never holds back the rest of its KIM: it is held back alone, and the KIM
    is read again without it, with its last good version (`last_good`: source -> Post, what the
    last build published) in its place when there is one. Links to a post left out are dropped,
    with a warning, so the site never links to a page that does not exist. `undecodable`: photos
    that failed to decode when rendered (KIM-relative path -> why): the posts using them are held."""
    problems = Problems()
    setup.md.start_kim()
    try:
        sources = kim_sources(setup.root, setup.root / "kim" / slug, problems)
    except OSError as exc:  # an unreadable folder: say so plainly
        problems.error(f"kim/{slug}", 0, "", msg("kim_folder_unreadable", error=exc.strerror or exc))
        return None, problems
    kim, first = load_kim(sources, setup.province, setup.now, setup.md, undecodable=undecodable)
    posts = {source.rel for source in sources.posts}
    broken = sorted({p.path for p in first.errors if p.path in posts})
    if kim is None or not broken:
        problems.extend(first)
        return kim, problems
    held = {rel: (last_good or {}).get(rel) for rel in broken}
    kim, again = load_kim(sources, setup.province, setup.now, setup.md, held, undecodable)
    problems.extend([p for p in first.items if p.path in held])
    problems.extend([p for p in again.items if p.path not in held])
    if kim is not None:
        kim.held = broken
    return kim, problems


def kim_slugs(root: Path, problems: Problems, only: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The KIM folders to read; BuildError when `only` names one that does not exist."""
    slugs = kim_folders(root, problems)
    if only:
        unknown = sorted(set(only) - set(slugs))
        if unknown:
            raise BuildError(f"KIM tidak ditemukan: {', '.join(unknown)} (nama folder di bawah kim/).")
        slugs = [s for s in slugs if s in only]
    return slugs


@dataclass
class Reading:
    """Everything read from a content root, before anything is rendered (check, report)."""

    setup: Setup
    kims: list[tuple[Kim | None, Problems, str]]


def read(root: Path, problems: Problems, base_url: str | None = None, only: list[str] | None = None) -> Reading | None:
    """Configuration and every KIM, read and checked; messages follow provinsi.yaml's `bahasa`."""
    with speaking(root):
        setup = set_up(root, problems, base_url)
        if setup is None:
            return None
        unknown_entries(root, problems)
        kims = []
        for slug in kim_slugs(root, problems, only):
            kim, kim_problems = read_kim(setup, slug)
            problems.extend(kim_problems)
            kims.append((kim, kim_problems, slug))
        return Reading(setup, kims)
