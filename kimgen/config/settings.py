"""provinsi.yaml and profil.yaml: schemas with defaults in one place, typed results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.config import fields as f
from kimgen.config.placeholders import placeholder_in, report_in_values
from kimgen.problems.messages import did_you_mean, msg
from kimgen.problems import Problems
from kimgen.config.slugs import slugify
from kimgen.config.yamlfile import ContentError, load_yaml, read_text

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

KABUPATEN_SCHEMA = {
    "nama": f.Field(f.line, required=True, help="Nama kabupaten/kota"),
    "pembina": f.Field(f.text, help="Dinas Kominfo kabupaten/kota yang membina"),
}

PROVINCE_SCHEMA: dict[str, f.Field] = {
    "nama": f.Field(f.line, required=True, help="Nama provinsi", example="Jawa Timur"),
    "pengelola": f.Field(f.line, required=True, help="Instansi pengelola portal",
                         example="Dinas Kominfo Provinsi Jawa Timur"),
    "base_url": f.Field(f.http_url, required=True, help="Alamat web portal, untuk feed, sitemap dan canonical",
                        example="https://kim.example.go.id/"),
    "bahasa": f.Field(f.choice("id", "en"), default="id", help="Bahasa tampilan: id atau en"),
    "zona_waktu": f.Field(lambda v: f.choice("wib", "wita", "wit")(v).upper(), default="WIB",
                          help="WIB, WITA atau WIT", json={"type": "string", "enum": ["WIB", "WITA", "WIT"]}),
    "tema": f.Field(f.text, default="default", help="Nama tema"),
    "batas_vakum_hari": f.Field(f.integer, default=90, help="Hari tanpa tulisan sebelum KIM dianggap vakum"),
    "kabupaten": f.Field(lambda v: _list_of(v, f.mapping(KABUPATEN_SCHEMA)), default=list,
                         help="Daftar kabupaten/kota dan pembinanya",
                         json={"type": "array", "items": f.mapping(KABUPATEN_SCHEMA).json_schema}),
    "batas_markdown_kb": f.Field(f.integer, default=512, help="Ukuran maksimum satu berkas markdown (KB)"),
    "batas_media_kb": f.Field(f.integer, default=10240, help="Ukuran maksimum satu berkas media selain foto (KB)"),
    # phone photos are uploaded as they are (a 50-megapixel JPEG or HEIC is 15-25 MB) and only their
    # resized copies are published, so their limit guards the build machine, not the readers
    "batas_foto_kb": f.Field(f.integer, default=30720, help="Ukuran maksimum satu foto (KB)"),
}

_PENGURUS = f.mapping({"nama": f.Field(f.text, required=True), "jabatan": f.Field(f.text)})
LEVELS = ("desa", "kecamatan", "kabupaten", "provinsi", "nasional")
_PRESTASI = f.mapping({"tahun": f.Field(f.integer, required=True, help="Tahun, misalnya 2024"),
                       "nama": f.Field(f.text, required=True, help="Nama prestasi, misalnya Juara 2 Lomba Website KIM"),
                       "tingkat": f.Field(f.choice(*LEVELS), help="desa, kecamatan, kabupaten, provinsi atau nasional"),
                       "penyelenggara": f.Field(f.text, help="Penyelenggara lomba atau penghargaan")})

PROFILE_SCHEMA: dict[str, f.Field] = {
    "nama": f.Field(f.line, required=True, help="Nama KIM", example="KIM Sumber Rejeki"),
    "nomor_induk": f.Field(f.text, help="Nomor registrasi KIM"),
    "desa": f.Field(f.line, required=True, help="Nama desa atau kelurahan", example="Sumberrejo"),
    "jenis_wilayah": f.Field(f.choice("desa", "kelurahan"), default="desa", help="desa atau kelurahan"),
    "kecamatan": f.Field(f.line, required=True, help="Nama kecamatan", example="Purwosari"),
    "kabupaten": f.Field(f.line, required=True, help="Nama kabupaten/kota, sama persis dengan provinsi.yaml",
                         example="Kabupaten Pasuruan"),
    "deskripsi": f.Field(f.text, help="Satu paragraf tentang KIM"),
    "visi": f.Field(f.text, help="Visi KIM"),
    "misi": f.Field(f.string_list, default=list, help="Daftar misi"),
    "jumlah_anggota": f.Field(f.integer, help="Jumlah anggota"),
    "dibentuk": f.Field(f.date_value, help="Tanggal dibentuk (tahun-bulan-tanggal)"),
    "sk": f.Field(f.mapping({"nomor": f.Field(f.text), "tanggal": f.Field(f.date_value),
                             "oleh": f.Field(f.text)}), help="Surat keputusan pembentukan"),
    "ketua": f.Field(f.line, help="Nama ketua"),
    "pengurus": f.Field(lambda v: _list_of(v, _PENGURUS), default=list, help="Daftar pengurus {nama, jabatan}",
                        json={"type": "array", "items": _PENGURUS.json_schema}),
    "kontak": f.Field(f.mapping({"alamat": f.Field(f.text), "telepon": f.Field(f.text),
                                 "whatsapp": f.Field(f.text), "email": f.Field(f.text)}),
                      default=dict, help="Kontak KIM"),
    "media_sosial": f.Field(f.mapping({k: f.Field(f.http_url) for k in
                                       ("facebook", "instagram", "youtube", "tiktok", "x", "twitter")}),
                            default=dict, help="Alamat media sosial (https://...)"),
    "bidang": f.Field(f.string_list, default=list, help="Bidang kegiatan"),
    "logo": f.Field(f.text, help="Logo, misalnya media/logo.png"),
    "sampul": f.Field(f.text, help="Foto sampul beranda, misalnya media/sampul.jpg (bila kosong: foto tulisan terbaru)"),
    "prestasi": f.Field(lambda v: _list_of(v, _PRESTASI), default=list,
                        help="Prestasi KIM {tahun, nama, tingkat: desa|kabupaten|provinsi|nasional}",
                        json={"type": "array", "items": _PRESTASI.json_schema}),
    "warna": f.Field(f.hex_colour, help="Warna utama situs, misalnya #0b6e4f"),
    "lokasi": f.Field(f.mapping({"lat": f.Field(f.number(-90, 90, "-7.65")),
                                 "lon": f.Field(f.number(-180, 180, "112.91"))}), help="Koordinat {lat, lon}"),
    "base_url": f.Field(f.http_url, help="Domain sendiri KIM ini (opsional)"),
}


def _list_of(value, convert):
    if not isinstance(value, list):
        raise f.Invalid(msg("list_expected"))
    return [convert(item) for item in value]


@dataclass
class Kabupaten:
    nama: str
    slug: str
    pembina: str = ""


@dataclass
class Province:
    nama: str
    pengelola: str
    base_url: str
    bahasa: str = "id"
    zona_waktu: str = "WIB"
    tema: str = "default"
    batas_vakum_hari: int = 90
    kabupaten: list[Kabupaten] = field(default_factory=list)
    batas_markdown_kb: int = 512
    batas_media_kb: int = 10240
    batas_foto_kb: int = 30720

    @property
    def timezone(self) -> str:
        return ZONES[self.zona_waktu]


@dataclass
class Profile:
    nama: str
    desa: str
    kecamatan: str
    kabupaten: str
    jenis_wilayah: str = "desa"
    nomor_induk: str | None = None
    deskripsi: str | None = None
    visi: str | None = None
    misi: list[str] = field(default_factory=list)
    jumlah_anggota: int | None = None
    dibentuk: dt.date | None = None
    sk: dict | None = None
    ketua: str | None = None
    pengurus: list[dict] = field(default_factory=list)
    kontak: dict = field(default_factory=dict)
    media_sosial: dict = field(default_factory=dict)
    bidang: list[str] = field(default_factory=list)
    logo: str | None = None
    sampul: str | None = None  # KIM-relative media path of the home's cover photo
    prestasi: list[dict] = field(default_factory=list)  # newest first
    warna: str | None = None
    lokasi: dict | None = None
    base_url: str | None = None
    whatsapp: str | None = None  # kontak.whatsapp as digits for wa.me links; kontak keeps the text as written


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _load_mapping(path: Path, rel: str, problems: Problems,
                  max_bytes: int | None = None) -> tuple[dict, dict[str, int]] | None:
    try:
        data, lines = load_yaml(read_text(path, rel, max_bytes), rel)
    except ContentError as exc:
        problems.items.append(exc.problem)
        return None
    if not isinstance(data, dict):
        problems.error(rel, 1, "", msg("not_mapping"))
        return None
    return data, lines


def read_province(root: Path, problems: Problems, base_url: str | None = None) -> Province | None:
    """provinsi.yaml for a build: any failure is a reported problem, `--base-url` applied."""
    try:
        province = load_province(root, problems)
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        problems.error("provinsi.yaml", 0, "", msg("province_unreadable", error=f"{type(exc).__name__}: {exc}"))
        return None
    if province is not None and base_url:
        province.base_url = base_url.rstrip("/") + "/"
    return province


def load_province(root: Path, problems: Problems) -> Province | None:
    rel = "provinsi.yaml"
    path = root / rel
    if not path.is_file():
        problems.error(rel, 0, "", f"berkas tidak ditemukan di {root}. Setiap folder konten wajib punya provinsi.yaml.")
        return None
    loaded = _load_mapping(path, rel, problems)
    if loaded is None:
        return None
    before = len(problems.errors)
    values = f.validate(loaded[0], PROVINCE_SCHEMA, rel, loaded[1], problems)
    if len(problems.errors) > before:
        return None
    values["base_url"] = values["base_url"].rstrip("/") + "/"
    values["kabupaten"] = [Kabupaten(k["nama"], slugify(k["nama"]), k.get("pembina", ""))
                           for k in values["kabupaten"]]
    return Province(**values)


def load_profile(kim_dir: Path, rel_dir: str, province: Province, problems: Problems) -> Profile | None:
    rel = f"{rel_dir}/profil.yaml"
    path = kim_dir / "profil.yaml"
    if not path.is_file():
        problems.error(rel, 0, "", "berkas profil KIM tidak ditemukan. Buat profil.yaml berisi nama, desa, "
                       "kecamatan dan kabupaten (lihat `kimgen new kim`).")
        return None
    if path.is_symlink() and not _inside(path, kim_dir):
        problems.error(rel, 0, "", msg("profile_symlink_out"))
        return None
    loaded = _load_mapping(path, rel, problems, province.batas_markdown_kb * 1024)
    if loaded is None:
        return None
    data, lines = loaded
    before = len(problems.errors)
    values = f.validate(data, PROFILE_SCHEMA, rel, lines, problems)
    report_in_values(data, lines, rel, problems)
    known = [k.nama for k in province.kabupaten]
    if known and values.get("kabupaten") and values["kabupaten"] not in known \
            and not placeholder_in(values["kabupaten"]):
        problems.error(rel, lines.get("kabupaten", 1), "kabupaten",
                       f"`{values['kabupaten']}` tidak ada dalam daftar kabupaten di provinsi.yaml"
                       + did_you_mean(values["kabupaten"], known) + ".")
    if len(problems.errors) > before:
        return None
    if values.get("base_url"):
        values["base_url"] = values["base_url"].rstrip("/") + "/"
    values["prestasi"] = sorted(values["prestasi"], key=lambda item: -item["tahun"])  # newest first, stable
    raw_whatsapp = values["kontak"].get("whatsapp")
    if raw_whatsapp:
        try:
            values["whatsapp"] = f.whatsapp(raw_whatsapp)
        except f.Invalid as exc:
            # a warning: the text is still shown on the profile, only the wa.me links are left out
            problems.warning(rel, lines.get("kontak.whatsapp", lines.get("kontak", 1)), "kontak.whatsapp", str(exc))
    return Profile(**values)
