"""A candidate file checked by `kimgen check`'s own code, and previewed with the site's own theme.

The candidate is never written into the repository to be checked: the KIM's files are found
as a build finds them (discovery), then the candidate's text stands in for its file (a post) or
for profil.yaml, and the KIM is assembled as the build assembles it. Its photos are the real
files of media/, so the preview shows them resized as the build will.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.build.reading import Setup, read_kim, set_up
from kimgen.build.workers import Context
from kimgen.content.discovery import SourceFile, kim_sources
from kimgen.problems import Problem, Problems
from kimgen.problems.messages import speaking
from kimgen.render import kimsite
from kimgen.site.assemble import load_kim
from kimgen.site.model import Kim

PROFILE = "profil.yaml"


class ProvinceBroken(Exception):
    """provinsi.yaml cannot be read: nothing can be checked (its problems, formatted)."""


@dataclass
class Checked:
    rel: str  # the candidate's path in the content root
    problems: list[Problem] = field(default_factory=list)  # the candidate's own
    kim: Kim | None = None
    setup: Setup | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def province(root: Path) -> Setup:
    problems = Problems()
    with speaking(root):
        setup = set_up(root, problems)
    if setup is None:
        raise ProvinceBroken("; ".join(p.format() for p in problems.errors))
    return setup


def check(root: Path, slug: str, rel_in_kim: str, text: str, kind: str, moment: dt.datetime | None = None) -> Checked:
    """Check `text` as the KIM file `rel_in_kim` (`berita/2024-12-11-x.md` or `profil.yaml`).

    `moment`: the post's own date, when later than today, so a post scheduled for later is
    checked (and previewed) whole, as it will be on its day."""
    setup = province(root)
    if moment is not None and moment > setup.now:
        setup = dataclasses.replace(setup, now=moment)
    rel = f"kim/{slug}/{rel_in_kim}"
    with speaking(root), tempfile.TemporaryDirectory(prefix="kimgen-editor-") as temp:
        found = Problems()
        folder = root / "kim" / slug
        sources = kim_sources(root, folder, found)
        stand_in = Path(temp) / Path(rel_in_kim).name
        stand_in.write_text(text, encoding="utf-8")
        if rel_in_kim == PROFILE:
            sources.dir = Path(temp)  # profil.yaml is read from the KIM's folder; posts and media keep their paths
        else:
            sources.posts = [s for s in sources.posts if s.rel != rel] + [SourceFile(stand_in, rel, kind)]
        kim, problems = load_kim(sources, setup.province, setup.now, setup.md)
        found.extend(problems)
    if kim is not None:
        kim.root = str(folder)
    return Checked(rel, [p for p in found.items if p.path == rel], kim, setup)


def problems_by_file(root: Path, slug: str) -> tuple[Kim | None, Setup, dict[str, list[Problem]]]:
    """The KIM as the build reads it, and every problem `kimgen check` finds in it, by file."""
    setup = province(root)
    with speaking(root):
        kim, problems = read_kim(setup, slug)
    found: dict[str, list[Problem]] = {}
    for problem in problems.items:
        found.setdefault(problem.path, []).append(problem)
    return kim, setup, found


def preview(root: Path, cache: Path, checked: Checked, page: str = "") -> tuple[str, dict[str, bytes | Path]] | None:
    """(site path of the page to show, every output it needs), or None when the candidate is not a page.

    Only the candidate is rendered, and only the photos it shows are resized: a KIM with years of
    posts previews as fast as a new one."""
    kim = checked.kim
    if kim is None:
        return None
    if checked.rel.endswith("/" + PROFILE):
        posts, target = [], f"{kim.slug}/profil/index.html"
    else:
        posts = [p for p in kim.posts if p.source == checked.rel]
        if not posts:
            return None
        target = f"{kim.slug}/{posts[0].url}index.html"
    shown = [p.image for p in posts] + [p.audio for p in posts] + [g["image"] for p in posts for g in p.gallery]
    used = {m for m in kim.media if m in shown or any(m in p.body for p in posts)
            or m in {kim.profile.logo, kim.profile.sampul}}
    alone = dataclasses.replace(kim, posts=posts, media=sorted(used))
    with speaking(root):
        ctx = Context(root, cache / "keluaran", None, False, cache)
        if ctx.setup is None:
            return None
        if checked.setup is not None:
            ctx.renderer.now = max(ctx.renderer.now, checked.setup.now)
        ctx.renderer.own_domains = {}
        outputs = kimsite.render_kim(alone, ctx.renderer, ctx.banners, ctx.assets)
    # the page itself and the files it loads (stylesheet, photos); the KIM's other pages are not kept
    return target, {path: data for path, data in outputs.items() if path == target or isinstance(data, Path)}
