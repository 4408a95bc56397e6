"""The search index: static JSON files that cari.js reads in the reader's browser.

Each KIM site gets a full-text index of its own (inside its folder, so it is swapped in
with the KIM's pages). The province gets one over titles, summaries, tags, categories,
claims, places and KIM names: full text of every post of a province would make the
files a phone must fetch too heavy.

The provincial index is made from each KIM's Record, kept in the build cache, so a night
that changed one KIM tokenizes only that KIM; files whose bytes did not change are not
rewritten.

Layout under `<site>/cari/indeks/`:
  meta.json           {"v", "key": shard key length, "stop": stopwords, "kims": [[slug, name, prefix]]}
  t/<key>.json        shard of the terms starting with <key>: {term: [-(kim+1), post*4+weight, ...]}
  d/<slug>.json       a KIM's documents by ordinal: [[url, title, meta, summary], ...]
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

FORMAT = 1
FOLDER = "cari/indeks/"
KIM_KEY = 1  # a KIM's index is small: one shard per first letter
PROVINCE_KEY = 2
SUMMARY_CHARS = 160
MAX_TERM = 30
TITLE, LABEL, TEXT = 3, 2, 1  # weights: a word in the title counts most

# Function words (and the words of every KIM's name and place) that would match everything.
STOPWORDS = frozenset("""
ada adalah agar akan akan antara atau bagi bahwa bisa dalam dan dari dengan di dia itu ini juga
ka kami kita ke kepada karena kim lagi lebih maka masih mereka nya oleh pada para pun saat sampai
sangat saya secara sebagai sedang sehingga sejak serta setelah sudah telah tentang tersebut untuk
yaitu yang desa kelurahan kecamatan kabupaten kota
a an and are as at be by for from in is it of on or that the this to was were will with
""".split())

_WORD = re.compile(r"[a-z0-9]+")
_MARKS = re.compile("[\u0300-\u036f]")  # combining accents, the range cari.js removes too
_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    """Index terms of a text; cari.js folds a query exactly so (NFKD, marks dropped, lower case)."""
    plain = text.lower() if text.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return [w for w in _WORD.findall(plain) if 2 <= len(w) <= MAX_TERM and w not in STOPWORDS]


def _plain(html: str) -> str:
    from html import unescape

    return unescape(_TAG.sub(" ", html))


@dataclass
class Record:
    """One KIM's share of the provincial index, kept in the cache between builds."""

    name: str
    docs: list[list[str]] = field(default_factory=list)
    terms: dict[str, list[int]] = field(default_factory=dict)  # term -> post*4+weight, ascending


def _ordered(posts: list) -> list:
    # oldest first: a new post usually takes the next ordinal, so older ones keep theirs
    return sorted(posts, key=lambda p: (p.date is None, p.date.isoformat() if p.date else "", p.source))


def _doc(post, tr, labels: dict[str, str]) -> list[str]:
    meta = " · ".join(x for x in (labels.get(post.kind, ""), tr.short_date(post.date) if post.date else "") if x)
    summary = post.summary or post.claim or ""
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return [post.url, post.title, meta, summary]


def _add(weights: dict[str, int], found: list[str], weight: int) -> dict[str, int]:
    for w in found:
        if weights.get(w, 0) < weight:
            weights[w] = weight
    return weights


def _fields(post) -> dict[str, int]:
    """Weights of the words in a post's title, labels and summary: shared by both indexes."""
    weights: dict[str, int] = {}
    for text, weight in ((post.title, TITLE), (" ".join(t.name for t in post.tags), LABEL),
                         (post.category.name if post.category else "", LABEL),
                         (" ".join(x for x in (post.summary, post.claim, post.location) if x), TEXT)):
        _add(weights, words(text), weight)
    return weights


def _invert(per_post: list[dict[str, int]]) -> dict[str, list[int]]:
    terms: dict[str, list[int]] = {}
    for ordinal, weights in enumerate(per_post):
        for w, weight in weights.items():
            terms.setdefault(w, []).append(ordinal * 4 + weight)
    return terms


def kim_index(kim, tr, labels: dict[str, str], files: bool = True) -> tuple[dict[str, bytes] | None, Record]:
    """The KIM site's own full-text index files (unless not `files`: tokenizing every body is
    most of the work), and its record for the provincial index."""
    posts = _ordered(kim.posts)
    docs = [_doc(p, tr, labels) for p in posts]
    profile = kim.profile
    places = words(" ".join(x for x in (profile.nama, profile.desa, profile.kecamatan) if x))
    fields = [_fields(p) for p in posts]
    record = Record(profile.nama, docs, _invert([_add(dict(f), places, TEXT) for f in fields]))
    if not files:
        return None, record
    site_terms = _invert([_add(f, words(_plain(p.body)), TEXT) for f, p in zip(fields, posts)])
    found = _files(KIM_KEY, [(kim.slug, profile.nama, "")], {kim.slug: docs}, _shards(KIM_KEY, [(0, site_terms)]))
    return {f"{kim.slug}/{FOLDER}{rel}": data for rel, data in found.items()}, record


def _shards(key: int, kims: list[tuple[int, dict[str, list[int]]]]) -> dict[str, dict[str, list[int]]]:
    shards: dict[str, dict[str, list[int]]] = {}
    for ordinal, terms in kims:
        _post(shards, key, ordinal, terms)
    return shards


def _post(shards: dict[str, dict[str, list[int]]], key: int, ordinal: int, terms: dict[str, list[int]]) -> None:
    """Add one KIM's postings, after those of the KIMs before it."""
    for term, postings in terms.items():
        shards.setdefault(term[:key], {}).setdefault(term, []).extend([-(ordinal + 1), *postings])


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _meta(key: int, kims: list[tuple[str, str, str]]) -> bytes:
    return _dump({"v": FORMAT, "key": key, "stop": sorted(STOPWORDS), "kims": [list(k) for k in kims]})


def _files(key: int, kims: list[tuple[str, str, str]], docs: dict[str, list], shards: dict) -> dict[str, bytes]:
    files = {"meta.json": _meta(key, kims)}
    files.update({f"d/{slug}.json": _dump(d) for slug, d in docs.items()})
    files.update({f"t/{k}.json": _dump(terms) for k, terms in shards.items()})
    return files


def province_files(records: Iterable[tuple[str, Record]]) -> Iterator[tuple[str, bytes]]:
    """The whole provincial index, file by file (paths relative to the output folder).

    `records` come one KIM at a time in slug order, and each KIM's documents file is given
    out before the next KIM is read: memory holds the term shards, not every KIM's record
    (13 MB for 250 KIMs, and growing with the province)."""
    kims: list[tuple[str, str, str]] = []
    shards: dict[str, dict[str, list[int]]] = {}
    for ordinal, (slug, record) in enumerate(records):
        kims.append((slug, record.name, f"{slug}/"))
        _post(shards, PROVINCE_KEY, ordinal, record.terms)
        yield f"{FOLDER}d/{slug}.json", _dump(record.docs)
    for rel, data in _files(PROVINCE_KEY, kims, {}, shards).items():
        yield FOLDER + rel, data
