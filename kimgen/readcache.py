"""Front matter read once per content: parsed posts remembered by the bytes of their file.

The YAML loader is the guarded pure-Python one (yamlfile.py), about 1.5 ms per post, so
reading a KIM of 40 posts again because one of them changed spent most of its time
parsing 39 unchanged front matters. The key covers everything read_post() reads: the
file's bytes, where it lives, its kind, the size limit, the zone, the language of the
messages and kimgen's own code; the problems it reported are replayed on every hit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
from pathlib import Path

from kimgen.cache import code_stamp, digest
from kimgen.discovery import SourceFile
from kimgen.messages import language
from kimgen.parsing import RawPost, read_post
from kimgen.problems import Problem, Problems


class CachingReader:
    """read_post() with a per-KIM memo on disk (load() before a KIM, save() after it)."""

    def __init__(self):
        self.store: dict[str, tuple[RawPost | None, list[Problem]]] = {}
        self.used: dict[str, tuple[RawPost | None, list[Problem]]] = {}

    def load(self, path: Path | None) -> None:
        self.used = {}
        self.store = {}
        if path is not None:
            try:
                with path.open("rb") as handle:
                    store = pickle.load(handle)
                self.store = store if isinstance(store, dict) else {}
            except Exception:  # noqa: BLE001 - a broken cache only costs parsing
                self.store = {}

    def save(self, path: Path) -> None:
        if self.used.keys() == self.store.keys():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def __call__(self, source: SourceFile, problems: Problems, max_bytes: int, zone: dt.tzinfo) -> RawPost | None:
        try:
            data = source.path.read_bytes()
        except OSError:
            return read_post(source, problems, max_bytes, zone)  # it says what is wrong
        key = digest(data, source.rel, source.kind, max_bytes, str(zone), language(), code_stamp())
        hit = self.store.get(key)
        if hit is None:
            found = Problems()
            raw = read_post(source, found, max_bytes, zone)
            # the source's absolute path is not part of what was read: the KIM folder may move
            hit = (raw and dataclasses.replace(raw, source=None), found.items)
        self.used[key] = hit
        problems.items.extend(hit[1])
        raw = hit[0]
        # a copy: assign_slugs() renames the copy, never the remembered post
        return raw and dataclasses.replace(raw, source=source)
