"""`kimgen build`, top to bottom: plan -> province -> KIMs -> portal -> clean up.

1. plan: hash every input (a stat per file when nothing changed) and decide, from the
   cache, which KIMs must be built; an unchanged KIM is skipped whole.
2. province: provinsi.yaml, theme and province-wide announcements, read only when
   something is to be built.
3. KIMs: each is read, rendered and published on its own (in worker processes with
   --jobs), so one KIM with errors keeps its last good output while every other is built.
4. portal: the provincial pages, from small summaries of all KIMs (cached for skipped ones).
5. clean up: files of deleted content go last, once nothing links to them.

Heavy libraries (Jinja, Markdown, Babel) are imported only when something is built.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kimgen import cache as cachemod
from kimgen.messages import msg
from kimgen.problems import Problem, Problems
from kimgen.write import (STAGING, WriteStats, empty_trash, keep_trash_in, recover, remove_files, remove_stale,
                          retire_folder, sweep_trash, write_outputs)

if TYPE_CHECKING:
    import datetime as dt

    from kimgen.config import Province
    from kimgen.markup import KimMarkdown
    from kimgen.model import Kim, KimSummary, Post, Site
    from kimgen.render import Theme

KEEP_IN_MEMORY = 32  # KIMs whose summaries a build holds for the portal rather than reading back
SEARCH_INDEX = "cari/indeks"  # the provincial search index: written by its own step, not the portal's


class BuildError(Exception):
    """The build cannot start (usage or environment): exit code 2."""


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    stats: WriteStats = field(default_factory=WriteStats)
    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since the last build
    search: str = "none"  # the provincial search index: written | updated | unchanged | none
    seconds: float = 0.0
    portal: str = "none"  # built | skipped | none (--kim, --shard)
    report_path: Path | None = None
    _site: "Site | None" = None
    _site_loader: object = None

    @property
    def site(self) -> "Site | None":
        """The provincial model; loaded from the cache on first use when the portal was skipped."""
        if self._site is None and self._site_loader is not None:
            self._site = self._site_loader()
        return self._site

    @site.setter
    def site(self, value: "Site | None") -> None:
        self._site = value

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def build_now(province: "Province") -> "dt.datetime":
    return cachemod.clock(province.timezone)


def summarize(kim: "Kim", built: bool) -> "KimSummary":
    from kimgen.parallel import summarize as make

    return make(kim, built)


@dataclass
class Reading:
    """Everything read from a content root, before anything is rendered."""

    province: "Province"
    now: "dt.datetime"
    theme: "Theme"
    md: "KimMarkdown"
    announcements: list["Post"]
    sources: list
    kims: list[tuple["Kim | None", Problems, str]]


def read(root: Path, problems: Problems, base_url: str | None = None, only: list[str] | None = None) -> Reading | None:
    """Configuration, discovery and every file read and checked (check, report, --strict)."""
    from kimgen.messages import speaking

    with speaking(root):  # problem messages follow provinsi.yaml's `bahasa`
        return _read(root, problems, base_url, only)


@dataclass
class Setup:
    """The province-wide start of every read and build: configuration, clock, theme, announcements."""

    province: "Province"
    now: "dt.datetime"
    theme: "Theme"
    md: "KimMarkdown"
    announcement_sources: list
    announcements: list["Post"]


def set_up(root: Path, problems: Problems, base_url: str | None, markdown_class=None) -> Setup | None:
    from kimgen import assemble
    from kimgen.config import read_province
    from kimgen.i18n import translator
    from kimgen.markup import KimMarkdown
    from kimgen.render import Theme, ThemeError

    province = read_province(root, problems, base_url)
    if province is None:
        return None
    now = build_now(province)
    try:
        theme = Theme(province.tema, root / "tema")
    except ThemeError as exc:
        raise BuildError(str(exc)) from None
    md = (markdown_class or KimMarkdown)(translator(province.bahasa).t("back_to_note"))
    sources, announcements = assemble.load_announcements(root, province, now, md, problems)
    return Setup(province, now, theme, md, sources, announcements)


def _read(root: Path, problems: Problems, base_url: str | None, only: list[str] | None) -> Reading | None:
    from kimgen import assemble
    from kimgen.discovery import discover_kims

    setup = set_up(root, problems, base_url)
    if setup is None:
        return None
    sources = discover_kims(root, problems, only)
    if only:
        unknown = sorted(set(only) - {s.slug for s in sources})
        if unknown:
            raise BuildError(f"KIM tidak ditemukan: {', '.join(unknown)} (nama folder di bawah kim/).")
    kims = []
    for source in sources:
        kim, kim_problems = assemble.load_kim(source, setup.province, setup.now, setup.md)
        problems.extend(kim_problems)
        kims.append((kim, kim_problems, source.slug))
    return Reading(setup.province, setup.now, setup.theme, setup.md, setup.announcements, sources, kims)


def in_shard(slug: str, shard: tuple[int, int] | None) -> bool:
    """A stable share of the KIMs: the same on every runner, whatever else exists."""
    if shard is None:
        return True
    index, count = shard
    return int(cachemod.digest(slug)[:8], 16) % count == index - 1


def build(root: Path, out_dir: Path, *, base_url: str | None = None, only: list[str] | None = None,
          strict: bool = False, clean: bool = False, offline: bool = False, progress=None,
          portal_from: list["KimSummary"] | None = None, jobs: int | None = None, cache_dir: Path | None = None,
          shard: tuple[int, int] | None = None, portal_only: bool = False) -> BuildResult:
    """Build the province into `out_dir` (see the module docstring for the stages).

    `only`: these KIMs alone, no portal, unless `portal_from` gives every KIM's summary from
    an earlier build (kimgen serve): the portal is then rendered too, from the cache's
    summaries or those. `jobs`: worker processes (1: in this process). `shard=(i, n)`: the
    i-th of n stable shares of the KIMs, no portal; `portal_only`: the portal alone, from
    the summaries the shards left in the cache.
    """
    from kimgen.messages import speaking

    with speaking(root):  # problem messages follow provinsi.yaml's `bahasa`
        return _build(root, out_dir, base_url=base_url, only=only, strict=strict, clean=clean, offline=offline,
                      progress=progress, portal_from=portal_from, jobs=jobs, cache_dir=cache_dir, shard=shard,
                      portal_only=portal_only)


def _build(root: Path, out_dir: Path, *, base_url, only, strict, clean, offline, progress, portal_from, jobs,
           cache_dir, shard, portal_only) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    if strict:
        # pull-request checks: any error or warning stops the build before anything is written
        problems = Problems()
        reading = read(root, problems, base_url, only)
        result.problems = problems.items
        if reading is None or problems:
            return result
    clock = cachemod.clock
    cache_folder = Path(cache_dir) if cache_dir else root / ".kimgen-cache"
    cache = cachemod.Cache(cache_folder, out_dir, shard)
    if clean:
        if out_dir.exists():
            _clean(out_dir, root)
        cache.clear()
    cachemod.ensure_ignored(cache_folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    keep_trash_in(cache_folder / "trash")  # replaced versions are deleted there, at leisure
    sweep_trash()

    # 1. plan
    state = cache.load_state()
    ctx = None
    params = (root, out_dir, base_url, offline, cache_folder)

    def context():
        nonlocal ctx
        if ctx is None:
            from kimgen.parallel import Context
            ctx = Context(*params)
        return ctx

    def ahead() -> None:
        """Once the scan finds a change, the province is read and the renderer imported while
        its child process goes on stat-ing (a changed input almost always means a KIM to build)."""
        context()
        from kimgen import newest, partial, portal, search  # noqa: F401

    inputs = cachemod.scan(root, None, cache.manifest, parallel=jobs != 1 and (os.cpu_count() or 1) > 1,
                           meanwhile=ahead)
    global_key = cachemod.digest(cachemod.FORMAT, sorted(inputs.theme.items()), sorted(inputs.province.items()),
                                 base_url, offline)

    now = clock(state.zone) if state.global_key == global_key and state.zone else None
    province_changed = now is None or cachemod.outcome(state.global_facts, now) != state.global_outcome
    if province_changed:
        # 2. the province changed (or its time facts flipped): read it now
        c = context()
        if c.province is None:
            result.problems = c.problems.items
            return result
        now = c.now
        state = cachemod.State(global_key=global_key, global_facts=c.facts, zone=c.province.timezone,
                               global_outcome=cachemod.outcome(c.facts, now), global_problems=c.problems.items,
                               kims=state.kims, stale=state.stale)
    problems = Problems()
    problems.extend(state.global_problems)
    slugs = all_slugs = _kim_folders(root, inputs, problems)
    if only:
        unknown = sorted(set(only) - set(slugs))
        if unknown:
            raise BuildError(f"KIM tidak ditemukan: {', '.join(unknown)} (nama folder di bawah kim/).")
        slugs = [s for s in slugs if s in only]
    mine = [s for s in slugs if in_shard(s, shard)]
    keys = {s: cachemod.digest(global_key, state.global_outcome, inputs.kims[s]) for s in mine}

    todo = []
    for slug in ([] if portal_only else mine):
        entry = state.kims.get(slug)
        if entry and entry.key == keys[slug] and cachemod.outcome(entry.facts, now) == entry.outcome \
                and (not entry.ok or (out_dir / slug / "index.html").is_file()):
            problems.extend(entry.problems)
            (result.skipped if entry.ok else result.failed).append(slug)
            result.stats.unchanged += entry.files
        else:
            todo.append(slug)

    # 3. the KIMs that changed
    # Summaries and search records go to the cache as each KIM finishes and are read back for
    # the portal: held here, those of a whole province would sit in memory beside the workers.
    summaries: dict = {}  # of the few KIMs an incremental build changed
    searched: dict = {}  # KIM -> (old, new) search.Record, when the index is updated in place
    keep = len(todo) <= KEEP_IN_MEMORY
    stale: list[str] = state.stale  # left by a build stopped before its clean-up
    indexed = state.province_indexed  # the provincial search index matches the cached records
    whole_index = province_changed or portal_only or not indexed or not keep
    pending: list = []  # a lone KIM a child process publishes while the portal is rendered here
    indexed_beside: list = []  # the provincial search index the child patched after publishing it
    portal_follows = (not only or portal_from is not None) and shard is None
    if todo:
        if state.province_indexed:  # from here until the index is updated, a killed build leaves it unknown
            state.province_indexed = False
            cache.save_state(state)
        c = context()
        c.render_base = cachemod.digest(global_key, state.global_outcome)  # what partial.py may reuse pages under
        if province_changed and not only and c.announcements:
            _announcements_first(c, out_dir, result)
        done = [0]

        def finished(outcome) -> None:
            if outcome.beside is not None:  # counted once settled; meanwhile the portal reads its summary
                pending.append(outcome)
                summaries[outcome.slug] = outcome.summary
                state.kims[outcome.slug] = cachemod.KimEntry(  # in memory only until settle()
                    keys[outcome.slug], outcome.facts, cachemod.outcome(outcome.facts, now), True, 0,
                    cachemod.digest(outcome.summary), outcome.problems)
                return
            done[0] += 1
            problems.extend(outcome.problems)
            result.stats.add(outcome.stats)
            stale.extend(outcome.stale)
            (result.built if outcome.ok else result.failed).append(outcome.slug)
            summary, good = outcome.summary, outcome.summary if outcome.ok else None
            # the old record is needed to patch the index in place, or to keep a failed KIM searchable
            known = None if outcome.ok and whole_index else cache.load_search(outcome.slug)
            found = outcome.search if outcome.ok else known
            if not whole_index:
                searched[outcome.slug] = (known, found)
            if not outcome.ok:
                # the KIM keeps its last good output, so the portal must show what that output
                # holds, never posts of the failed read whose pages were not written
                good = (cache.load_kim(outcome.slug) or {}).get("good")
                summary = good or (summary and replace(summary, latest=[], factchecks=[]))
            if keep:
                summaries[outcome.slug] = summary
            entry = state.kims[outcome.slug] = cachemod.KimEntry(
                keys[outcome.slug], outcome.facts, cachemod.outcome(outcome.facts, now), outcome.ok, outcome.files,
                cachemod.digest(summary), outcome.problems)  # by repr: pickled bytes follow object sharing
            cache.save_kim(outcome.slug, {"summary": summary, "entry": entry, "good": good})
            if found is not known:
                cache.save_search(outcome.slug, found)
            if progress:
                progress(done[0], len(todo), outcome.slug)

        known = state.kims.get(todo[0]) if len(todo) == 1 else None

        def beside(summary):
            """Publish a lone KIM beside the portal's rendering when the portal changes with it."""
            if known is not None and cachemod.digest(summary) == known.summary_digest:
                return None

            def after(record) -> tuple | None:
                """In the child, once the KIM is published: the provincial search index patched in
                place (a whole write is left to this process, which has every record then)."""
                pairs = {**searched, todo[0]: (cache.load_search(todo[0]), record)}
                plan = _search_plan(out_dir, state, all_slugs, pairs, whole_index)
                if plan[0] == "written":
                    return None
                stats = WriteStats()
                how = _province_search(out_dir, cache, state, all_slugs, pairs, whole_index, stats, plan)
                return how, stats, state.province_indexed, state.search_files

            return after

        from kimgen import parallel
        parallel.run(c, params, todo, jobs or os.cpu_count() or 1, finished,
                     beside if portal_follows and not portal_only and (os.cpu_count() or 1) > 1 else None)
        if not pending:
            state.stale = stale
            cache.save_state(state)  # a build killed from here on leaves the skip decisions and the clean-up right

    def settle() -> bool:
        """Wait for the KIM published beside, and count it; True if it failed after all, so that
        the portal rendered meanwhile from its new summary must be made again."""
        if not pending:
            return False
        from kimgen import parallel

        outcome = pending.pop()
        parallel.settle(context(), outcome)
        if outcome.ok and outcome.after is not None:
            indexed_beside.append(outcome.after)
        finished(outcome)
        state.stale = stale
        cache.save_state(state)
        return not outcome.ok

    # 4. the provincial portal, from the summaries of all KIMs
    if portal_follows:
        slugs = all_slugs
        earlier = {k.slug: k for k in portal_from or []}
        deleted = sorted(set(state.kims) - set(slugs))
        for slug in deleted:
            del state.kims[slug]
            cache.drop_kim(slug)
        if portal_only:  # merge what the shards left in the cache (each its own state file)
            for slug in slugs:
                record = cache.load_kim(slug)
                if record and isinstance(record.get("entry"), cachemod.KimEntry):
                    state.kims[slug] = record["entry"]
                    problems.extend(record["entry"].problems)
                    (result.skipped if record["entry"].ok else result.failed).append(slug)
        missing = [s for s in slugs if s not in state.kims]
        if portal_only and missing:
            raise BuildError(f"ringkasan KIM tidak ada di cache ({', '.join(missing[:5])}"
                             f"{', ...' if len(missing) > 5 else ''}); bangun dulu semua shard ke cache ini.")
        def summary_of(slug: str):
            return summaries[slug] if slug in summaries else \
                (cache.load_kim(slug) or {}).get("summary") or earlier.get(slug)

        def load_site():
            from kimgen.model import Site
            c = context()
            kims = [summary_of(s) for s in slugs]
            return Site(c.province, now.date(), c.announcements, [k for k in kims if k is not None])

        def board_site():
            """The site from the board of the last portal (newest.py), with the few changed KIMs'
            summaries put in; from every summary when more changed."""
            from kimgen import newest
            from kimgen.model import Site
            c = context()
            digests = {s: state.kims[s].summary_digest for s in slugs if s in state.kims}
            board = cache.load_board() if portal_from is None else None
            if board is not None:
                changed = {s for s in digests if board.digests.get(s) != digests[s]}
                changed |= set(board.digests) - set(digests)  # gone
                if len(changed) > newest.CHANGED_MAX:
                    board = None
                else:
                    fresh = {s: summary_of(s) if s in digests else None for s in changed}
                    lost = any(fresh[s] is None for s in changed if s in digests)
                    board = None if lost else newest.update(board, fresh, digests)
            if board is None:  # every KIM's summary, one at a time
                board = newest.make((k for k in map(summary_of, slugs) if k is not None), digests)
            cache.save_board(board)
            return Site(c.province, now.date(), c.announcements, [board.kims[s] for s in slugs if s in board.kims],
                        newest=newest.newest(board))

        while True:  # twice when a KIM published beside fails: its portal summary is then another
            portal_key = cachemod.digest(global_key, state.global_outcome, now.date(),
                                         [(s, state.kims[s].summary_digest) for s in slugs if s in state.kims])
            if portal_key == state.portal_key and (out_dir / "index.html").is_file():
                if settle():
                    continue
                result.portal = "skipped"
                result.stats.unchanged += state.portal_files
                result._site_loader = load_site
                break
            from kimgen import partial, portal
            c = context()
            site = board_site()
            c.renderer.own_domains = {k.slug: k.profile.base_url for k in site.kims if k.profile.base_url}
            # pages whose inputs did not change are kept as published (partial.py)
            render_key = cachemod.digest(global_key, state.global_outcome, now.date())
            reuse = partial.portal_reuse(cache.dir, render_key, c.announcements, {k.slug: k for k in site.kims},
                                         out_dir)
            try:
                outputs = portal.render_portal(site, c.renderer, c.assets, reuse)
                if settle():  # written only now: the portal never links to pages not yet published
                    continue
                partial.forget_portal(cache.dir)  # until saved below, it may not match what is published
                result.stats.add(write_outputs(out_dir, outputs))
                result.stats.unchanged += len(reuse.kept)
                for slug in deleted:  # no page links to them any more
                    retire_folder(out_dir, slug)
                result.stats.removed += remove_stale(out_dir, "", set(outputs) | reuse.kept,
                                                     set(slugs) | {SEARCH_INDEX, STAGING})
                state.portal_key, state.portal_files = portal_key, len(outputs) + len(reuse.kept)
                partial.save_portal(cache.dir, render_key, reuse)
                result.portal = "built"
            except Exception as exc:  # noqa: BLE001 - the KIM sites are already written
                problems.error("provinsi.yaml", 0, "", msg("portal_failed", error=f"{type(exc).__name__}: {exc}"))
                result.portal = "failed"
            result.site = site
            break
        settle()  # after a portal that failed to render

        # the provincial search index, updated where the changed KIMs' terms are
        if indexed_beside:
            result.search, stats, state.province_indexed, state.search_files = indexed_beside.pop()
            result.stats.add(stats)
        else:
            result.search = _province_search(out_dir, cache, state, slugs, searched, whole_index, result.stats)

    settle()
    result.built.sort()
    result.failed.sort()

    # 5. stale files go last: nothing links to them any more
    result.stats.removed += remove_files(out_dir, sorted(set(stale)))
    empty_trash()
    if (out_dir / STAGING).is_dir() and not any((out_dir / STAGING).iterdir()):
        (out_dir / STAGING).rmdir()
    state.stale = []
    cache.save_state(state)
    cache.manifest.save()
    if ctx is not None:
        ctx.keep_formats()
    result.problems = problems.items
    result.seconds = time.perf_counter() - started
    result.report_path = _report(cache, result, jobs, shard)
    return result


