"""`kimgen new`: start a KIM or a post from the templates in kimgen/scaffold/.

The templates carry Indonesian comments saying what to fill in, and example texts
(kimgen.config.placeholders) where the admin must write: the check refuses a file
that still holds one, so a scaffold saved as it is never reaches the site. Nothing
is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

import frontmatter
import yaml

from kimgen.site.assemble import RESERVED_IN_KIM
from kimgen.config.placeholders import PLACEHOLDERS
from kimgen.config.settings import PROFILE_SCHEMA, load_province
from kimgen.content.discovery import POST_KINDS, RESERVED_TOP
from kimgen.build.reading import clock
from kimgen.problems import Problems
from kimgen.config.slugs import is_slug, slugify

SCAFFOLD_DIR = Path(__file__).parent / "scaffold"
UNDATED = {"halaman"}


class ScaffoldError(Exception):
    """A scaffold that cannot be made; `exit_code` follows DESIGN.md (1 content, 2 usage)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Created:
    paths: list[Path]


def yaml_scalar(value: str) -> str:
    """Write `value` so YAML reads it back as the same string (plain when that is safe)."""
    text = str(value).strip()
    try:
        if text and yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def today(root: Path) -> dt.date:
    """Today in the province's zone (KIMGEN_NOW pins it, as for builds)."""
    return clock(_province(root).timezone).date()


def _province(root: Path):
    problems = Problems()
    province = load_province(root, problems)
    if province is None:
        raise ScaffoldError("provinsi.yaml belum benar; jalankan `kimgen check` dan perbaiki dulu:\n"
                            + "\n".join(p.format() for p in problems.errors), 1)
    return province


def _render(template: str, **values: str) -> str:
    examples = {f"contoh_{key.replace('-', '_')}": text if template.endswith(".md") and key in POST_KINDS
                else yaml_scalar(text) for key, text in PLACEHOLDERS.items()}
    text = Template((SCAFFOLD_DIR / template).read_text(encoding="utf-8")).substitute({**examples, **values})
    if template.endswith(".md"):
        frontmatter.loads(text)  # the scaffold must be readable front matter before anyone sees it
    else:
        yaml.safe_load(text)
    return text


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} sudah ada; kimgen tidak menimpa berkas. Pilih judul atau nama lain, "
                            "atau sunting berkas yang sudah ada.") from None


def new_kim(root: Path, slug: str, answers: dict[str, str] | None = None) -> Created:
    """Create kim/<slug>/ with profil.yaml, an about page and empty berita/ and media/ folders."""
    if not is_slug(slug) or slug in RESERVED_TOP:
        raise ScaffoldError(f"`{slug}` tidak bisa dipakai sebagai nama folder KIM: pakai huruf kecil a-z, angka "
                            "dan tanda hubung, misalnya `kim-sumber-rejeki`, dan bukan nama yang dipakai portal.", 2)
    folder = root / "kim" / slug
    if folder.exists():
        raise ScaffoldError(f"folder {folder} sudah ada; kimgen tidak menimpa KIM yang sudah ada. "
                            "Pilih nama lain atau hapus foldernya dulu.")
    province = _province(root)
    name = slug.replace("-", " ").title().replace("Kim ", "KIM ", 1)
    # without answers (no terminal), what only the admin knows stays an example text for the check to refuse
    values = {"nama": name, "desa": PLACEHOLDERS["desa"], "kecamatan": PLACEHOLDERS["kecamatan"],
              "kabupaten": PLACEHOLDERS["kabupaten"]}
    values.update({k: v for k, v in (answers or {}).items() if v})
    choices = ", ".join(" ".join(k.nama.split()) for k in province.kabupaten) or "-"
    profile = _render("profil.yaml", kabupaten_pilihan=choices, **{k: yaml_scalar(v) for k, v in values.items()})
    # a draft until written: a new KIM's about page is not published with its example text
    about = _render("halaman.md", judul=yaml_scalar("Tentang Kami"),
                    draf="# Hapus baris draf di bawah ini setelah halaman ditulis, agar halaman terbit.\ndraf: true\n")
    paths = [folder / "profil.yaml", folder / "halaman" / "tentang.md"]
    _write_new(paths[0], profile)
    _write_new(paths[1], about)
    for empty in ("berita", "media"):
        (folder / empty).mkdir(exist_ok=True)
        (folder / empty / ".gitkeep").touch()  # git keeps no empty folders; discovery skips dot files
    return Created(paths)


def new_post(root: Path, kind: str, kim: str, title: str) -> Created:
    if kind not in POST_KINDS:
        raise ScaffoldError(f"jenis `{kind}` tidak dikenal; pilih salah satu: {', '.join(POST_KINDS)}.", 2)
    folder = root / "kim" / kim
    if not (folder / "profil.yaml").is_file():
        raise ScaffoldError(f"KIM `{kim}` tidak ditemukan (tidak ada {folder / 'profil.yaml'}). "
                            f"Buat dulu dengan `kimgen new kim {kim}`.", 2)
    slug = slugify(title)
    if not slug or not title.strip():
        raise ScaffoldError("judul harus berisi huruf atau angka, misalnya \"Sosialisasi Posyandu Balita\".", 2)
    if kind in UNDATED and slug in RESERVED_IN_KIM:
        raise ScaffoldError(f"alamat `{slug}/` sudah dipakai situs KIM, jadi halaman ini tidak bisa berjudul "
                            f"\"{title.strip()}\". Pilih judul lain, misalnya \"Tentang {title.strip()}\".")
    date = today(root)
    name = f"{slug}.md" if kind in UNDATED else f"{date.isoformat()}-{slug}.md"
    path = folder / kind / name
    _write_new(path, _render(f"{kind}.md", judul=yaml_scalar(title), tanggal=date.isoformat(), draf=""))
    return Created([path])


def required_profile_fields() -> list[tuple[str, str]]:
    """(key, help) of the profile fields `new kim` asks for on a terminal."""
    return [(key, option.help) for key, option in PROFILE_SCHEMA.items() if option.required]

