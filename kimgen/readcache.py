"""Front matter read once per content, and the spam and privacy lint run once per text.

The YAML loader is the guarded pure-Python one (yamlfile.py), about 1.5 ms per post, so
reading a KIM of 40 posts again because one of them changed spent most of its time
parsing 39 unchanged front matters. A post is remembered by its front matter alone (with
where it lives, its kind, the zone, the language of the messages and kimgen's own code):
an edit of the body only reuses it too. Its body and text always come from the file.
The problems each step reported are replayed on every hit. The YAML files read
around them (provinsi.yaml, profil.yaml) are remembered by their text too
(yamlfile.remembering), so a body-only edit does not even import PyYAML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kimgen.cache import DiskMemo, code_stamp, digest
from kimgen.discovery import SourceFile
from kimgen.lint import lint_text
from kimgen.messages import language
from kimgen.parsing import RawPost, parse_post, split_front_matter
from kimgen.problems import Problem, Problems
from kimgen.yamlfile import ContentError, read_text


class CachingReader(DiskMemo):
    """read_post() with a per-KIM memo on disk (load() before a KIM, save() after it)."""

    def __init__(self):
        self.store: dict[str, tuple[RawPost | None, list[Problem]]] = {}
        self.used: dict[str, tuple[RawPost | None, list[Problem]]] = {}

    def __call__(self, source: SourceFile, problems: Problems, max_bytes: int, zone: dt.tzinfo) -> RawPost | None:
        """read_post()"""
        try:
            text = read_text(source.path, source.rel, max_bytes)
        except ContentError as exc:
            problems.items.append(exc.problem)
            return None
        try:
            front, body, body_line = split_front_matter(text, source.rel) if text.strip() else ("", "", 0)
        except ContentError:
            front = None
        if not front:  # empty, or no front matter: parse_post says what is wrong
            return parse_post(source, text, problems, zone)
        key = digest("post", front.encode(), body_line, source.rel, source.kind, str(zone), language(), code_stamp())
        hit = self.store.get(key)
        if hit is None:
            found = Problems()
            raw = parse_post(source, text, found, zone)
            # neither the file's text nor the source's absolute path (the KIM folder may move)
            hit = (raw and dataclasses.replace(raw, source=None, body="", text=""), found.items)
        self.used[key] = hit
        problems.items.extend(hit[1])
        raw = hit[0]
        # a copy: assign_slugs() renames the copy, never the remembered post
        return raw and dataclasses.replace(raw, source=source, body=body, text=text)

    def recall(self, key: str):
        """The value kept under `key`, or None (yamlfile.remembering)."""
        hit = self.store.get(key)
        if hit is not None:
            self.used[key] = hit
        return hit

    def keep(self, key: str, value) -> None:
        self.used[key] = value

    def lint(self, text: str, rel: str, problems: Problems, allowed_phones=(), first_line: int = 1,
             yaml: bool = False) -> None:
        """lint_text()"""
        allowed = tuple(allowed_phones)
        # texts as bytes: digest() would repr() them first
        key = digest("lint", text.encode(), rel, allowed, first_line, yaml, language(), code_stamp())
        hit = self.store.get(key)
        if hit is None:
            found = Problems()
            lint_text(text, rel, found, allowed, first_line=first_line, yaml=yaml)
            hit = (None, found.items)
        self.used[key] = hit
        problems.items.extend(hit[1])
