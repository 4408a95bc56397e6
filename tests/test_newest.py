"""The portal's board of newest posts (newest.py): updated for a few changed KIMs, its lists
are what the portal would gather from every summary, or it says it cannot tell."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from types import SimpleNamespace

import pytest

from kimgen import newest
from kimgen.model import KimSummary, Post

REGENCIES = ["Kabupaten Malang", "Kota Malang", "Kabupaten Pasuruan"]


def summary(rng: random.Random, slug: str, latest: int) -> KimSummary:
    posts = [Post("berita", f"kim/{slug}/berita/{n}.md", f"p{n}", f"berita/p{n}/", f"P{n}",
                  dt.datetime(2026, rng.randint(1, 12), rng.randint(1, 28)), kim=slug) for n in range(rng.randint(0, 9))]
    posts.sort(key=lambda p: (p.date, p.source), reverse=True)
    profile = SimpleNamespace(kabupaten=rng.choice(REGENCIES))
    return KimSummary(slug, profile, len(posts), None, posts[:latest])


def truth(kims: dict[str, KimSummary]) -> dict[str, list[str]]:
    """What render_portal gathers from every summary: the newest of the province and of each kabupaten."""
    ordered = sorted((p for k in kims.values() for p in k.latest), key=lambda p: (p.date, p.source), reverse=True)
    lists = {newest.PROVINCE: ordered}
    for p in ordered:
        lists.setdefault(kims[p.kim].profile.kabupaten, []).append(p)
    return {name: [p.source for p in posts[:newest.shown(name)]] for name, posts in lists.items()}


def seen(board: newest.Board) -> dict[str, list[str]]:
    return {name: [p.source for p in posts[:newest.shown(name)]] for name, posts in newest.newest(board).items()
            if posts or name == newest.PROVINCE}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("count", [12, 40])  # few KIMs: lists run short; many: make() cuts as it reads
def test_updates_for_a_few_changed_kims_give_what_every_summary_gives(monkeypatch, seed, count):
    # small lists, so that they are cut, run short and are made again within a few steps
    latest = 4
    monkeypatch.setattr(newest, "LATEST", latest)
    monkeypatch.setattr(newest, "SHOWN", {newest.PROVINCE: 6})
    monkeypatch.setattr(newest, "DEPTH", 2 * latest)
    rng = random.Random(seed)
    kims = {f"kim-{n}": summary(rng, f"kim-{n}", latest) for n in range(count)}
    board = newest.make(iter(kims.values()), {s: repr(k) for s, k in kims.items()})
    assert seen(board) == truth(kims)
    updated = remade = 0
    for step in range(60):
        changed = {}
        for _ in range(rng.randint(1, 2) if step % 4 else rng.randint(3, 8)):  # now and then many
            slug = rng.choice(sorted(kims) + [f"kim-new-{step}"])
            changed[slug] = None if rng.random() < 0.15 and len(kims) > 3 else summary(rng, slug, latest)
        for slug, kim in changed.items():
            if kim is None:
                kims.pop(slug, None)
            else:
                kims[slug] = kim
        digests = {s: repr(k) for s, k in kims.items()}
        found = newest.update(board, changed, digests)
        if found is None:
            remade += 1
            found = newest.make(list(kims.values()), digests)
        else:
            updated += 1
        board = newest.load(newest.dump(found)) if step % 2 else found  # saved and loaded: no stale summary kept
        assert seen(board) == truth(kims), f"step {step}"
        assert board.kims == {s: dataclasses.replace(k, latest=[]) for s, k in kims.items()}
    assert updated > 30 and (remade > 0 or count > 12)  # with few KIMs, both ways were taken


def test_a_list_cut_while_made_is_never_taken_for_a_whole_one(monkeypatch):
    latest = 4
    monkeypatch.setattr(newest, "LATEST", latest)
    monkeypatch.setattr(newest, "SHOWN", {newest.PROVINCE: 6})
    monkeypatch.setattr(newest, "DEPTH", 2 * latest)  # lists kept 14 deep, cut at 56 while read

    def kim(n: int, month: int) -> KimSummary:
        slug = f"kim-{n:02d}"
        posts = [Post("berita", f"kim/{slug}/berita/{d}.md", f"p{d}", f"berita/p{d}/", "P",
                      dt.datetime(2026, month, 28 - d), kim=slug) for d in range(latest)]
        return KimSummary(slug, SimpleNamespace(kabupaten=f"Kota {n}"), latest, None, posts)  # whole lists but one

    # 15 KIMs x 4 posts: the 15th makes 60 > 56, so the list is cut to 14 as the last one is read
    kims = {k.slug: k for k in [kim(n, 12 if n < 3 else 1 + n % 11) for n in range(15)]}
    board = newest.make(iter(kims.values()), {s: repr(k) for s, k in kims.items()})
    for gone in (["kim-00", "kim-01"], ["kim-02"]):  # the newest go: 6 of the 14 are left, then 2
        for slug in gone:
            del kims[slug]
        board = newest.update(board, dict.fromkeys(gone), {s: repr(k) for s, k in kims.items()}) \
            or newest.make(iter(kims.values()), {s: repr(k) for s, k in kims.items()})
        assert seen(board) == truth(kims)
