"""Partial rebuild of one KIM: render only the pages whose inputs changed.

The usual nightly change is one edited post. Its KIM is read again (the edit may break it),
but of its ~90 pages only a few show that post: its own page, its neighbours (their
previous/next links carry its title), the lists, category and tag pages and the home page
that list it, and the feed. Every other page would come out byte for byte as published.

So every output is fingerprinted from what it is made of:

* its template and its context, where a post stands for all its fields but the body (a list
  shows titles, dates and summaries) and the KIM for its slug and profile;
* the bodies of the posts the page read when it was last rendered, and the whole KIM if it
  read more of it than its slug and profile (render.TrackingEnvironment notes both).

An output whose fingerprint equals the one recorded when it was published is kept without
being rendered or read. That is sound: with the same context a template takes the same path
up to its first read of a body; that body is one it read last time, and it is unchanged, so
the template goes on the same way and gives the same page.

Beside the fingerprints, the record holds the province-wide render key (build.py: kimgen's
code, options, theme, provinsi.yaml, announcements and their time facts), the KIM's
time-facts outcome and the stamps of its media files. When any of those differ, nothing is
reused. A record is written only after its KIM was published, and removed before, so a
killed build can never leave one that does not match what is published.
"""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from kimgen.activity import RegencyTotal, Row
from kimgen.cache import (blake2b, file_stamp, load_pickle, outcome as facts_outcome, out_folder,
                          render_record_path, save_pickle)
from kimgen.model import Kim, KimSummary, Post
from kimgen.render import PICTURE
from kimgen.write import WriteStats


@dataclass(frozen=True)
class Entry:
    light: bytes  # template and context, posts without their bodies
    bodies: tuple[str, ...]  # sources of the posts whose body the output read
    whole: bool  # whether it read the KIM beyond its slug and profile
    extra: bytes  # digest of those bodies (and of the whole KIM, and of the summaries)
    paths: tuple[str, ...] = ()  # the files a group (the calendars) made; else the key itself
    # the portal: (KIM, attribute) of each summary field it read; a photo shown counts as its
    # KIM's "pictures" (their stamps), an unnamed read as the whole summary (None)
    summaries: tuple[tuple[str, str | None], ...] = ()


@dataclass
class Record:
    base: str  # province-wide render key (build.py sets Context.render_base)
    outcome: str  # the KIM's time facts, evaluated
    media: dict[str, tuple]  # KIM-relative media path -> (size, mtime_ns, inode)
    entries: dict[str, Entry]  # site path (or group key) -> what it was made of


_PLAIN = (Row, RegencyTotal)  # rows of plain values only (str, int, bool, None)


class _Pickler(pickle.Pickler):
    """Pickles a context with each post replaced by the digest of its fields but the body."""

    def __init__(self, file, reuse: "Reuse"):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.reuse = reuse

    def persistent_id(self, obj):
        kind = type(obj)
        if kind is Post:
            return self.reuse.light(obj)
        if kind is Kim:
            return ("kim", obj.slug, obj.profile)  # what a page may read of it untracked (render._KIM_NAME)
        if kind is KimSummary:
            return ("summary", obj.slug)  # each read of it is tracked
        if kind in _PLAIN:  # monitoring's rows: one call for all their fields, not one per value
            return (kind.__name__, repr(tuple(vars(obj).values())))
        return None


