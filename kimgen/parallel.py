"""Building KIMs, one per task, in this process or in worker processes.

A worker sets up the province once (theme, compiled templates, one Markdown converter,
Babel formats), then reads, renders and publishes whole KIMs, and sends back only a small
Outcome (summary, problems, time facts, counts): page bytes never cross processes, so
memory follows the largest KIM, not the size of the province.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path

from kimgen import assemble, forked, kimsite, partial, search
from kimgen.cache import DiskMemo, code_stamp, digest, file_stamp, load_pickle, save_pickle
from kimgen.config import Province
from kimgen.discovery import SourceFile, kim_sources
from kimgen.i18n import translator
from kimgen.markup import DocContext, KimMarkdown
from kimgen.messages import msg
from kimgen.model import LATEST, Kim, KimSummary, Post
from kimgen.parsing import read_post
from kimgen.problems import Problem, Problems
from kimgen.readcache import CachingReader
from kimgen.yamlfile import remembering
from kimgen.render import Renderer
from kimgen.write import WriteStats, empty_trash, keep_trash_in


_ABSENT = "\0absent"  # what a lookup of a missing key answered
_WHOLE = "\0whole"  # a key standing for "the converter went through the whole table"


class _Watched:
    """One of the KIM's tables (post URLs or media), noting what the converter asks of it."""

    def __init__(self, name: str, table, notes: list):
        self.name, self.table, self.notes = name, table, notes

    def __contains__(self, key) -> bool:
        self.notes.append((self.name, key))
        return key in self.table

    def __getitem__(self, key):
        self.notes.append((self.name, key))
        return self.table[key]

    def __iter__(self):
        self.notes.append((self.name, _WHOLE))  # a "did you mean" over every name
        return iter(self.table)


class CachingMarkdown(DiskMemo, KimMarkdown):
    """Markdown conversion remembered by content hash, with the problems it reported.

    The key covers the body and where the document lives. The KIM's tables of post URLs and
    media are not in it: a new post would change them and so every other post's key. Instead
    each entry keeps what the conversion asked of them (is `berita/x.md` a post, and its URL)
    with the answers, and is used only while the tables give the same answers.
    """

    def __init__(self, backlink_title: str):
        # the Markdown object is built on the first cache miss: a rebuild that hits the cache never needs it
        self.backlink_title = backlink_title
        self.md = None
        self.ctx = None
        self.store: dict[str, tuple[str, list[Problem], tuple]] = {}
        self.used: dict[str, tuple[str, list[Problem], tuple]] = {}
        self._wholes: tuple[int, int, dict] | None = None

    def _answer(self, ctx: DocContext, name: str, key: str) -> object:
        table = ctx.post_urls if name == "post" else ctx.media
        if key != _WHOLE:
            return ctx.post_urls.get(key, _ABSENT) if name == "post" else key in table
        ident = (id(ctx.post_urls), id(ctx.media))
        if self._wholes is None or self._wholes[:2] != ident:
            self._wholes = (*ident, {})
        found = self._wholes[2]
        if name not in found:
            found[name] = digest(sorted(ctx.post_urls.items()) if name == "post" else sorted(ctx.media))
        return found[name]

    def convert(self, ctx: DocContext) -> str:
        key = digest(ctx.body, ctx.kim_slug, ctx.doc_rel, ctx.source_rel, ctx.first_line, code_stamp())
        hit = self.store.get(key)
        if hit is not None and (len(hit) != 3 or any(self._answer(ctx, name, k) != answer
                                                     for name, k, answer in hit[2])):
            hit = None  # a link's target appeared, moved or went
        if hit is None:
            if self.md is None:
                KimMarkdown.__init__(self, self.backlink_title)
            found, notes = Problems(), []
            watched = dataclasses.replace(ctx, problems=found, post_urls=_Watched("post", ctx.post_urls, notes),
                                          media=_Watched("media", ctx.media, notes))
            html = super().convert(watched)
            asked = tuple((name, k, self._answer(ctx, name, k)) for name, k in dict.fromkeys(notes))
            hit = (html, found.items, asked)
        self.used[key] = hit
        ctx.problems.extend(list(hit[1]))
        return hit[0]


