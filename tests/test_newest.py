"""The portal's board of newest posts (newest.py): updated for a few changed KIMs, its lists
are what the portal would gather from every summary, or it says it cannot tell."""

from __future__ import annotations

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


@pytest.mark.parametrize("seed", range(6))
def test_updates_for_a_few_changed_kims_give_what_every_summary_gives(monkeypatch, seed):
    # small lists, so that they are cut, run short and are made again within a few steps
    latest = 4
    monkeypatch.setattr(newest, "LATEST", latest)
    monkeypatch.setattr(newest, "SHOWN", {newest.PROVINCE: 6})
    monkeypatch.setattr(newest, "DEPTH", newest.CHANGED_MAX * latest)
    rng = random.Random(seed)
    kims = {f"kim-{n}": summary(rng, f"kim-{n}", latest) for n in range(12)}
    board = newest.make(list(kims.values()), {s: repr(k) for s, k in kims.items()})
    updated = remade = 0
    for step in range(60):
        changed = {}
        for _ in range(rng.randint(1, newest.CHANGED_MAX)):
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
        board = found
        assert seen(board) == truth(kims), f"step {step}"
        assert sorted(board.kims) == sorted(kims) and all(k.latest == [] for k in board.kims.values())
    assert updated > 30 and remade > 0  # both ways were taken
