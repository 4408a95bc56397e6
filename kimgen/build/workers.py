"""Building KIMs, one per task, in this process or in worker processes.

A worker sets up the province once (theme, templates, Markdown), then reads, renders and
publishes whole KIMs, and sends back only a small Outcome (summary, problems, time facts,
counts): page bytes never cross processes, so memory follows the largest KIM, not the size
of the province.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.build import records
from kimgen.build.cache import file_hash, posts_record
from kimgen.build.options import BuildOptions, WriteStats
from kimgen.build.publish import publish_folder
from kimgen.build.reading import Setup, read_kim, set_up, time_facts
from kimgen.problems import Problem, Problems
from kimgen.problems.messages import msg, speaking
from kimgen.render import search
from kimgen.render.i18n import translator
from kimgen.render import kimsite, showcase
from kimgen.render.theme import Renderer
from kimgen.site.model import KimSummary, summarize


class Context:
    """The province-wide part of a build, set up once per process."""

    def __init__(self, root: Path, out_dir: Path, base_url: str | None, offline: bool, cache_folder: Path,
                 now=None):
        self.root, self.out_dir, self.cache_folder = root, out_dir, cache_folder
        self.problems = Problems()
        self.setup: Setup | None = set_up(root, self.problems, base_url, now)
        if self.setup is None:
            return
        s = self.setup
        self.renderer = Renderer(s.theme, s.province, translator(s.province.bahasa), offline, s.now,
                                 content_root=root, image_cache=cache_folder / "img")
        self.banners = kimsite.active_banners(s.announcements, s.now.date())
        self.assets = s.theme.static_files()

    @classmethod
    def of(cls, o: BuildOptions) -> "Context":
        return cls(o.root, o.out_dir, o.base_url, o.offline, o.cache_folder)


@dataclass
class Outcome:
    """What a worker sends back for one KIM: small, whatever the KIM's size."""

    slug: str
    ok: bool
    summary: KimSummary | None
    problems: list[Problem]
    facts: list = field(default_factory=list)
    stats: WriteStats = field(default_factory=WriteStats)
    stale: list[str] = field(default_factory=list)  # files to remove once the portal no longer links them
    files: int = 0
    search: search.Record | None = None  # the KIM's share of the provincial search index
    published: dict[str, str] = field(default_factory=dict)  # site path -> SHA-256 of what was published
    fault: str = ""  # the machine failed (disk full, read-only, permissions): not the content's doing
    held: list[str] = field(default_factory=list)  # posts held back for their errors


def build_kim(ctx: Context, slug: str) -> Outcome:
    """Read, render and publish one KIM; any failure stays this KIM's problem. Posts with errors are
    held back alone (reading.read_kim), with the version this output last published."""
    published = posts_record(ctx.cache_folder, ctx.out_dir, slug)
    last_good = records.load(published, {})
    last_good = last_good if isinstance(last_good, dict) else {}
    kim, problems = read_kim(ctx.setup, slug, last_good)
    if kim is None:
        return Outcome(slug, False, None, problems.items)
    # the profile counts activities by calendar month: the KIM changes when the month does
    facts = time_facts(kim.posts, kim.scheduled) + [("valid", showcase.month_end(ctx.setup.now.date()))]
    outcome = Outcome(slug, False, None, problems.items, facts, held=kim.held)
    # only an unreadable profile keeps a whole KIM at its last good output (read_kim gave None)
    r = ctx.renderer
    r.own_domains = {slug: kim.profile.base_url} if kim.profile.base_url else {}
    r.forget_images()
    try:
        undecodable = kimsite.photo_failures(kim, r)
        if undecodable:  # found only by decoding: read again, so the posts using them are held back
            again, problems = read_kim(ctx.setup, slug, last_good, undecodable)
            if again is None:
                return Outcome(slug, False, None, problems.items)
            kim = again
            outcome.problems, outcome.held = problems.items, kim.held
            outcome.facts = time_facts(kim.posts, kim.scheduled) + [("valid", showcase.month_end(ctx.setup.now.date()))]
        outputs = kimsite.render_kim(kim, r, ctx.banners, ctx.assets)
        labels = {k: r.tr.t(label) for k, label in kimsite.SECTIONS}
        index_files, outcome.search = search.kim_index(kim, r.tr, labels)
        outputs.update(index_files)
        outcome.stats, outcome.stale = publish_folder(ctx.out_dir, slug, outputs, set())
        outcome.ok, outcome.files, outcome.published = True, len(outputs), fingerprints(outputs)
        records.save(published, {post.source: post for post in kim.posts})
    except OSError as exc:
        outcome.search, outcome.fault = None, f"{slug}: {exc.strerror or exc} ({exc.filename or ''})"
    except Exception as exc:  # noqa: BLE001 - one KIM must never stop the province
        outcome.search = None
        outcome.problems.append(Problem(kim.source, 0, "", msg("kim_render_failed",
                                                               error=f"{type(exc).__name__}: {exc}")))
    outcome.summary = summary = summarize(kim, outcome.ok or (ctx.out_dir / slug / "index.html").is_file())
    shown = {p.image for p in summary.latest + summary.factchecks if p.image}
    summary.pictures = {image: file_hash(Path(kim.root) / image) for image in sorted(shown)}
    return outcome


def fingerprints(outputs: dict[str, bytes | Path]) -> dict[str, str]:
    """SHA-256 of every output, for `kimgen verify` to compare a deployed copy with."""
    found = {}
    for rel, data in outputs.items():
        if isinstance(data, Path):
            with open(data, "rb") as handle:
                found[rel] = hashlib.file_digest(handle, "sha256").hexdigest()
        else:
            found[rel] = hashlib.sha256(data).hexdigest()
    return found


# -- running many ---------------------------------------------------------------------------------

_worker: list[Context] = []  # in a worker process: its context (_start)


def _start(given: Context | tuple) -> None:
    """A forked worker takes the build's own context (the set-up province, compiled templates and
    imported libraries are shared with it, not copied); any other sets one up from `given`."""
    _worker.append(given if isinstance(given, Context) else Context(*given))


def _task(slug: str) -> Outcome:
    with speaking(_worker[0].root):
        return build_kim(_worker[0], slug)


def run(o: BuildOptions, ctx: Context, slugs: list[str], on_done) -> None:
    """Build `slugs`, calling on_done(outcome) as each finishes, in the calling process."""
    if o.workers <= 1 or len(slugs) < 2:
        for slug in slugs:
            on_done(build_kim(ctx, slug))
        return
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fork is unsafe beside other threads (kimgen serve's server): a lock one of them holds
    # would never be released in the child
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else \
        "forkserver" if "forkserver" in methods else "spawn"
    # a worker not forked from this process (a forkserver started earlier) has an environment of
    # its own: it is given the build's "today" rather than reading the clock again
    given = ctx if method == "fork" else (o.root, o.out_dir, o.base_url, o.offline, o.cache_folder, ctx.setup.now)
    with ProcessPoolExecutor(max_workers=min(o.workers, len(slugs)), mp_context=multiprocessing.get_context(method),
                             initializer=_start, initargs=(given,)) as pool:
        futures = {pool.submit(_task, slug): slug for slug in slugs}
        for future in as_completed(futures):
            slug = futures.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker fails its KIM, not the build
                outcome = Outcome(slug, False, None, [Problem(f"kim/{slug}", 0, "", msg(
                    "kim_render_failed", error=f"{type(exc).__name__}: {exc}"))])
            on_done(outcome)