def pending_facts(sources: list[SourceFile], published: list[Post], province: Province,
                  now: dt.datetime, read=read_post) -> list[tuple[str, object]]:
    """Publication times of posts scheduled after `now` (drafts never publish by themselves)."""
    from zoneinfo import ZoneInfo

    shown = {p.source for p in published}
    zone = ZoneInfo(province.timezone)
    facts = []
    for source in sources:
        if source.rel in shown:
            continue
        raw = read(source, Problems(), province.batas_markdown_kb * 1024, zone)  # as assemble reads it
        if raw and not raw.values.get("draf") and raw.values.get("tanggal") and raw.values["tanggal"] > now:
            facts.append(("due", raw.values["tanggal"]))
    return facts


def shown_facts(posts: list[Post]) -> list[tuple[str, object]]:
    """What a page shows that the clock alone can change: upcoming or past events
    (calendar.split), banners and current or archived announcements (berlaku_sampai)."""
    from kimgen.calendar import event_end

    facts: list[tuple[str, object]] = []
    for p in posts:
        if p.kind == "agenda" and p.start:
            facts.append(("upcoming", event_end(p)))
        if p.kind == "pengumuman" and p.valid_until:
            facts.append(("valid", p.valid_until))
    return sorted(facts, key=repr)


FORMATS = "i18n.pickle"  # in the cache folder: dates and numbers Babel formatted (i18n.Translator.learn)


class Context:
    """The province-wide part of a build, set up once per process."""

    def __init__(self, root: Path, out_dir: Path, base_url: str | None, offline: bool, cache_folder: Path | None):
        self.root, self.out_dir, self.cache_folder = root, out_dir, cache_folder
        self.problems = Problems()
        self._formats_held = 0  # dates and numbers the cache's FORMATS file holds
        from kimgen.build import set_up

        self.read = CachingReader()
        province_memo = cache_folder / "posts" / "_provinsi.pickle" if cache_folder else None
        self.read.load(province_memo)
        with remembering(self.read):  # provinsi.yaml and the announcements, by their text
            setup = set_up(root, self.problems, base_url, CachingMarkdown)
        if province_memo is not None:
            self.read.save(province_memo)
        self.province = setup and setup.province
        if setup is None:
            return
        self.now, self.theme, self.md = setup.now, setup.theme, setup.md
        sources, self.announcements = setup.announcement_sources, setup.announcements
        self.facts = pending_facts(sources, self.announcements, self.province, self.now) + \
            shown_facts(self.announcements)
        if cache_folder is not None:  # templates compiled once, not once per build
            import jinja2
            (cache_folder / "jinja").mkdir(parents=True, exist_ok=True)
            self.theme.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache_folder / "jinja"))
        self.renderer = Renderer(self.theme, self.province, translator(self.province.bahasa), offline, self.now,
                                 content_root=root, image_cache=cache_folder and cache_folder / "img")
        self.banners = kimsite.active_banners(self.announcements, self.now.date())
        self.assets = self.theme.static_files()
        saved = load_pickle(cache_folder / FORMATS, None) if cache_folder is not None else None
        if isinstance(saved, tuple) and len(saved) == 5 and saved[:2] == (code_stamp(), self.renderer.tr.lang):
            self.renderer.tr.learn(*saved[2:])
            self._formats_held = sum(map(len, saved[2:]))

    def keep_formats(self) -> None:
        """Save the dates and numbers formatted so far for the next build, when the cache holds fewer
        (the translator lives as long as the process: kimgen serve and tests build into several caches)."""
        if self.cache_folder is not None and self.province is not None:
            formats = self.renderer.tr.formats()
            if sum(map(len, formats)) > self._formats_held:
                save_pickle(self.cache_folder / FORMATS, (code_stamp(), self.renderer.tr.lang, *formats))
                self._formats_held = sum(map(len, formats))


@dataclass
class Outcome:
    """What a worker sends back for one KIM: small, whatever the KIM's size."""

    slug: str
    ok: bool
    summary: KimSummary | None
    problems: list[Problem]
    facts: list = field(default_factory=list)
    stats: WriteStats = field(default_factory=WriteStats)
    stale: list[str] = field(default_factory=list)
    files: int = 0
    search: search.Record | None = None  # the KIM's share of the provincial search index
    formats: tuple | None = None  # dates and numbers a worker formatted (i18n.Translator.since)
    beside: "Beside | None" = None  # still being published by a child process: settle() waits for it
    after: object = None  # what the child's `after` returned once the KIM was published (build_kim)


