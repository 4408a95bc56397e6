"""Reading posts: front matter (with lines) and body, validated per post type."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path

from kimgen.config import fields as f
from kimgen.config.videos import video_link
from kimgen.config import placeholders
from kimgen.content.discovery import SourceFile
from kimgen.problems.messages import msg
from kimgen.problems import Problem, Problems
from kimgen.config.slugs import slug_from_filename, slugify
from kimgen.config.yamlfile import ContentError, load_yaml, read_text

ADINDA = ("akses", "diskusi", "implementasi", "networking", "diseminasi", "aspirasi")
FACT_STATUS = ("hoaks", "disinformasi", "misinformasi", "benar")

_PHOTO = f.mapping({"gambar": f.Field(f.text, required=True, help="Foto di media/, misalnya media/album/foto-1.jpg"),
                    "keterangan": f.Field(f.text, help="Keterangan foto: siapa, apa, di mana")})


def photo_list(value) -> list[dict]:
    """An album's photos: each a path (or a folder of media/ ending in `/`) or {gambar, keterangan}."""
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        result.append(_PHOTO(item) if isinstance(item, dict) else {"gambar": f.text(item)})
    return result


photo_list.json_schema = {"type": "array", "items": {"anyOf": [{"type": "string"}, _PHOTO.json_schema]}}

_COMMON = {
    "judul": f.Field(f.line, required=True, help="Judul tulisan", example="Sosialisasi Posyandu Balita"),
    "tanggal": f.Field(f.local_datetime, required=True, example="2024-12-11",
                       help="Tanggal terbit, misalnya 2024-12-11 (jam menurut zona_waktu provinsi bila tanpa zona)"),
    "ringkasan": f.Field(f.text, help="Satu kalimat untuk daftar dan pratinjau WhatsApp"),
    "kategori": f.Field(f.line, help="Kategori, misalnya kesehatan"),
    "tag": f.Field(f.string_list, default=list, help="Daftar tag, misalnya [posyandu, stunting]"),
    "gambar": f.Field(f.text, help="Gambar sampul, misalnya media/foto.jpg"),
    "penulis": f.Field(f.line, help="Nama penulis"),
    "draf": f.Field(f.boolean, default=False, help="true: belum diterbitkan"),
    "slug": f.Field(f.text, help="Alamat tulisan (opsional), huruf kecil dan tanda hubung"),
    "video": f.Field(video_link, help="Video YouTube, Facebook, Instagram atau TikTok (opsional), misalnya "
                                       "https://youtu.be/dQw4w9WgXcQ"),
    "audio": f.Field(f.text, help="Rekaman suara di media/ (.mp3, .m4a, .ogg), misalnya media/siaran.mp3"),
    "galeri": f.Field(photo_list, default=list,
                      help="Daftar foto {gambar, keterangan}, atau folder foto seperti media/album/"),
}

SCHEMAS: dict[str, dict[str, f.Field]] = {
    "berita": {**_COMMON, "adinda": f.Field(f.choice(*ADINDA), help="Jenis kegiatan: " + ", ".join(ADINDA))},
    "galeri": {**_COMMON, "galeri": f.Field(photo_list, required=True,
                                            example="\n  - gambar: media/album/foto-1.jpg\n    keterangan: ...",
                                            help=_COMMON["galeri"].help)},
    "agenda": {**_COMMON,
               "tanggal_mulai": f.Field(f.local_datetime, required=True, example="2024-12-20 08:00",
                                        help="Mulai, misalnya 2024-12-20 08:00"),
               "tanggal_selesai": f.Field(f.local_datetime, help="Selesai, misalnya 2024-12-20 12:00"),
               "lokasi": f.Field(f.line, help="Tempat kegiatan")},
    "pengumuman": {**_COMMON,
                   "penting": f.Field(f.boolean, default=False, help="true: tampil sebagai spanduk di semua halaman"),
                   "berlaku_sampai": f.Field(f.date_value, help="Tanggal terakhir spanduk ditampilkan")},
    "cek-fakta": {**_COMMON,
                  "klaim": f.Field(f.text, required=True, help="Isi kabar yang diperiksa",
                                   example="Beredar kabar bantuan tunai lewat tautan WhatsApp"),
                  "status": f.Field(f.choice(*FACT_STATUS), required=True, example="hoaks",
                                    help="hoaks, disinformasi, misinformasi atau benar"),
                  "sumber": f.Field(f.url_list, default=list, help="Daftar alamat sumber (https://...)")},
    "potensi": {**_COMMON,
                "harga": f.Field(f.integer, help="Harga dalam rupiah, angka saja, misalnya 25000"),
                "kontak": f.Field(f.whatsapp, help="Nomor WhatsApp penjual, misalnya 0812-3456-7890")},
    "halaman": {**_COMMON, "tanggal": f.Field(f.local_datetime, help="Tanggal (opsional)"),
                "urutan": f.Field(f.integer, default=100, help="Urutan di menu (kecil dulu)")},
}