class Reuse:
    """Decides, output by output, whether a render can keep what is published: one KIM's, or
    with `summaries` the portal's.

    `posts`: those whose bodies a page may read; `kim`: the KIM rendered; `summaries`: slug ->
    each KIM's summary as the portal shows it, on whose fields a portal page depends as it read
    them (a kabupaten's page on its KIMs' names and counts, the monitoring page on every KIM's
    last post date, not on the titles of their newest posts); `published(path)`: whether a
    kept output is still there."""

    def __init__(self, old: dict[str, Entry], posts: list[Post], kim: Kim | None = None,
                 summaries: dict[str, KimSummary] | None = None, published=None):
        self.kim = kim
        self.old = old
        self.new: dict[str, Entry] = {}
        self.kept: set[str] = set()  # site paths published already and still right
        self._posts = {p.source: p for p in posts}
        self._summaries = summaries
        self._published = published
        self._light: dict[int, tuple[Post, bytes]] = {}  # the post is held so its id stays its own
        self._whole: bytes | None = None
        self._fields: dict[tuple[str, str | None], bytes | None] = {}
        self._base = b""
        self._pending: dict[str, bytes | None] = {}

    def begin(self, base_context: dict) -> None:
        """The context every page of the KIM shares, digested once."""
        self._base = self._digest(base_context) or os.urandom(16)

    def stale(self, key: str, template: str, context: dict) -> bool:
        """True when the output `key` must be made; then call made() with what it read."""
        light = self._digest((self._base, template, context))
        old = self.old.get(key)
        if light is not None and old is not None and old.light == light \
                and self._extra(old.bodies, old.whole, old.summaries) == old.extra \
                and (self._published is None or all(map(self._published, old.paths or (key,)))):
            self.new[key] = old
            self.kept.update(old.paths or (key,))
            return False
        self._pending[key] = light
        return True

    def made(self, key: str, reads: list, paths: list[str] | tuple = ()) -> None:
        """Record what the output `key` read as it was made: (object, attribute) pairs."""
        light = self._pending.pop(key)
        bodies = tuple(sorted({obj.source for obj, name in reads if type(obj) is Post}))
        whole = any(type(obj) is Kim for obj, _ in reads)
        pictured = {name.partition("/")[0] for obj, name in reads if obj is PICTURE}
        summaries: tuple[tuple[str, str | None], ...] = ()
        if self._summaries is not None:
            summaries = tuple(sorted({(obj.slug, name if isinstance(name, str) else None)
                                      for obj, name in reads if type(obj) is KimSummary}
                                     | {(slug, "pictures") for slug in pictured}, key=repr))
        elif self.kim is not None and pictured - {self.kim.slug}:
            light = None  # another KIM's photo: its stamps are not in this record
        extra = self._extra(bodies, whole, summaries)
        if light is not None and extra is not None:  # else it is made again next time: no harm
            self.new[key] = Entry(light, bodies, whole, extra, tuple(paths), summaries)

    def light(self, post: Post) -> bytes:
        found = self._light.get(id(post))
        if found is None:
            # by repr, not pickle: pickled bytes follow object sharing, which differs between a
            # post just read and the same post loaded from the cache
            fields = {**post.__dict__, "body": None}
            found = self._light[id(post)] = (post, blake2b(repr(fields).encode(), digest_size=16).digest())
        return found[1]

    def _extra(self, bodies: tuple[str, ...], whole: bool, summaries: tuple) -> bytes | None:
        h = blake2b(digest_size=16)
        for source in bodies:
            post = self._posts.get(source)
            if post is None:
                return None
            data = post.body.encode("utf-8")
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
        for read in summaries:
            found = self._field(*read)
            if found is None:
                return None
            h.update(found)
        if whole and self.kim is not None:
            if self._whole is None:
                self._whole = blake2b(pickle.dumps(self.kim, protocol=5), digest_size=16).digest()
            h.update(self._whole)
        return h.digest()

    def _field(self, slug: str, name: str | None) -> bytes | None:
        """Digest of one field of a KIM's summary (or of all of it), once per build."""
        if (slug, name) not in self._fields:
            summary = (self._summaries or {}).get(slug)
            found = None
            if summary is not None:
                try:
                    value = summary if name is None else getattr(summary, name)
                    if dataclasses.is_dataclass(value):  # its fields: the generated __repr__ is slow
                        value = (type(value).__name__, tuple(vars(value).values()))
                    found = blake2b(repr((slug, name, value)).encode(), digest_size=16).digest()  # as light()
                except Exception:  # noqa: BLE001 - a field it cannot read: the page is made every time
                    found = None
            self._fields[(slug, name)] = found
        return self._fields[(slug, name)]

    def _digest(self, value) -> bytes | None:
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self).dump(value)
        except Exception:  # noqa: BLE001 - a context that cannot be pickled is simply made every time
            return None
        return blake2b(buffer.getvalue(), digest_size=16).digest()


