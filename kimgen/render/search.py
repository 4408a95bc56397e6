"""The search index: static JSON files that cari.js reads in the reader's browser.

Every KIM site gets an index of the full text of its posts, inside its folder (swapped in with
its pages). The province gets one over the full text of every KIM's posts and its own
announcements, made from each KIM's Record kept in the build cache: a night that changed one
KIM tokenizes and stems only that KIM, and the provincial files are then written whole from
the records (files whose bytes did not change are not rewritten).

Words are indexed as written and under their Indonesian stem (Snowball; stem-id.js is the same
algorithm for the query), so "membangun" finds "pembangunan" while an exact word still ranks
first. Term files are split by stem prefix until each is small, so a query fetches only the
few kilobytes of its own words, however large the province.

Layout under `<site>/cari/indeks/`:
  meta.json        {"v", "stop": stopwords, "files": shard names, "split": prefixes split further}
  t/<prefix>.json  {stem: {word ("" when the word is its stem): [-(kim+1), post*8+weight, ...]}}
  p/<kim>/<n>.json one post: [url from the site root, title, meta line, text, KIM name (province)]
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape

import snowballstemmer

FORMAT = 2
FOLDER = "cari/indeks/"
SHARD_BYTES = 6000  # a term file is split by the next letter of its stems past this size
MAX_PREFIX = 8
TEXT_CHARS = 1500  # of a post's text kept for excerpts: most posts whole, a long one its beginning
MAX_TERM = 30
TITLE, LABEL, SUMMARY, TEXT = 4, 3, 2, 1  # weights by field; repeated words add up to 2 more (max 7)
ROOT = "_"  # the name of the one term file of an index too small to split

# Function words that would match everything; cari.js drops them from a query too.
STOPWORDS = frozenset("""
ada adalah agar akan akan antara atau bagi bahwa bisa dalam dan dari dengan di dia itu ini juga
ka kami kita ke kepada karena kim lagi lebih maka masih mereka nya oleh pada para pun saat sampai
sangat saya secara sebagai sedang sehingga sejak serta setelah sudah telah tentang tersebut untuk
yaitu yang desa kelurahan kecamatan kabupaten kota
a an and are as at be by for from in is it of on or that the this to was were will with
""".split())

_WORD = re.compile(r"[a-z0-9]+")
_MARKS = re.compile("[\u0300-\u036f]")  # combining accents, the range cari.js removes too
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|tr|blockquote|figcaption|pre)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_STEMMER = snowballstemmer.stemmer("indonesian")
_KEYS: dict[str, tuple[str, ...]] = {}
# meN-/peN- before a vowel dropped the root's first t or k (menulis < tulis, pengirim < kirim);
# Snowball keeps what is left, so such a word is filed under the root's likely form as well
_NASAL = re.compile(r"^[mp]e(ng|n)[aeiou]")
_PARTICLES = ("lah", "kah", "pun")
# every fact check that finds a claim false is what readers call a hoax
_FALSE = {"hoaks": "hoaks", "disinformasi": "disinformasi hoaks", "misinformasi": "misinformasi hoaks"}


def words(text: str) -> list[str]:
    """Index terms of a text; cari.js folds a query exactly so (NFKD, marks dropped, lower case)."""
    plain = text.lower() if text.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return [w for w in _WORD.findall(plain) if 2 <= len(w) <= MAX_TERM and w not in STOPWORDS]


def keys(word: str) -> tuple[str, ...]:
    """The stems a word is filed under: its Snowball stem; the root with t/k put back after a
    nasal prefix; and for a word ending like a particle (-lah, -kah, -pun) its stem with that
    ending kept, as "diolah" is "olah" made passive, not "dio" with -lah. stem-id.js gives the
    same for a query word (tests/test_stemmer.py)."""
    found = _KEYS.get(word)
    if found is None:
        stem = _STEMMER.stemWord(word)
        nasal = _NASAL.match(word)
        more = [("k" if nasal.group(1) == "ng" else "t") + stem if nasal and stem[:1] in "aeiou" and stem else ""]
        if word.endswith(_PARTICLES):
            more.append(_STEMMER.stemWord(word + "nya"))  # -nya is taken off first: the particle stays
        found = _KEYS[word] = tuple(dict.fromkeys(k for k in (stem, *more) if k))
    return found


def plain_text(html: str) -> str:
    """A body's text, a line per block, for excerpts."""
    text = unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", html.replace("\n", " "))))
    return "\n".join(line for line in (_SPACE.sub(" ", raw).strip() for raw in text.split("\n")) if line)


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