def _search_plan(out_dir: Path, state: "cachemod.State", slugs: list[str], searched: dict,
                 full: bool) -> tuple[str, dict | None, list | None]:
    """What the provincial index needs: ("unchanged", ...), ("updated", files, files emptied) when
    only some KIMs changed, or ("written", ...) to write it whole. Made before it is written."""
    from kimgen import search

    order = sorted(s for s in slugs if s in searched and searched[s][1] is not None
                   or s not in searched and s in state.search_kims)
    changes = {s: pair for s, pair in searched.items() if pair[0] != pair[1]}
    if not full and order == state.search_kims:
        if not changes:
            return "unchanged", None, None

        def current(rel: str) -> bytes | None:
            try:
                return (out_dir / rel).read_bytes()
            except OSError:
                return None

        update = search.province_update(current, order, changes)
        if update is not None:
            return "updated", *update
    return "written", None, None


def _province_search(out_dir: Path, cache: "cachemod.Cache", state: "cachemod.State", slugs: list[str],
                     searched: dict, full: bool, stats: WriteStats, plan: tuple | None = None) -> str:
    """Update the provincial index in place when only some KIMs changed; else write it whole.
    `plan`: _search_plan() made earlier, for the same records."""
    from kimgen import search

    how, files, emptied = plan or _search_plan(out_dir, state, slugs, searched, full)
    if how == "unchanged":
        stats.unchanged += state.search_files
        state.province_indexed = True
        return how
    if how == "updated":
        stats.add(write_outputs(out_dir, files))
        stats.removed += remove_files(out_dir, emptied)
        total = sum(len(os.listdir(out_dir / SEARCH_INDEX / d)) for d in ("d", "t")) + 1
        stats.unchanged += total - len(files)
        state.province_indexed, state.search_files = True, total
        return how
    indexed: list[str] = []

    def records():  # one at a time: the index is written as they come (search.province_files)
        for slug in sorted(slugs):
            record = cache.load_search(slug)
            if record is not None:
                indexed.append(slug)
                yield slug, record

    written: set[str] = set()
    batch: dict[str, bytes] = {}
    for rel, data in search.province_files(records()):
        batch[rel] = data
        written.add(rel)
        if len(batch) >= 64:
            stats.add(write_outputs(out_dir, batch))
            batch = {}
    stats.add(write_outputs(out_dir, batch))
    stats.removed += remove_stale(out_dir, SEARCH_INDEX, written, set())
    state.search_kims, state.province_indexed, state.search_files = indexed, True, len(written)
    return "written"