def _path(ctx, slug: str) -> Path | None:
    if ctx.cache_folder is None or getattr(ctx, "render_base", None) is None:
        return None
    return render_record_path(out_folder(ctx.cache_folder, ctx.out_dir), slug)


def load(ctx, slug: str) -> Record | None:
    path = _path(ctx, slug)
    return _load(path) if path is not None else None


def _load(path: Path) -> Record | None:
    record = load_pickle(path, None)
    # one from an older kimgen may lack a field: it only costs a whole render
    return record if isinstance(record, Record) and hasattr(record, "entries") else None


def save(ctx, slug: str, record: Record) -> None:
    path = _path(ctx, slug)
    if path is not None:
        save_pickle(path, record)


def forget(ctx, slug: str) -> None:
    path = _path(ctx, slug)
    if path is not None:
        path.unlink(missing_ok=True)


# -- the portal ---------------------------------------------------------------------------------
# Its pages are fingerprinted the same way; a page depends on the summaries of the KIMs it read
# (a kabupaten's page on its KIMs, not on a new post elsewhere). Kept beside the KIMs' records,
# under the same rule: removed before the portal is written, saved once it is.

def portal_record_path(out_cache: Path) -> Path:
    return out_cache / "render-portal.pickle"


def portal_reuse(out_cache: Path, base: str, announcements: list[Post], summaries: dict[str, KimSummary],
                 out_dir: Path) -> Reuse:
    """`base`: what every portal page depends on (build.py: the render key and the day)."""
    record = _load(portal_record_path(out_cache))
    return Reuse(record.entries if record and record.base == base else {}, announcements, summaries=summaries,
                 published=lambda rel: (out_dir / rel).is_file())


def forget_portal(out_cache: Path) -> None:
    portal_record_path(out_cache).unlink(missing_ok=True)


def save_portal(out_cache: Path, base: str, reuse: Reuse) -> None:
    save_pickle(portal_record_path(out_cache), Record(base, "", {}, reuse.new))


def media_stamps(kim: Kim) -> dict[str, tuple] | None:
    stamps = {media: file_stamp(Path(kim.root) / media) for media in kim.media}
    return None if None in stamps.values() else stamps


def render_and_publish(ctx, kim: Kim, facts: list, whole: dict[str, bytes]) -> tuple[WriteStats, list[str], int]:
    """Render the KIM, keeping the published outputs whose inputs did not change, and publish
    it with `whole`, files the caller made in full: (stats, stale files, output count)."""
    from kimgen import kimsite
    from kimgen.write import NotPublished, publish_folder

    outcome = facts_outcome(facts, ctx.now)
    recording = _path(ctx, kim.slug) is not None
    stamps = media_stamps(kim) if recording else None
    record = load(ctx, kim.slug) if stamps is not None else None
    usable = record is not None and (record.base, record.outcome, record.media) == (ctx.render_base, outcome, stamps)
    tries = [record.entries, {}] if usable else [{}]
    for old in tries:
        reuse = Reuse(old, ctx.banners + kim.posts, kim) if recording else None
        outputs = {**kimsite.render_kim(kim, ctx.renderer, ctx.banners, ctx.assets, reuse), **whole}
        kept = reuse.kept if reuse else set()
        forget(ctx, kim.slug)  # from here until save(), the record may not match what is published
        try:
            stats, stale = publish_folder(ctx.out_dir, kim.slug, outputs, set(), kept)
            break
        except NotPublished:  # a published page went missing: render it all
            if not old:
                raise
    if reuse is not None and stamps is not None:
        save(ctx, kim.slug, Record(ctx.render_base, outcome, stamps, reuse.new))
    return stats, stale, len(outputs) + len(kept)