@dataclass
class Record:
    """A KIM's share of the provincial index, kept in the cache between builds."""

    name: str
    docs: list[list[str]] = field(default_factory=list)  # [url in the KIM, title, meta line, text]
    terms: dict[str, list[int]] = field(default_factory=dict)  # word -> post*8+weight, ascending
    stems: dict[str, str] = field(default_factory=dict)  # word -> its keys (space-separated) unless just itself
    places: list[str] = field(default_factory=list)  # words of the KIM's name and place: every post has them


def _ordered(posts: list) -> list:
    # oldest first: a new post usually takes the next number, so older ones keep theirs
    return sorted(posts, key=lambda p: (p.date is None, p.date.isoformat() if p.date else "", p.source))


def _doc(post, tr, labels: dict[str, str]) -> list[str]:
    meta = " · ".join(x for x in (labels.get(post.kind, ""), tr.short_date(post.date) if post.date else "") if x)
    body = plain_text(post.body)
    lead = [x for x in (_summary(post, body), post.claim) if x]
    return [post.url, post.title, meta, _cap("\n".join([*lead, body] if body else lead), TEXT_CHARS)]


def _summary(post, body: str) -> str:
    """The summary the admin wrote: one made from the body's beginning is not counted twice."""
    return "" if not post.summary or body.startswith(post.summary.rstrip("…").strip()) else post.summary


def _weights(post) -> dict[str, int]:
    """A post's words and their weight: the best field they appear in, plus how often."""
    best: dict[str, int] = {}
    count: dict[str, int] = {}
    body = plain_text(post.body)
    verdict = _FALSE.get(post.status or "", post.status or "") if post.kind == "cek-fakta" else ""
    for text, weight in ((post.title, TITLE), (" ".join(t.name for t in post.tags), LABEL),
                         (post.category.name if post.category else "", LABEL), (verdict, LABEL),
                         (_summary(post, body), SUMMARY),
                         (" ".join(x for x in (post.claim, post.location) if x), TEXT), (body, TEXT)):
        for w in words(text):
            count[w] = count.get(w, 0) + 1
            if best.get(w, 0) < weight:
                best[w] = weight
    return {w: min(7, weight + (count[w] >= 3) + (count[w] >= 6)) for w, weight in best.items()}


def make_record(posts: list, name: str, tr, labels: dict[str, str], places: str = "") -> Record:
    """The index of `posts` (already in their numbering order)."""
    record = Record(name, [_doc(p, tr, labels) for p in posts], places=list(dict.fromkeys(words(places))))
    for number, post in enumerate(posts):
        for w, weight in _weights(post).items():
            record.terms.setdefault(w, []).append(number * 8 + weight)
    for w in [*record.terms, *record.places]:
        found = keys(w)
        if found != (w,):
            record.stems[w] = " ".join(found)
    return record


def kim_index(kim, tr, labels: dict[str, str]) -> tuple[dict[str, bytes], Record]:
    """The KIM site's own index files, and its record for the provincial index."""
    profile = kim.profile
    places = " ".join(x for x in (profile.nama, profile.desa, profile.kecamatan) if x)
    record = make_record(_ordered(kim.posts), profile.nama, tr, labels, places)
    files = _index_files([(kim.slug, record)], portal=False)
    return {f"{kim.slug}/{FOLDER}{rel}": data for rel, data in files}, record