def _kim_folders(root: Path, inputs: "cachemod.Inputs", problems: Problems) -> list[str]:
    from kimgen.discovery import RESERVED_TOP, is_kim_folder
    from kimgen.slugs import is_slug

    kim_root = root / "kim"
    # scan() saw which entries are folders and not symlinks: those with a good name need no stat
    return [name for name in inputs.kim_folders
            if name in inputs.kims and is_slug(name) and name not in RESERVED_TOP
            or is_kim_folder(kim_root / name, problems)]


def _announcements_first(c, out_dir: Path, result: BuildResult) -> None:
    """KIM banners link to the province's announcement pages: make sure those exist first."""
    from kimgen import portal
    from kimgen.model import Site

    outputs = portal.render_portal(Site(c.province, c.now.date(), c.announcements, []), c.renderer, c.assets)
    new = {rel: data for rel, data in outputs.items()
           if rel.startswith("pengumuman/") and not (out_dir / rel).exists()}
    if new:
        write_outputs(out_dir, new)


def _report(cache: "cachemod.Cache", result: BuildResult, jobs: int | None, shard) -> Path:
    """A machine-readable report for monitoring, in the cache (never published)."""
    import json

    s = result.stats
    data = {
        "selesai": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "detik": round(result.seconds, 3),
        "jobs": jobs or os.cpu_count() or 1,
        "shard": f"{shard[0]}/{shard[1]}" if shard else None,
        "kim": {"dibangun": len(result.built), "dilewati": len(result.skipped), "gagal": len(result.failed)},
        "kim_gagal": result.failed,
        "portal": result.portal,
        "berkas": {"ditulis": s.written, "tidak_berubah": s.unchanged, "dihapus": s.removed},
        "galat": len(result.errors),
        "peringatan": len(result.warnings),
        "masalah": [p.format() for p in result.problems],
    }
    path = cache.report_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def _clean(out_dir: Path, root: Path) -> None:
    import shutil

    resolved = out_dir.resolve()
    if resolved in {Path("/"), Path.home().resolve(), root.resolve()} or (out_dir / "provinsi.yaml").exists():
        raise BuildError(f"menolak menghapus {out_dir}: folder ini bukan folder keluaran kimgen.")
    shutil.rmtree(out_dir)
