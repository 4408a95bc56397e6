"""The portal's lists of newest posts, kept between builds.

Of each KIM the portal needs its profile, counts and dates (the monitoring page) and its
newest posts, to pick the province's and each kabupaten's newest. Read from every KIM's
summary, those posts are most of a nightly rebuild's portal step (4,000 post objects for
200 KIMs), when a few KIMs changed.

So the portal's "board" is kept: every KIM's summary without its posts, and per list (the
province's and each kabupaten's) the newest posts, deeper than the portal shows. When a few
KIMs change, their posts leave the lists and their new ones join. That is exact as long as
each list keeps, without the changed KIMs, at least as many posts as the portal shows:
those are then the newest of the unchanged KIMs, since no post of theirs can rank between
(a list that held every post of its group is exact whatever it keeps). Where a list could
run short, the board is made again from every summary (update() says None).
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterable
from dataclasses import dataclass

from kimgen.kimsite import FEED_ITEMS
from kimgen.model import LATEST, KimSummary, Post

PROVINCE = ""  # the list key of the province's newest; the others are kabupaten names
SHOWN = {PROVINCE: FEED_ITEMS * 2}  # the most a list is read: the portal's feed; a kabupaten's page shows LATEST
# KIMs an update takes (a build holds their summaries: build.KEEP_IN_MEMORY); more, and the
# board is made from every summary (80 ms at 200 KIMs)
CHANGED_MAX = 32
# Kept beyond what is shown, for the posts of changed KIMs to leave: room for two KIMs' whole
# share of any list, and for many more KIMs as their posts are usually spread (update() checks).
DEPTH = 2 * LATEST
FORMAT = 3  # of the saved board


class Saved:
    """A post of a loaded board, still pickled: a list is read past what the portal shows only
    to be ordered and cut (update()), so most of its posts are never unpickled."""

    __slots__ = ("date", "source", "kim", "blob")

    def __init__(self, date, source: str, kim: str, blob: bytes):
        self.date, self.source, self.kim, self.blob = date, source, kim, blob


def _order(post: Post | Saved) -> tuple:
    return (post.date, post.source)


def shown(name: str) -> int:
    return SHOWN.get(name, LATEST)


@dataclass
class Board:
    digests: dict[str, str]  # slug -> digest of the summary the board holds (cache.KimEntry.summary_digest)
    kims: dict[str, KimSummary]  # slug -> its summary without the newest posts
    lists: dict[str, tuple[list[Post | Saved], bool]]  # list key -> (newest first, whether it holds every post of its group)
    # slug -> the summary pickled, as saved: a save after an update pickles only the changed KIMs
    # (pickling every summary took longer than rendering the changed KIM)
    blobs: dict[str, bytes] = dataclasses.field(default_factory=dict)


def dump(board: Board) -> bytes:
    """The board as bytes, each KIM's summary and each post pickled on its own, once."""
    for slug, kim in board.kims.items():
        if slug not in board.blobs:
            board.blobs[slug] = pickle.dumps(kim, protocol=pickle.HIGHEST_PROTOCOL)
    posts: dict[str, bytes] = {}
    lists = {}
    for name, (group, complete) in board.lists.items():
        for p in group:
            if p.source not in posts:
                posts[p.source] = p.blob if type(p) is Saved else pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL)
        lists[name] = ([(p.date, p.source, p.kim) for p in group], complete)
    return pickle.dumps((FORMAT, board.digests, lists, posts, board.blobs), protocol=pickle.HIGHEST_PROTOCOL)


def load(data: bytes) -> Board | None:
    saved = pickle.loads(data)
    if not (isinstance(saved, tuple) and len(saved) == 5 and saved[0] == FORMAT):
        return None  # from another kimgen: made again from every summary
    _, digests, lists, posts, blobs = saved
    lists = {name: ([Saved(date, source, kim, posts[source]) for date, source, kim in group], complete)
             for name, (group, complete) in lists.items()}
    return Board(digests, {s: pickle.loads(b) for s, b in blobs.items()}, lists, blobs)


def make(kims: Iterable[KimSummary], digests: dict[str, str]) -> Board:
    """The board of every KIM's summary, taken one at a time: memory holds the lists as deep as
    they are kept (a few times over), not the newest posts of every KIM."""
    light: dict[str, KimSummary] = {}
    groups: dict[str, list[Post]] = {}
    cut: set[str] = set()  # lists that dropped posts: they no longer hold every post of their group
    for kim in kims:
        light[kim.slug] = _light(kim)
        for name in (PROVINCE, kim.profile.kabupaten):
            group = groups.setdefault(name, [])
            group.extend(kim.latest)
            if len(group) > 4 * (shown(name) + DEPTH):
                _cut(group, shown(name) + DEPTH)
                cut.add(name)
    lists = {}
    for name, group in groups.items():
        depth = shown(name) + DEPTH
        complete = name not in cut and len(group) <= depth
        _cut(group, depth)
        lists[name] = (group, complete)
    return Board({s: d for s, d in digests.items() if s in light}, light, lists)


def _cut(group: list[Post], depth: int) -> None:
    group.sort(key=_order, reverse=True)
    del group[depth:]


def update(board: Board, changed: dict[str, KimSummary | None], digests: dict[str, str]) -> Board | None:
    """The board with the summaries of `changed` put in (None: the KIM is gone), or None when
    a list could run short of what the portal shows."""
    kims = {s: k for s, k in board.kims.items() if s not in changed}
    kims.update({s: _light(k) for s, k in changed.items() if k is not None})
    regency = {s: k.profile.kabupaten for s, k in kims.items()}
    posts = [p for k in changed.values() if k is not None for p in k.latest]
    lists = _lists(posts, regency, board.lists, set(changed))
    blobs = {s: b for s, b in board.blobs.items() if s not in changed}
    return None if lists is None else Board(dict(digests), kims, lists, blobs)


def _lists(posts: list[Post], regency: dict[str, str], old: dict, gone: set[str]) -> dict | None:
    """Lists of the posts of `old` (less those of the KIMs `gone`) and `posts`, by list key."""
    groups: dict[str, list[Post]] = {PROVINCE: []}
    for name in set(regency.values()):
        groups[name] = []
    for p in posts:
        groups[PROVINCE].append(p)
        groups[regency[p.kim]].append(p)
    result = {}
    for name, added in groups.items():
        kept, complete = old.get(name, ([], True))
        kept = [p for p in kept if p.kim not in gone]
        if not complete and len(kept) < shown(name):
            return None
        merged = sorted(kept + added, key=_order, reverse=True)
        if not complete:  # below its last kept post, the list may miss posts of unchanged KIMs
            floor = _order(kept[-1])
            merged = [p for p in merged if _order(p) >= floor]
        depth = shown(name) + DEPTH
        result[name] = (merged[:depth], complete and len(merged) <= depth)
    return result


def _light(summary: KimSummary) -> KimSummary:
    return dataclasses.replace(summary, latest=[])


def newest(board: Board) -> dict[str, list[Post]]:
    """List key -> the newest posts it shows, as render_portal takes them (Site.newest); a post
    on several lists is one object."""
    opened: dict[str, Post] = {}

    def post(p: Post | Saved) -> Post:
        if type(p) is not Saved:
            return p
        if p.source not in opened:
            opened[p.source] = pickle.loads(p.blob)
        return opened[p.source]

    return {name: [post(p) for p in posts[:shown(name)]] for name, (posts, _) in board.lists.items()}