def summarize(kim: Kim, built: bool) -> KimSummary:
    dated = kim.activity_posts
    latest = [Post(**{**p.__dict__, "body": ""}) for p in [p for p in dated if p.kind != "pengumuman"][:LATEST]]
    factchecks = [Post(**{**p.__dict__, "body": ""}) for p in kim.of_kind("cek-fakta")]
    return KimSummary(kim.slug, kim.profile, len(dated), kim.last_post_date, latest, built,
                      counts={k: len(kim.of_kind(k)) for k, _ in kimsite.SECTIONS},
                      dates=sorted(p.date.date() for p in dated), factchecks=factchecks,
                      pictures={image: file_stamp(Path(kim.root) / image)
                                for image in sorted({p.image for p in latest + factchecks if p.image})})


def build_kim(ctx: Context, slug: str, beside=None) -> Outcome:
    """Read, render and publish one KIM; any failure stays this KIM's problem.

    `beside(summary)`: None, or a function `after(record)` (record: the KIM's for the provincial
    search index) to call in a forked child that renders and publishes the KIM (_publish_beside)
    once it is published; the outcome counts as a success until settle() says otherwise."""
    problems = Problems()
    md_path = ctx.cache_folder / "markdown" / f"{slug}.pickle" if ctx.cache_folder else None
    posts_path = ctx.cache_folder / "posts" / f"{slug}.pickle" if ctx.cache_folder else None
    ctx.md.load(md_path)
    ctx.read.load(posts_path)
    try:
        sources = kim_sources(ctx.root, ctx.root / "kim" / slug, problems)
    except OSError as exc:  # an unreadable folder: say so plainly
        problems.error(f"kim/{slug}", 0, "", msg("kim_folder_unreadable", error=exc.strerror or exc))
        return Outcome(slug, False, None, problems.items)
    with remembering(ctx.read):  # profil.yaml, by its text
        kim, kim_problems = assemble.load_kim(sources, ctx.province, ctx.now, ctx.md, ctx.read, ctx.read.lint)
        facts = kim and pending_facts(sources.posts, kim.posts, ctx.province, ctx.now, ctx.read) + \
            shown_facts(kim.posts)
    problems.extend(kim_problems)
    if md_path is not None:
        ctx.md.save(md_path)
        ctx.read.save(posts_path)
    if kim is None:
        return Outcome(slug, False, None, problems.items)
    outcome = Outcome(slug, False, None, problems.items, facts)
    if not problems.errors:
        r = ctx.renderer
        r.own_domains = {slug: kim.profile.base_url} if kim.profile.base_url else {}
        r.forget_images()
        try:
            after = beside(summarize(kim, True)) if beside is not None else None
            if after is not None:  # the child makes the KIM's own index: here only the provincial record
                record = search.kim_index(kim, r.tr, _labels(r), files=False)[1]
                outcome.beside = _publish_beside(ctx, kim, facts, lambda: after(record))
            if outcome.beside is None:  # in this process (also where no fork was possible)
                (outcome.stats, outcome.stale, outcome.files), record = _render_and_publish(ctx, kim, facts)
            outcome.ok, outcome.search = True, record
        except Exception as exc:  # noqa: BLE001 - one KIM must never stop the province
            outcome.problems.append(Problem(kim.source, 0, "", msg("kim_render_failed",
                                                                   error=f"{type(exc).__name__}: {exc}")))
    outcome.summary = summarize(kim, outcome.ok or (ctx.out_dir / slug / "index.html").is_file())
    return outcome


@dataclass
class Beside:
    """A KIM rendered and published by a forked child while the build goes on: build.py renders
    the portal meanwhile (the other core's work), and writes it once the KIM is published."""

    child: forked.Child
    kim: Kim


def _labels(r: Renderer) -> dict[str, str]:
    return {k: r.tr.t(label) for k, label in kimsite.SECTIONS}


def _render_and_publish(ctx: Context, kim: Kim, facts: list) -> tuple[tuple, search.Record]:
    """The KIM's pages and its own search index, published (partial.render_and_publish); and
    the KIM's record for the provincial index."""
    index_files, record = search.kim_index(kim, ctx.renderer.tr, _labels(ctx.renderer))
    return partial.render_and_publish(ctx, kim, facts, index_files), record


