"""`kimgen build`, top to bottom, in named phases:

1. plan: hash every input (a stat per file when nothing changed) and decide, from the cache,
   which KIMs must be built; an unchanged KIM is skipped whole. The province (provinsi.yaml,
   theme, announcements) is read only when something is to be built.
2. KIMs: each changed KIM is read, rendered and published whole, on its own (in worker
   processes with more than one job), so a KIM with errors keeps its last good output while
   every other is built.
3. portal: the provincial pages, rendered whole from every KIM's summary when any changed.
4. search: the provincial search index, written whole when any KIM's share changed.
5. finish: files that deleted content left go last, once nothing links to them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from kimgen.build import workers
from kimgen.build.cache import (Cache, Inputs, KimEntry, State, code_hashes, digest, ensure_ignored, guard,
                                library_versions)
from kimgen.build.cache import outcome as facts_outcome, scan
from kimgen.build.options import BuildError, BuildOptions, BuildResult
from kimgen.build.publish import (files_under, output_lock, recover, remove_files, remove_stale,
                                  retire_folder, write_manifest, write_outputs)
from kimgen.build.reading import clock, kim_slugs, read
from kimgen.build.records import dumps
from kimgen.problems import Problems
from kimgen.problems.messages import msg, speaking
from kimgen.render import kimsite, portal, search
from kimgen.site.model import Site, content_status

SEARCH_INDEX = search.FOLDER.rstrip("/")  # written by its own phase, not the portal's
LOCK_WAIT = 600  # seconds a build waits for another one writing the same output (KIMGEN_LOCK_WAIT)


def build(root: Path, out_dir: Path, **options) -> BuildResult:
    """Build the province into `out_dir`; `options` are BuildOptions' fields."""
    if options.get("only"):
        options["only"] = tuple(options["only"])
    o = BuildOptions(Path(root), Path(out_dir), **{k: v for k, v in options.items() if v is not None})
    with speaking(o.root):  # problem messages follow provinsi.yaml's `bahasa`
        return run(o)


