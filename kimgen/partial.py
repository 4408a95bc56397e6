"""Partial rebuild of one KIM: when only post bodies changed, render only the pages that show them.

The usual nightly change is an edited post. Its KIM is read again (it must be: the edit
may break it), but of its ~90 pages only two show a body: the post's own page and the
KIM's feed.xml. Lists, tags, the home page, neighbours' previous/next links and the
calendar show titles, dates and summaries, never the body.

So after every successful publish, the worker keeps a record of what the published
pages were rendered from: the KIM's model, every output path, the province-wide render
key (build.py: kimgen's code, options, theme, provinsi.yaml, announcements and their
time facts), the KIM's own time-facts outcome, and the stamps of its media files. The
next build of that KIM renders only the changed posts' pages and feed.xml when

* the render key, the time-facts outcome and every media stamp are the same;
* the new model equals the recorded one in everything but the bodies of some posts
  (same posts in the same order, every other field equal, same profile and media);
* no template but the post page templates reads a `body` (a theme override could).

Everything else is published as it is, without being read. Any doubt means a whole render.
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from kimgen.cache import outcome as facts_outcome, out_folder, render_record_path
from kimgen.model import Kim, Post
from kimgen.write import WriteStats

# Templates that render a post's own page: the only ones allowed to read its body.
POST_TEMPLATES = {"post.html", "page.html"}
_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_BODY = re.compile(r"\bbody\b")


@dataclass
class Record:
    base: str  # province-wide render key (build.py sets Context.render_base)
    outcome: str  # the KIM's time facts, evaluated
    kim: Kim
    outputs: list[str]  # every site path published for the KIM
    media: dict[str, tuple]  # KIM-relative media path -> (size, mtime_ns, inode)


def _path(ctx, slug: str) -> Path | None:
    if ctx.cache_folder is None or getattr(ctx, "render_base", None) is None:
        return None
    return render_record_path(out_folder(ctx.cache_folder, ctx.out_dir), slug)


def load(ctx, slug: str) -> Record | None:
    path = _path(ctx, slug)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            record = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing or broken record only costs a whole render
        return None
    return record if isinstance(record, Record) else None


def save(ctx, kim: Kim, outcome: str, outputs: list[str]) -> None:
    path = _path(ctx, kim.slug)
    if path is None:
        return
    stamps = media_stamps(kim)
    if stamps is None:
        forget(ctx, kim.slug)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    with tmp.open("wb") as handle:
        pickle.dump(Record(ctx.render_base, outcome, kim, sorted(outputs), stamps), handle,
                    protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def forget(ctx, slug: str) -> None:
    path = _path(ctx, slug)
    if path is not None:
        path.unlink(missing_ok=True)


def media_stamps(kim: Kim) -> dict[str, tuple] | None:
    stamps = {}
    for media in kim.media:
        try:
            st = os.stat(Path(kim.root) / media)
        except OSError:
            return None
        stamps[media] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return stamps


def changed_bodies(old: Kim, new: Kim) -> list[Post] | None:
    """The posts of `new` whose body alone differs from `old`; None when anything else differs."""
    # not `root`: the content folder named another way (relative, absolute) gives the same pages,
    # and a media file that really moved has other stamps
    if (old.slug, old.source, old.profile, old.media) != (new.slug, new.source, new.profile, new.media):
        return None
    if len(old.posts) != len(new.posts):
        return None
    changed = []
    for a, b in zip(old.posts, new.posts):
        if a.body == b.body:
            if a != b:
                return None
        elif {**a.__dict__, "body": ""} == {**b.__dict__, "body": ""}:
            changed.append(b)
        else:
            return None
    return changed


def body_readers(theme) -> set[str]:
    """Templates that may read a post body: any that names `body` inside a Jinja tag."""
    found = getattr(theme, "_body_readers", None)
    if found is None:
        found = set()
        loader = theme.env.loader
        for name in loader.list_templates():
            source = loader.get_source(theme.env, name)[0]
            if any(_BODY.search(tag) for tag in _JINJA_TAG.findall(source)):
                found.add(name)
        theme._body_readers = found
    return found


def plan(ctx, kim: Kim, outcome: str, owned: str = "\0") -> tuple[set[str], set[str]] | None:
    """(site paths to render, site paths published already) for a partial rebuild, or None.

    Files under the folder `owned` are made whole by the caller on every build (the search
    index), so none of them is kept from the record: one that is gone must go."""
    record = load(ctx, kim.slug)
    if record is None or record.base != ctx.render_base or record.outcome != outcome:
        return None
    if media_stamps(kim) != record.media:
        return None
    changed = changed_bodies(record.kim, kim)
    if changed is None or not body_readers(ctx.theme) <= POST_TEMPLATES:
        return None
    s = kim.slug
    render = {f"{s}/{p.url}index.html" for p in changed}
    if render and f"{s}/feed.xml" in record.outputs:
        render.add(f"{s}/feed.xml")  # the feed carries the bodies of its items
    if not render <= set(record.outputs):
        return None
    return render, {p for p in record.outputs if p not in render and not p.startswith(owned)}


def render_and_publish(ctx, kim: Kim, facts: list, whole: dict[str, bytes], owned: str) -> tuple[WriteStats, list[str], int]:
    """Render the KIM (partly when plan() allows) and publish it with `whole`, the files the
    caller made in full under the folder `owned`: (stats, stale files, output count)."""
    from kimgen import kimsite
    from kimgen.write import NotPublished, publish_folder

    outcome = facts_outcome(facts, ctx.now)
    r = ctx.renderer
    parts = plan(ctx, kim, outcome, owned)
    published = None
    if parts is not None:
        render, kept = parts
        outputs = {**kimsite.render_kim(kim, r, ctx.banners, ctx.assets, render), **whole}
        forget(ctx, kim.slug)  # from here until save(), the record may not match what is published
        try:
            stats, stale = publish_folder(ctx.out_dir, kim.slug, outputs, set(), kept)
            published = set(outputs) | kept
        except NotPublished:  # a published page went missing: render it all
            pass
    if published is None:
        outputs = {**kimsite.render_kim(kim, r, ctx.banners, ctx.assets), **whole}
        forget(ctx, kim.slug)
        stats, stale = publish_folder(ctx.out_dir, kim.slug, outputs, set())
        published = set(outputs)
    save(ctx, kim, outcome, sorted(published))
    return stats, stale, len(published)