def _publish_beside(ctx: Context, kim: Kim, facts: list, after) -> Beside | None:
    import threading

    # a fork copies only this thread: a lock another one holds (kimgen serve's) would never be released
    if threading.active_count() > 1:
        return None

    def publish() -> tuple:
        tr = ctx.renderer.tr
        before = tr.mark()
        try:
            answer = ("ok", _render_and_publish(ctx, kim, facts)[0], tr.since(before), None)
        except Exception as exc:  # noqa: BLE001 - reported as a render in the build's process would be
            return ("failed", f"{type(exc).__name__}: {exc}")
        finally:
            empty_trash()
        try:
            return answer[:3] + (after(),)
        except Exception:  # noqa: BLE001 - the build's process does that work itself
            return answer

    child = forked.start(publish)
    return Beside(child, kim) if child is not None else None


def settle(ctx: Context, outcome: Outcome) -> None:
    """Wait for a KIM published beside: its counts, or the failure that rendering it in this
    process would have given (a child that died counts as one)."""
    beside, outcome.beside = outcome.beside, None
    if beside is None:
        return
    answer, status = forked.wait(beside.child)
    if answer is not forked.FAILED and answer[0] == "ok":
        (outcome.stats, outcome.stale, outcome.files), formats, outcome.after = answer[1:]
        if formats:
            ctx.renderer.tr.learn(*formats)
        return
    error = answer[1] if answer is not forked.FAILED else f"proses anak berhenti dengan status {status}"
    outcome.ok, outcome.search = False, None
    outcome.problems.append(Problem(beside.kim.source, 0, "", msg("kim_render_failed", error=error)))
    outcome.summary = summarize(beside.kim, (ctx.out_dir / outcome.slug / "index.html").is_file())


# -- running many ---------------------------------------------------------------------------------

_CTX: Context | None = None


def _init(params: tuple) -> None:
    global _CTX
    if _CTX is None or _CTX.root != params[0]:
        _CTX = Context(*params)
    keep_trash_in(params[4] / "trash" if params[4] else None)  # as the main process (a spawned worker starts bare)


def _task(slug: str) -> Outcome:
    assert _CTX is not None
    tr = _CTX.renderer.tr
    before = tr.mark()
    try:
        outcome = build_kim(_CTX, slug)
        outcome.formats = tr.since(before)  # remembered by the main process for the next builds
        return outcome
    finally:
        empty_trash()  # a worker may be stopped as soon as its last task returns


WARM_FROM = 16  # KIMs to build from which the workers share the libraries loaded once, before forking


def _warm(ctx: Context) -> None:
    """Load in the parent what every KIM needs, before forking, so the workers share those pages.

    The libraries are imported lazily for the one-KIM rebuild; loaded in each worker
    instead, they cost every worker its own copy (about 8 MB each: Pillow's plugins,
    icalendar, the Markdown extensions and their converter).
    """
    import icalendar  # noqa: F401 - imported for its pages, not its names
    from PIL import Image

    Image.init()
    if ctx.md.md is None:
        KimMarkdown.__init__(ctx.md, ctx.md.backlink_title)


def run(ctx: Context, params: tuple, slugs: list[str], jobs: int, on_done, beside=None) -> None:
    """Build `slugs`, calling on_done(outcome) as each finishes (in the calling process);
    `beside`: see build_kim(), for a lone KIM with more than one job."""
    if len(slugs) > 1:
        gc.enable()  # cli.run turned it off for a short run: memory must follow one KIM, not many
    if jobs <= 1 or len(slugs) < 2:
        for slug in slugs:
            on_done(build_kim(ctx, slug, beside if jobs > 1 else None))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _CTX
    _CTX = ctx  # forked workers inherit the set-up province and its compiled templates
    if len(slugs) >= WARM_FROM:  # a few KIMs: each worker imports what it needs, if anything
        _warm(ctx)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    gc.freeze()  # forked workers share the set-up province; the collector must not copy its pages
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(slugs)), mp_context=multiprocessing.get_context(method),
                                 initializer=_init, initargs=(params,)) as pool:
            futures = {pool.submit(_task, slug): slug for slug in slugs}
            for future in as_completed(futures):
                slug = futures.pop(future)  # a finished future holds its outcome: let both go once handled
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a dead worker fails its KIM, not the build
                    outcome = Outcome(slug, False, None, [Problem(f"kim/{slug}", 0, "", (
                        f"situs KIM ini gagal dibuat ({type(exc).__name__}: {exc}); keluaran lamanya dipertahankan."))])
                if outcome.formats:
                    ctx.renderer.tr.learn(*outcome.formats)
                on_done(outcome)
    finally:
        _CTX = None
        gc.unfreeze()
