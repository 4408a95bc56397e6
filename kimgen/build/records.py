"""The cache's files: plain JSON, read back only into the dataclasses registered here.

A cache file can be planted by anyone who can write where it lives, so it must never be able
to run code when read (as a pickle can): decoding knows only JSON values, dates and the
registered classes, and anything else makes the file count as missing, which only costs a
rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from kimgen.config.settings import Kabupaten, Profile, Province
from kimgen.problems import Problem
from kimgen.render.search import Record
from kimgen.site.model import KimSummary, Post, Term

_CLASSES: dict[str, type] = {}


def register(*classes: type) -> None:
    for cls in classes:
        _CLASSES[cls.__name__] = cls


register(Kabupaten, Profile, Province, Problem, Record, KimSummary, Post, Term)


class Damaged(Exception):
    """A cache file that is not what this code writes."""


_PLAIN = frozenset({str, bool, int, float, type(None)})  # JSON's own values: stored as they are


def encode(value):
    """JSON-ready form of `value`. Every mapping becomes {"$map": pairs}, so a key written by
    an admin (a profile's `kontak`) can never pass for one of the markers."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:  # search postings and the like: long lists of plain values, one call for them all
        return [v if type(v) in _PLAIN else encode(v) for v in value]
    if isinstance(value, dt.datetime):
        zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
        return {"$datetime": value.isoformat(), "zone": zone}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, (str, bool, int, float)):  # a subclass (an enum of str, a YAML scalar)
        return kind.__mro__[1](value) if kind.__mro__[1] in _PLAIN else str(value)
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        return {"$type": type(value).__name__,
                "fields": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot store {type(value).__name__} in the cache")


def decode(value):
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [v if type(v) in _PLAIN else decode(v) for v in value]
    if not isinstance(value, dict):
        raise Damaged(type(value).__name__)
    if "$map" in value:
        return {_key(decode(k)): decode(v) for k, v in value["$map"]}
    if "$tuple" in value:
        return tuple(decode(v) for v in value["$tuple"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$datetime" in value:
        moment = dt.datetime.fromisoformat(value["$datetime"])
        return moment.astimezone(ZoneInfo(value["zone"])) if value.get("zone") else moment
    cls = _CLASSES.get(value.get("$type"))
    if cls is None or not isinstance(value.get("fields"), dict):
        raise Damaged(str(value.get("$type")))
    names = {f.name for f in dataclasses.fields(cls)}
    fields = value["fields"]
    if not set(fields) <= names:
        raise Damaged(cls.__name__)
    return cls(**{name: decode(v) for name, v in fields.items()})


def _key(key):
    if isinstance(key, (dict, list)):
        raise Damaged("key")
    return key


def dumps(value) -> bytes:
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def save(path: Path, value) -> None:
    write_atomic(path, dumps(value))


def load(path: Path, default=None):
    """The value stored at `path`, or `default` when it is missing or damaged."""
    raw = load_json(path)
    if raw is None:
        return default
    try:
        return decode(raw)
    except (Damaged, TypeError, ValueError, KeyError, LookupError):
        return default


def load_json(path: Path):
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def save_json(path: Path, value) -> None:
    write_atomic(path, json.dumps(value, separators=(",", ":")).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """A cache file replaced in one rename: a build killed meanwhile leaves the old one or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
