"""The example texts `kimgen new` writes for the admin to replace, and finding them where they were left.

The scaffolds take their example texts from here, and the check looks for the same texts, so a
scaffold saved as it is ("Kecamatan Isi nama kecamatan", "Tulis beritanya di sini") is an error
that names the line to fill in, never a published page.
"""

from __future__ import annotations

import re

from kimgen.problems.messages import msg
from kimgen.problems import Problems

# id -> the text, as the templates write it (profil.yaml values, then post bodies)
PLACEHOLDERS: dict[str, str] = {
    "desa": "Isi nama desa atau kelurahan",
    "kecamatan": "Isi nama kecamatan",
    "kabupaten": "Isi nama kabupaten/kota",
    "berita": "Tulis beritanya di sini: apa, siapa, kapan, di mana, mengapa dan bagaimana.",
    "agenda": "Jelaskan kegiatannya di sini: acara, siapa yang diundang, apa yang perlu dibawa.",
    "pengumuman": "Tulis isi pengumuman di sini.",
    "cek-fakta": "Jelaskan faktanya di sini: dari mana kabar itu beredar, apa yang sebenarnya terjadi, "
                 "dan sumbernya.",
    "klaim": "Tulis isi kabar yang diperiksa di sini",
    "potensi": "Ceritakan produknya di sini: bahan, ukuran, cara memesan dan lokasi.",
    "galeri": "Ceritakan kegiatannya di sini: satu atau dua paragraf tentang album ini.",
    "keterangan": "Tulis siapa, apa dan di mana",
    "halaman": "Tulis isi halaman di sini.",
}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w/]+", " ", text.casefold()).split())


# Recognised by what comes before the first colon ("Tulis beritanya di sini"), so an admin who wrote
# after the colon but left the instruction is told too.
_KNOWN = [(_plain(text.split(":")[0]), text) for text in PLACEHOLDERS.values()]


def placeholder_in(text: str) -> str | None:
    """The example text `text` still holds (whatever the case, spacing or punctuation), or None."""
    plain = _plain(text)
    return next((original for known, original in _KNOWN if known in plain), None)


def report_in_values(data, lines: dict[str, int], rel: str, problems: Problems, first_line: int = 1,
                     prefix: str = "") -> None:
    """An error for every value (nested ones too) that still holds an example text."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        path = f"{prefix}{key}"
        if isinstance(value, (dict, list)):
            report_in_values(value, lines, rel, problems, first_line, f"{path}.")
        elif isinstance(value, str):
            found = placeholder_in(value)
            if found:
                line = _line_of(path, lines, first_line)
                problems.error(rel, line, path, msg("placeholder_value", text=found, line=line))


def report_in_body(body: str, first_line: int, rel: str, problems: Problems) -> None:
    """An error for every line of a post's text that is still an example text."""
    for offset, text in enumerate(body.split("\n")):
        found = placeholder_in(text)
        if found:
            line = first_line + offset
            problems.error(rel, line, "", msg("placeholder_body", text=_short(found), line=line))


def _line_of(path: str, lines: dict[str, int], default: int) -> int:
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return default


def _short(text: str) -> str:
    head, colon, _ = text.partition(":")
    return f"{head}: …" if colon else text