def province_files(records: Iterable[tuple[str, Record]], own: Record | None = None) -> Iterator[tuple[str, bytes]]:
    """The whole provincial index, file by file (paths relative to the output folder): the
    KIMs' records in slug order, one at a time (memory holds the terms, not every KIM's
    texts), then the province's own announcements (`own`)."""
    for rel, data in _index_files(_then(records, own), portal=True):
        yield FOLDER + rel, data


def _then(records: Iterable[tuple[str, Record]], own: Record | None) -> Iterator[tuple[str, Record]]:
    yield from records
    if own is not None:
        yield "", own


def own_record(announcements: list, name: str, tr, labels: dict[str, str]) -> Record:
    return make_record(_ordered(announcements), name, tr, labels)


# -- files -------------------------------------------------------------------------------------

def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _index_files(records: Iterable[tuple[str, Record]], portal: bool) -> Iterator[tuple[str, bytes]]:
    """On a KIM site, links are from the KIM's folder and its own name and places are left out
    (they are in every post); on the portal, links start with the KIM's folder."""
    table: dict[str, dict[str, list]] = {}  # key -> word -> [kim, postings, kim, postings...]
    for kim, (slug, record) in enumerate(records):
        folder = f"{slug}/" if portal and slug else ""
        for number, (url, title, meta, text) in enumerate(record.docs):
            doc = [folder + url, title, meta, text] + ([record.name] if portal else [])
            yield f"p/{kim}/{number}.json", _dump(doc)
        terms = _with_places(record) if portal else record.terms
        for w, postings in terms.items():
            for key in record.stems.get(w, w).split(" "):
                table.setdefault(key, {}).setdefault("" if w == key else w, []).extend((kim, postings))
    shards, split = _split(table)
    for name, members in shards.items():
        yield f"t/{name}.json", _dump({key: {w: _postings(found) for w, found in table[key].items()}
                                       for key in members})
    yield "meta.json", _dump({"v": FORMAT, "stop": sorted(STOPWORDS), "files": sorted(shards), "split": split})


def _with_places(record: Record) -> dict[str, list[int]]:
    terms = dict(record.terms)
    for w in record.places:
        have = {p >> 3: p for p in terms.get(w, [])}
        terms[w] = [have.get(n, n * 8 + TEXT) for n in range(len(record.docs))]
    return terms


def _postings(found: list) -> list[int]:
    out: list[int] = []
    for kim, postings in zip(found[::2], found[1::2]):
        out.append(-(kim + 1))
        out.extend(postings)
    return out


def _size(words: dict[str, list]) -> int:
    """About the bytes a key takes in its term file."""
    return sum(len(w) + 6 + sum(len(p) for p in found[1::2]) * 4 + len(found) for w, found in words.items())


def _split(table: dict[str, dict[str, list]]) -> tuple[dict[str, list[str]], list[str]]:
    """Term files by stem prefix: a prefix whose keys are too many for one file is split by the
    next letter (keys no longer than it stay in its own file). Returns {file: keys}, split prefixes."""
    sizes = {key: _size(found) for key, found in table.items()}
    shards: dict[str, list[str]] = {}
    split: list[str] = []

    def place(prefix: str, members: list[str]) -> None:
        if len(prefix) >= MAX_PREFIX or sum(sizes[k] for k in members) <= SHARD_BYTES:
            shards[prefix or ROOT] = members
            return
        split.append(prefix)
        groups: dict[str, list[str]] = {}
        for key in members:
            groups.setdefault(key[:len(prefix) + 1], []).append(key)
        for sub, group in sorted(groups.items()):
            if sub == prefix:
                shards[prefix] = group
            else:
                place(sub, group)

    place("", sorted(table))
    return shards, sorted(split)
