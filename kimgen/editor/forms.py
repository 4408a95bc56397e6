"""Form fields from kimgen's own schemas, and the way between a form and a file.

The fields of a post kind are `SCHEMAS[kind]` (content.parsing), those of the profile
`PROFILE_SCHEMA` (config.settings); a field's converter says which input it gets. What a form
sends is written as the YAML an admin would write by hand and is then checked by kimgen's own
checks, so a value the form cannot vouch for (a date typed as 11/12/2024) reaches the check
as typed and is explained there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from kimgen.config import fields as f
from kimgen.config.settings import PROFILE_SCHEMA
from kimgen.config.slugs import slugify
from kimgen.content.parsing import SCHEMAS

BODY = "isi"
# kept as the file has them, not shown: the URL (slug), albums and recordings need more than a form
NOT_SHOWN = {"slug", "draf", "galeri", "audio"}
MEDIA_KEYS = {"gambar", "logo", "sampul"}
LONG_TEXT = {"ringkasan", "klaim", "deskripsi", "visi"}
POST_ORDER = ("judul", "tanggal", "tanggal_mulai", "tanggal_selesai", "lokasi", "klaim", "status", "sumber",
              "penting", "berlaku_sampai", "harga", "kontak", "ringkasan", "kategori", "adinda", "tag", "gambar",
              "video", "penulis", "urutan")
PROFILE_KEYS = ("nama", "desa", "jenis_wilayah", "kecamatan", "kabupaten", "deskripsi", "visi", "misi", "ketua",
                "jumlah_anggota", "dibentuk", "kontak.alamat", "kontak.telepon", "kontak.whatsapp", "kontak.email",
                "media_sosial.facebook", "media_sosial.instagram", "media_sosial.youtube", "media_sosial.tiktok",
                "bidang", "logo", "sampul", "warna")
NESTED_WIDGETS = {"kontak.telepon": "tel", "kontak.whatsapp": "tel", "kontak.email": "email"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Input:
    key: str  # front-matter key; `kontak.email` for a key of a group
    widget: str  # text, long, date, datetime, select, checkbox, number, tel, email, url, list, lines, media
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


# converters by name, so a converter moved to another module keeps its input
WIDGETS = {"date_value": "date", "boolean": "checkbox", "integer": "number", "string_list": "list",
           "url_list": "lines", "whatsapp": "tel", "video_link": "url", "http_url": "url"}


def widget_of(key: str, field: f.Field) -> str:
    convert = field.convert
    name = getattr(convert, "__name__", "")
    schema = f.json_schema_of(field)
    if key in MEDIA_KEYS:
        return "media"
    if key in LONG_TEXT:
        return "long"
    if name == "local_datetime":
        return "datetime" if key in {"tanggal_mulai", "tanggal_selesai"} else "date"
    if name in WIDGETS:
        return WIDGETS[name]
    if "enum" in schema:
        return "select"
    if schema.get("format") == "uri":
        return "url"
    return "text"


def _input(key: str, field: f.Field) -> Input:
    widget = widget_of(key, field)
    choices = tuple(f.json_schema_of(field).get("enum", ())) if widget == "select" else ()
    return Input(key, widget, field.required, choices, field.help)


def post_inputs(kind: str) -> list[Input]:
    schema = SCHEMAS[kind]
    return [_input(key, schema[key]) for key in POST_ORDER if key in schema and key not in NOT_SHOWN]


def profile_inputs(kabupaten: list[str]) -> list[Input]:
    found = []
    for key in PROFILE_KEYS:
        top, _, sub = key.partition(".")
        if sub:
            widget = NESTED_WIDGETS.get(key, "url" if top == "media_sosial" else "text")
            found.append(Input(key, widget))
        elif key == "kabupaten" and kabupaten:
            found.append(Input(key, "select", True, tuple(kabupaten), PROFILE_SCHEMA[key].help))
        elif key == "misi":
            found.append(Input(key, "lines", False, (), PROFILE_SCHEMA[key].help))
        else:
            found.append(_input(key, PROFILE_SCHEMA[key]))
    return found


# -- file -> form ------------------------------------------------------------------------------

def _get(data: dict, key: str):
    top, _, sub = key.partition(".")
    value = data.get(top)
    if sub:
        return value.get(sub) if isinstance(value, dict) else None
    return value


def shown(inp: Input, value) -> str:
    """A value of the file as its input shows it."""
    if value is None:
        return ""
    if inp.widget == "checkbox":
        return "on" if value is True or str(value).lower() in {"true", "ya", "yes", "benar"} else ""
    if inp.widget == "date" and isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if inp.widget == "datetime" and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if inp.widget == "datetime" and isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00"
    if isinstance(value, list) and inp.widget in {"list", "lines"}:
        return (", " if inp.widget == "list" else "\n").join(str(v) for v in value if not isinstance(v, (dict, list)))
    if isinstance(value, (dict, list)):
        return ""
    return str(value)


def form_values(inputs: list[Input], data: dict) -> dict[str, str]:
    return {inp.key: shown(inp, _get(data, inp.key)) for inp in inputs}


# -- form -> file ------------------------------------------------------------------------------

def one_line(text: str) -> str:
    return " ".join(_CONTROL.sub("", text or "").split())


def _date(text: str, old):
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text  # as typed: the check says what is wrong and how to write it
    if isinstance(old, dt.datetime) and old.date() == day:
        return old  # the form shows the day only: the hour the file had stays
    return day


def _datetime(text: str, old):
    try:
        moment = dt.datetime.fromisoformat(text.replace("T", " ", 1))
    except ValueError:
        return text
    if len(text) <= 10:
        return moment.date()
    if isinstance(old, dt.datetime) and old.replace(tzinfo=None, second=0, microsecond=0) == moment:
        return old
    return moment.strftime("%Y-%m-%d %H:%M")


def stored(inp: Input, raw: str, old=None):
    """What a form value becomes in the file; None leaves the key out."""
    if inp.widget == "checkbox":
        return True if raw else None
    if inp.widget == "lines":
        items = [one_line(line) for line in (raw or "").splitlines()]
        return [item for item in items if item] or None
    text = one_line(raw)
    if not text:
        return None
    if inp.widget == "list":
        return [item.strip() for item in text.split(",") if item.strip()] or None
    if inp.widget == "number":
        return int(text) if text.isdigit() else text
    if inp.widget == "date":
        return _date(text, old)
    if inp.widget == "datetime":
        return _datetime(text, old)
    return text


def merged(inputs: list[Input], values: dict[str, str], original: dict | None) -> dict:
    """The file's data with the form's values: keys the form does not show are kept as they were,
    in their place; new keys follow in the form's order."""
    data = {str(k): v for k, v in (original or {}).items()}
    for inp in inputs:
        top, _, sub = inp.key.partition(".")
        value = stored(inp, values.get(inp.key, ""), _get(data, inp.key))
        if sub:
            group = dict(data.get(top)) if isinstance(data.get(top), dict) else {}
            if value is None:
                group.pop(sub, None)
            else:
                group[sub] = value
            if group:
                data[top] = group
            else:
                data.pop(top, None)
        elif value is None:
            data.pop(top, None)
        else:
            data[top] = value
    return data


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    # a long paragraph stays on one line, as an admin types it
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None)


def _list(dumper, value: list):
    # `tag: [posyandu, stunting]` as admins write it; long items and groups (misi, pengurus) one per line
    flat = all(not isinstance(item, (dict, list)) for item in value) and sum(len(str(v)) + 2 for v in value) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1_000_000)


def post_text(data: dict, body: str) -> str:
    body = _CONTROL.sub("", (body or "").replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    return f"---\n{dump_yaml(data)}---\n{body}\n"


def file_name(kind: str, title: str, day: dt.date) -> str:
    """As `kimgen new` names a file: `2024-12-11-judul-singkat.md`, pages without the date."""
    slug = slugify(title)[:80].strip("-") or "tulisan"
    return f"{slug}.md" if kind == "halaman" else f"{day.isoformat()}-{slug}.md"
