"""Small typed field options shared by provinsi.yaml, profil.yaml and front matter.

Each option turns a raw YAML value into a typed one or returns an Indonesian
message saying what is wrong and how to fix it (MkDocs' config_options, with lines).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable
from zoneinfo import ZoneInfo

from kimgen.problems import Problems, did_you_mean

DEFAULT_ZONE = ZoneInfo("Asia/Jakarta")
_ID_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*$")


class Invalid(Exception):
    """Raised by a converter with the message for the admin."""


@dataclass
class Field:
    convert: Callable[[Any], Any]
    required: bool = False
    default: Any = None
    help: str = ""  # shown in schemas and scaffolds


def validate(raw: dict, schema: dict[str, Field], rel: str, lines: dict[str, int],
             problems: Problems, first_line: int = 1, prefix: str = "") -> dict[str, Any]:
    """Convert every known key; report missing, invalid and unknown keys."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        key = str(key)
        path = f"{prefix}{key}"
        if key not in schema:
            problems.warning(rel, lines.get(path, first_line), path,
                             "kunci tidak dikenal, akan diabaikan" + did_you_mean(key, schema))
            continue
        if value is None:
            continue
        try:
            out[key] = schema[key].convert(value)
        except Invalid as exc:
            problems.error(rel, lines.get(path, first_line), path, str(exc))
    for key, option in schema.items():
        if key in out:
            continue
        if option.required and not any(p.field == f"{prefix}{key}" for p in problems.items):
            problems.error(rel, first_line, f"{prefix}{key}",
                           f"wajib diisi tetapi tidak ada. Tambahkan baris `{key}: ...`.")
        out.setdefault(key, option.default() if callable(option.default) else option.default)
    return out


# --- converters ------------------------------------------------------------

def text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise Invalid("harus berupa teks satu baris, bukan daftar atau kelompok isian.")
    result = str(value).strip()
    if not result:
        raise Invalid("tidak boleh kosong.")
    return result


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise Invalid("harus berupa angka bulat, misalnya 15.")
    if isinstance(value, int):
        if value < 0:
            raise Invalid("tidak boleh negatif.")
        return value
    cleaned = str(value).replace(".", "").replace(" ", "").removeprefix("Rp")
    if cleaned.isdigit():
        return int(cleaned)
    raise Invalid(f"harus berupa angka bulat (tanpa titik atau huruf), bukan `{value}`.")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in {"ya", "yes", "true", "benar"}:
        return True
    if lowered in {"tidak", "no", "false", "salah"}:
        return False
    raise Invalid("isi dengan `true` atau `false`.")


def string_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    result = []
    for item in items:
        if isinstance(item, (dict, list)):
            raise Invalid("daftar ini hanya boleh berisi teks, misalnya `[posyandu, stunting]`.")
        if str(item).strip():
            result.append(str(item).strip())
    return result


def choice(*options: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        result = str(value).strip().lower()
        if result not in options:
            raise Invalid(f"`{value}` tidak dikenal; pilih salah satu: {', '.join(options)}"
                          + did_you_mean(result, options) + ".")
        return result
    return convert


def http_url(value: Any) -> str:
    result = text(value)
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", result, re.IGNORECASE):
        raise Invalid(f"`{result}` bukan alamat web yang valid; harus diawali https:// atau http://.")
    return result


def url_list(value: Any) -> list[str]:
    return [http_url(item) for item in (value if isinstance(value, list) else [value])]


def _date_hint(value: str) -> str:
    match = _ID_DATE.match(value)
    if not match:
        return "tulis sebagai tahun-bulan-tanggal, misalnya `2024-12-11` atau `2024-12-11 08:00`."
    day, month, year, hour, minute = match.groups()
    example = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour:
        example += f" {int(hour):02d}:{minute}"
    return (f"tulis sebagai tahun-bulan-tanggal: `{example}` (bukan tanggal/bulan/tahun "
            "seperti kebiasaan kita).")


def local_datetime(value: Any) -> dt.datetime:
    """A date or datetime as written: naive unless the admin gave a zone.

    Front matter uses this so the post reader can put naive values in the
    province's zone (WIB, WITA or WIT), which a converter cannot know.
    """
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raw = str(value).strip()
    try:
        return dt.datetime.fromisoformat(raw.replace("T", " ", 1) if "T" in raw else raw)
    except ValueError:
        raise Invalid(f"tanggal `{raw}` tidak dapat dibaca; " + _date_hint(raw)) from None


def in_zone(value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A naive datetime read as local time of `zone`; an aware one is kept as written."""
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def datetime_value(value: Any, zone: dt.tzinfo = DEFAULT_ZONE) -> dt.datetime:
    """A date or datetime; naive values are in `zone` (Asia/Jakarta unless the caller knows better)."""
    return in_zone(local_datetime(value), zone)


def date_value(value: Any) -> dt.date:
    return local_datetime(value).date()


def mapping(schema: dict[str, Field]) -> Callable[[Any], dict]:
    """A nested group (kontak, sk, ...). Unknown sub-keys are ignored by validate()."""
    def convert(value: Any) -> dict:
        if not isinstance(value, dict):
            raise Invalid("harus berupa kelompok isian, misalnya `{nomor: ..., tanggal: ...}`.")
        out, errors = {}, []
        for key, item in value.items():
            if str(key) not in schema:
                errors.append(f"`{key}` tidak dikenal" + did_you_mean(str(key), schema))
                continue
            if item is None:
                continue
            try:
                out[str(key)] = schema[str(key)].convert(item)
            except Invalid as exc:
                errors.append(f"{key}: {exc}")
        missing = [k for k, f in schema.items() if f.required and k not in out]
        errors += [f"{k}: wajib diisi" for k in missing]
        if errors:
            raise Invalid("; ".join(errors))
        return out
    return convert


def whatsapp(value: Any) -> str:
    """Normalise 0812-3456-789, +62 812 3456 789, 62812... to 628123456789 for wa.me links."""
    digits = re.sub(r"\D", "", str(value))
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("62") or not 10 <= len(digits) <= 15:
        raise Invalid(f"nomor WhatsApp `{value}` tidak valid; tulis seperti `0812-3456-7890` atau `+62 812 3456 7890`.")
    return digits
