"""URL slugs: lowercase a-z, 0-9 and hyphens only."""

from __future__ import annotations

import re
import unicodedata

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def slugify(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def slug_from_filename(stem: str) -> str:
    return slugify(_DATE_PREFIX.sub("", stem)) or slugify(stem)


def is_slug(value: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value))
