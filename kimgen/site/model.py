"""The site model: plain data, so a KIM can be built in a worker process and the
provincial pages assembled from the models of all KIMs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from kimgen.config.settings import Profile, Province

LATEST = 20  # newest posts a KIM's summary carries, and the portal shows
CONTENT_CLEAN, CONTENT_WARNINGS, CONTENT_HELD, CONTENT_FAILED = "bersih", "peringatan", "ditahan", "gagal"


@dataclass
class Term:
    name: str
    slug: str


@dataclass
class Post:
    kind: str  # berita, agenda, pengumuman, cek-fakta, potensi, galeri, halaman
    source: str  # relative to the content root
    slug: str
    url: str  # relative to the KIM folder, e.g. berita/posyandu/
    title: str
    date: dt.datetime | None
    summary: str = ""
    body: str = ""  # sanitized HTML with kimgen-url markers
    category: Term | None = None
    adinda: str | None = None
    tags: list[Term] = field(default_factory=list)
    image: str | None = None  # KIM-relative media path
    author: str | None = None
    # {platform, id, url} (config.fields.video_link): a local poster until the reader taps
    video: dict | None = None
    audio: str | None = None  # KIM-relative media path of a recording (mp3, m4a, ogg)
    gallery: list[dict] = field(default_factory=list)  # [{image: KIM-relative media path, caption}]
    # agenda
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    location: str | None = None
    # pengumuman
    important: bool = False
    valid_until: dt.date | None = None
    # cek-fakta
    claim: str | None = None
    status: str | None = None
    sources: list[str] = field(default_factory=list)
    # potensi
    price: int | None = None
    contact: str | None = None
    kim: str = ""  # slug of the owning KIM ("" for province-wide posts)

    @property
    def path(self) -> str:
        """Site path of the post's folder."""
        return f"{self.kim}/{self.url}" if self.kim else self.url


@dataclass
class Kim:
    slug: str
    source: str  # kim/<slug>
    root: str  # absolute folder of the KIM, for copying media
    profile: Profile
    posts: list[Post] = field(default_factory=list)  # published, newest first, every kind
    media: list[str] = field(default_factory=list)  # KIM-relative media paths to publish
    scheduled: list[dt.datetime] = field(default_factory=list)  # when posts not yet due will be
    held: list[str] = field(default_factory=list)  # sources of posts held back for their errors

    def of_kind(self, kind: str) -> list[Post]:
        return [p for p in self.posts if p.kind == kind]

    @property
    def activity_posts(self) -> list[Post]:
        """Posts that count for aktif/vakum: every kind but halaman (DESIGN.md)."""
        return [p for p in self.posts if p.kind != "halaman" and p.date is not None]

    @property
    def last_post_date(self) -> dt.date | None:
        dates = [p.date.date() for p in self.activity_posts]
        return max(dates) if dates else None


@dataclass
class KimSummary:
    """What the provincial pages need of a KIM: small, even for a big KIM."""

    slug: str
    profile: Profile
    post_count: int
    last_post: dt.date | None
    latest: list[Post]  # newest berita etc., bodies dropped
    built: bool = True  # False when the KIM had errors and kept its last output
    counts: dict[str, int] = field(default_factory=dict)
    dates: list[dt.date] = field(default_factory=list)  # publication dates, oldest first, for activity
    factchecks: list[Post] = field(default_factory=list)  # every cek-fakta, bodies dropped, for the portal
    # a content hash of each photo those posts show: a photo replaced under the same name gets new
    # variant file names, so the portal pages that show it must be made again
    pictures: dict[str, str] = field(default_factory=dict)
    # what its admin must see (the monitoring pages): the problems of its content as the last build
    # found them, the posts held back for their errors, and when it was last published
    problems: list = field(default_factory=list)  # kimgen.problems.Problem
    held: list[str] = field(default_factory=list)
    published_at: dt.datetime | None = None
    content: str = "bersih"  # CONTENT_*: bersih | peringatan | ditahan | gagal


def content_status(ok: bool, problems: list, held: list[str]) -> str:
    """gagal: the KIM keeps its last output; ditahan: something of it (a post, a photo) was held
    back for its errors; peringatan: only warnings; bersih: nothing to fix."""
    if not ok:
        return CONTENT_FAILED
    if held or any(p.level == "error" for p in problems):
        return CONTENT_HELD
    return CONTENT_WARNINGS if problems else CONTENT_CLEAN


@dataclass
class Site:
    province: Province
    today: dt.date
    announcements: list[Post] = field(default_factory=list)  # province-wide
    kims: list[KimSummary] = field(default_factory=list)


SECTION_KINDS = ("berita", "agenda", "pengumuman", "cek-fakta", "potensi", "galeri")


def summarize(kim: Kim, built: bool) -> KimSummary:
    """The KIM as the provincial pages show it: counts, dates, newest posts without bodies."""
    dated = kim.activity_posts
    latest = [replace(p, body="") for p in [p for p in dated if p.kind != "pengumuman"][:LATEST]]
    factchecks = [replace(p, body="") for p in kim.of_kind("cek-fakta")]
    return KimSummary(kim.slug, kim.profile, len(dated), kim.last_post_date, latest, built,
                      counts={k: len(kim.of_kind(k)) for k in SECTION_KINDS},
                      dates=sorted(p.date.date() for p in dated), factchecks=factchecks)