def run(o: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    if o.strict and not passes_strict(o, result):
        return result
    with output_lock(o.out_dir, float(os.environ.get("KIMGEN_LOCK_WAIT", LOCK_WAIT))):
        cache = prepare(o)
        plan = make_plan(o, cache, result)
        if plan is not None:
            build_kims(o, plan, cache, result)
            if o.with_portal or o.portal_only:
                build_portal(o, plan, cache, result)
                build_search_index(o, plan, cache, result)
            finish(o, plan, cache, result)
        result.seconds = time.perf_counter() - started
        result.report_path = write_report(o, cache, result)
    return result


def passes_strict(o: BuildOptions, result: BuildResult) -> bool:
    """Pull-request checks: any error or warning stops the build before anything is written."""
    problems = Problems()
    reading = read(o.root, problems, o.base_url, list(o.only) or None)
    result.problems = problems.items
    return reading is not None and not problems


def prepare(o: BuildOptions) -> Cache:
    guard(o.cache_folder, o.root)
    _check_output(o)
    cache = Cache(o.cache_folder, o.out_dir, o.shard)
    if o.clean:  # everything built again; what the last good versions were is kept (read_kim)
        cache.clear()
    ensure_ignored(o.cache_folder)
    o.out_dir.mkdir(parents=True, exist_ok=True)
    recover(o.out_dir)
    return cache


# -- 1. plan ----------------------------------------------------------------------------------------

@dataclass
class Plan:
    options: BuildOptions
    state: State
    inputs: Inputs
    now: dt.datetime
    slugs: list[str]  # every KIM folder (the portal lists them all)
    todo: list[str]  # the KIMs to build
    keys: dict[str, str]  # what each of the KIMs of this build is built from
    problems: Problems
    province_changed: bool
    context: workers.Context | None = None
    changed: bool = False  # something was published: the manifest of published files is written again

    def ctx(self) -> workers.Context:
        """The province, read on first use: a build with nothing to do never needs it."""
        if self.context is None:
            self.context = workers.Context.of(self.options)
        return self.context


def make_plan(o: BuildOptions, cache: Cache, result: BuildResult) -> Plan | None:
    """None when provinsi.yaml cannot be used (result.problems says why)."""
    state = cache.load_state()
    inputs = scan(o.root, cache.manifest)
    global_key = digest(library_versions(), sorted(code_hashes().items()), sorted(inputs.province.items()),
                        o.base_url, o.offline)
    plan = Plan(o, state, inputs, dt.datetime.now(dt.timezone.utc), [], [], {}, Problems(), False)
    if state.global_key == global_key and state.zone:
        plan.now = clock(state.zone)
    plan.province_changed = state.global_key != global_key or not state.zone or \
        facts_outcome(state.global_facts, plan.now) != state.global_outcome
    if plan.province_changed:  # or one of its time facts flipped: read it again
        c = plan.ctx()
        if c.setup is None:
            result.problems = c.problems.items
            return None
        plan.now = c.setup.now
        plan.state = state = State(global_key=global_key, global_facts=c.setup.facts, zone=c.setup.province.timezone,
                                   global_outcome=facts_outcome(c.setup.facts, plan.now),
                                   global_problems=c.problems.items, kims=state.kims, stale=state.stale)
    plan.problems.extend(state.global_problems)
    plan.slugs = kim_slugs(o.root, plan.problems)
    mine = kim_slugs(o.root, Problems(), o.only) if o.only else plan.slugs
    mine = [s for s in mine if in_shard(s, o.shard)]
    plan.keys = {s: digest(global_key, state.global_outcome, inputs.kims.get(s)) for s in mine}
    for slug in [] if o.portal_only else mine:
        entry = state.kims.get(slug)
        if entry and entry.key == plan.keys[slug] and facts_outcome(entry.facts, plan.now) == entry.outcome \
                and entry.listing == listing(files_under(o.out_dir / slug), slug):
            plan.problems.extend(entry.problems)
            (result.skipped if entry.ok else result.failed).append(slug)
            result.stats.unchanged += entry.files
        else:
            plan.todo.append(slug)
    return plan


def listing(files, slug: str) -> str:
    """One digest of the names of a KIM's published files: a skipped KIM must still have them all."""
    return digest(sorted(name.removeprefix(f"{slug}/") for name in files))


def in_shard(slug: str, shard: tuple[int, int] | None) -> bool:
    """A stable share of the KIMs: the same on every runner, whatever else exists."""
    if shard is None:
        return True
    index, count = shard
    return int(digest(slug)[:8], 16) % count == index - 1


# -- 2. KIMs ------------------------------------------------------------------------------------------

def build_kims(o: BuildOptions, plan: Plan, cache: Cache, result: BuildResult) -> None:
    if not plan.todo:
        return
    c = plan.ctx()
    if plan.province_changed and o.with_portal and c.setup.announcements:
        _announcements_first(c, o.out_dir)
    state = plan.state
    done = [0]

    def finished(outcome: workers.Outcome) -> None:
        slug = outcome.slug
        done[0] += 1
        if outcome.fault:  # the machine's, not the content's: never remembered as this KIM's result
            result.faults.append(outcome.fault)
            if slug in state.kims:
                state.kims[slug].key = ""  # built again by the next build, whatever changes
            return
        plan.problems.extend(outcome.problems)
        result.stats.add(outcome.stats)
        state.stale.extend(outcome.stale)
        (result.built if outcome.ok else result.failed).append(slug)
        summary, good, found = outcome.summary, outcome.summary if outcome.ok else None, outcome.search
        published = outcome.published
        if not outcome.ok:
            # the KIM keeps its last good output, so the portal and the search index show what
            # that output holds, never posts of the failed read whose pages were not written
            before = cache.load_kim(slug)
            good, published = before.get("good"), cache.load_published(slug)
            summary = good or (summary and dataclasses.replace(summary, latest=[], factchecks=[]))
            found = cache.load_search(slug)
        shown = [_scrub(p, o) for p in outcome.problems]  # for the admin's page: content-derived only
        if summary is not None:
            summary = dataclasses.replace(summary, problems=shown, held=outcome.held,
                                          content=content_status(outcome.ok, shown, outcome.held),
                                          published_at=plan.now if outcome.ok else summary.published_at)
        entry = state.kims[slug] = KimEntry(plan.keys[slug], outcome.facts, facts_outcome(outcome.facts, plan.now),
                                            outcome.ok, outcome.files, digest(dumps(summary)), digest(dumps(found)),
                                            outcome.problems, listing(published, slug))
        cache.save_kim(slug, {"summary": summary, "good": good, "entry": entry})
        cache.save_published(slug, published)
        if outcome.ok:
            cache.save_search(slug, found)
        plan.changed = True
        if o.progress:
            o.progress(done[0], len(plan.todo), slug)

    workers.run(o, c, plan.todo, finished)
    cache.save_state(state)  # a build killed from here on leaves the skip decisions and the clean-up right


def _scrub(problem, o: BuildOptions):
    """A problem as a KIM's public page may show it: no path of the server in its message."""
    message = problem.message
    for folder in {str(o.root.resolve()), str(o.out_dir.resolve()), str(o.cache_folder.resolve())}:
        message = message.replace(folder + "/", "").replace(folder, "")
    return dataclasses.replace(problem, message=message) if message != problem.message else problem


def _announcements_first(c: workers.Context, out_dir: Path) -> None:
    """KIM banners link to the province's announcement pages: make sure those exist first."""
    site = Site(c.setup.province, c.setup.now.date(), c.setup.announcements, [])
    outputs = portal.render_portal(site, c.renderer, c.assets)
    new = {rel: data for rel, data in outputs.items()
           if rel.startswith("pengumuman/") and not (out_dir / rel).exists()}
    if new:
        write_outputs(out_dir, new)


# -- 3. portal --------------------------------------------------------------------------------------

def build_portal(o: BuildOptions, plan: Plan, cache: Cache, result: BuildResult) -> None:
    state = plan.state
    deleted = sorted(set(state.kims) - set(plan.slugs))
    for slug in deleted:
        del state.kims[slug]
        cache.drop_kim(slug)
    if o.portal_only:  # what the shards left in the cache, each in its own state file
        for slug in plan.slugs:
            entry = cache.load_kim(slug).get("entry")
            if isinstance(entry, KimEntry):
                state.kims[slug] = entry
                plan.problems.extend(entry.problems)
                (result.skipped if entry.ok else result.failed).append(slug)
        missing = [s for s in plan.slugs if s not in state.kims]
        if missing:
            raise BuildError(f"ringkasan KIM tidak ada di cache ({', '.join(missing[:5])}"
                             f"{', ...' if len(missing) > 5 else ''}); bangun dulu semua shard ke cache ini.")
    key = digest(state.global_key, state.global_outcome, plan.now.date(),
                 [(s, state.kims[s].summary_digest) for s in plan.slugs if s in state.kims])
    if key == state.portal_key and (o.out_dir / "index.html").is_file():
        result.portal = "skipped"
        result.stats.unchanged += state.portal_files
        return
    c = plan.ctx()
    summaries = [cache.load_kim(s).get("summary") for s in plan.slugs]
    site = Site(c.setup.province, plan.now.date(), c.setup.announcements, [k for k in summaries if k is not None])
    c.renderer.own_domains = {k.slug: k.profile.base_url for k in site.kims if k.profile.base_url}
    try:
        outputs = portal.render_portal(site, c.renderer, c.assets)
        result.stats.add(write_outputs(o.out_dir, outputs))
        for slug in deleted:  # no page links to them any more
            retire_folder(o.out_dir, slug)
        result.stats.removed += remove_stale(o.out_dir, "", set(outputs), set(plan.slugs) | {SEARCH_INDEX})
        state.portal_key, state.portal_files = key, len(outputs)
        cache.save_published("_portal", workers.fingerprints(outputs))
        plan.changed = True
        result.portal, result.site = "built", site
    except OSError as exc:
        result.faults.append(f"portal: {exc.strerror or exc} ({exc.filename or ''})")
        result.portal = "failed"
    except Exception as exc:  # noqa: BLE001 - the KIM sites are already written
        plan.problems.error("provinsi.yaml", 0, "", msg("portal_failed", error=f"{type(exc).__name__}: {exc}"))
        result.portal = "failed"


# -- 4. search --------------------------------------------------------------------------------------

def build_search_index(o: BuildOptions, plan: Plan, cache: Cache, result: BuildResult) -> None:
    state = plan.state
    key = digest(state.global_key, state.global_outcome,
                 [(s, state.kims[s].search_digest) for s in plan.slugs if s in state.kims])
    if key == state.search_key and (o.out_dir / search.FOLDER / "meta.json").is_file():
        result.search = "unchanged"
        result.stats.unchanged += state.search_files
        return
    c = plan.ctx()  # the province's own announcements are searched too
    own = search.own_record(c.setup.announcements, c.setup.province.pengelola, c.renderer.tr,
                            {k: c.renderer.tr.t(label) for k, label in kimsite.SECTIONS}) if c.setup else None
    found = ((slug, record) for slug in sorted(plan.slugs) if (record := cache.load_search(slug)) is not None)
    outputs = dict(search.province_files(found, own))
    result.stats.add(write_outputs(o.out_dir, outputs))
    result.stats.removed += remove_stale(o.out_dir, SEARCH_INDEX, set(outputs), set())
    state.search_key, state.search_files = key, len(outputs)
    cache.save_published("_search", workers.fingerprints(outputs))
    plan.changed = True
    result.search = "written"


# -- 5. finish --------------------------------------------------------------------------------------

def finish(o: BuildOptions, plan: Plan, cache: Cache, result: BuildResult) -> None:
    """Stale files go last: nothing links to them any more."""
    result.stats.removed += remove_files(o.out_dir, sorted(set(plan.state.stale)))
    plan.state.stale = []
    recover(o.out_dir)  # the staging folder, emptied by the swaps
    if plan.changed or result.stats.removed:
        write_published(o, plan, cache)
    cache.save_state(plan.state)
    cache.manifest.save()
    result.built.sort()
    result.failed.sort()
    result.problems = plan.problems.items


def write_published(o: BuildOptions, plan: Plan, cache: Cache) -> None:
    """Every file the output folder should hold and its SHA-256, beside the output folder (never
    served): `kimgen verify` compares a deployed copy with it."""
    files: dict[str, str] = {}
    for slug in plan.slugs:
        if slug in plan.state.kims:
            files.update(cache.load_published(slug))
    if o.with_portal or o.portal_only:
        files.update(cache.load_published("_portal"))
        files.update(cache.load_published("_search"))
    write_manifest(o.out_dir, files)


def write_report(o: BuildOptions, cache: Cache, result: BuildResult) -> Path:
    """A machine-readable report for monitoring, in the cache (never published)."""
    s = result.stats
    data = {
        "selesai": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "detik": round(result.seconds, 3),
        "jobs": o.workers,
        "shard": f"{o.shard[0]}/{o.shard[1]}" if o.shard else None,
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


def _check_output(o: BuildOptions) -> None:
    """A build removes from its output folder whatever it did not make: never let that folder be
    one that holds the content (or, with --clean, one inside it)."""
    out, content = o.out_dir.resolve(), o.root.resolve()
    if out in {Path("/"), Path.home().resolve()} or out == content or content.is_relative_to(out) \
            or (o.out_dir / "provinsi.yaml").exists():
        raise BuildError(f"menolak menulis ke {o.out_dir}: folder ini berisi folder konten {o.root}, dan build "
                         "menghapus dari folder keluarannya semua yang tidak ia buat. Pilih folder lain dengan -o.")
    if o.clean and out.is_relative_to(content):
        raise BuildError(f"menolak --clean untuk {o.out_dir}: folder ini berada di dalam folder konten {o.root}. "
                         "Pilih folder keluaran di luar folder konten dengan -o.")
    if o.out_dir.is_symlink():
        raise BuildError(f"menolak menulis ke {o.out_dir}: folder keluaran ini tautan simbolik (symlink).")