@dataclass
class RawPost:
    """A post after its front matter was read and checked, before markdown."""

    source: SourceFile
    values: dict
    body: str
    body_line: int  # file line where the body starts
    lines: dict[str, int]
    explicit_slug: bool
    slug: str
    text: str = ""  # the whole file, for the spam and privacy lint


def split_front_matter(text: str, rel: str) -> tuple[str, str, int]:
    """Return (front matter, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(Problem(rel, 1, "", msg("fm_missing_open")))
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    raise ContentError(Problem(rel, 1, "", msg("fm_not_closed")))


def read_post(source: SourceFile, problems: Problems, max_bytes: int,
              zone: dt.tzinfo = f.DEFAULT_ZONE) -> RawPost | None:
    try:
        text = read_text(source.path, source.rel, max_bytes)
    except ContentError as exc:
        problems.items.append(exc.problem)
        return None
    return parse_post(source, text, problems, zone)


def parse_post(source: SourceFile, text: str, problems: Problems, zone: dt.tzinfo = f.DEFAULT_ZONE) -> RawPost | None:
    """A post from the text of its file (read_text's)."""
    kind = source.kind
    try:
        if not text.strip():
            raise ContentError(Problem(source.rel, 1, "", msg("empty_file")))
        front, body, body_line = split_front_matter(text, source.rel)
        data, lines = load_yaml(front, source.rel, first_line=2)
    except ContentError as exc:
        problems.items.append(exc.problem)
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(source.rel, 2, "", msg("fm_not_mapping"))
        return None
    before = len(problems.errors)
    values = f.validate(data, SCHEMAS[kind], source.rel, lines, problems, first_line=1, front_matter=True)
    for key in ("tanggal", "tanggal_mulai", "tanggal_selesai"):
        if isinstance(values.get(key), dt.datetime):
            values[key] = f.in_zone(values[key], zone)
    if kind == "pengumuman" and values.get("penting") and data.get("berlaku_sampai") is None:
        problems.error(source.rel, lines.get("penting", 2), "berlaku_sampai", msg("penting_needs_until"))
    if kind == "agenda" and values.get("tanggal_selesai") and values.get("tanggal_mulai") \
            and values["tanggal_selesai"] < values["tanggal_mulai"]:
        problems.error(source.rel, lines.get("tanggal_selesai", 2), "tanggal_selesai",
                       msg("end_before_start"))
    if not values.get("draf"):  # a draft is never published: its example texts may wait
        placeholders.report_in_values(data, lines, source.rel, problems)
        placeholders.report_in_body(body, body_line, source.rel, problems)
        if not body.strip() and not any(values.get(k) for k in ("video", "audio", "galeri")):
            problems.warning(source.rel, body_line - 1, "", msg("empty_body"))
    if len(problems.errors) > before:
        return None
    explicit = bool(values.get("slug"))
    slug = slugify(values["slug"]) if explicit else slug_from_filename(Path(source.rel).stem)
    if not slug:
        problems.error(source.rel, lines.get("slug", 2), "slug", msg("slug_impossible"))
        return None
    return RawPost(source, values, body, body_line, lines, explicit, slug, text)


def _sort_key(raw: RawPost):
    date = raw.values.get("tanggal")
    return (date.timestamp() if date else 0.0, raw.source.rel)


def assign_slugs(raws: list[RawPost], problems: Problems) -> None:
    """DESIGN.md's rule: the earliest keeps its slug, so a newer post never moves an older one's URL;
    a later derived slug gets its date appended (a warning), a later explicit `slug:` is an error."""
    by_slug: dict[tuple[str, str], list[RawPost]] = {}
    for raw in sorted(raws, key=_sort_key):
        by_slug.setdefault((raw.source.kind, raw.slug), []).append(raw)
    for (_kind, slug), group in by_slug.items():
        keeper = group[0]
        for raw in group:
            if raw is keeper:
                continue
            if raw.explicit_slug:
                problems.error(raw.source.rel, raw.lines.get("slug", 2), "slug",
                               msg("slug_taken", slug=slug, other=keeper.source.rel))
                raw.slug = ""
                continue
            date = raw.values.get("tanggal")
            raw.slug = f"{slug}-{date.date().isoformat()}" if date else f"{slug}-2"
            twin = raw.source.rel.lower() == keeper.source.rel.lower()
            problems.warning(raw.source.rel, 0, "" if twin else "slug",
                             msg("name_case_twin" if twin else "slug_renamed", other=keeper.source.rel, slug=raw.slug))


def kim_relative(path: str, base: str = "") -> str | None:
    """Normalise a content path (gambar, logo) against the KIM folder; None if it leaves it."""
    if path.startswith("/") or "\\" in path or "://" in path:
        return None
    normal = posixpath.normpath(posixpath.join(base, path))
    return None if normal.startswith("..") else normal


def is_published(values: dict, now: dt.datetime) -> bool:
    if values.get("draf"):
        return False
    date = values.get("tanggal")
    return date is None or date <= now
