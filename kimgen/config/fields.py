"""Small typed field options shared by provinsi.yaml, profil.yaml and front matter.

Each option turns a raw YAML value into a typed one or returns an Indonesian
message saying what is wrong and how to fix it (MkDocs' config_options, with lines).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Callable
from zoneinfo import ZoneInfo

from kimgen.problems.messages import did_you_mean, msg
from kimgen.problems import Problems
from kimgen.config.yamlfile import strip_controls

DEFAULT_ZONE = ZoneInfo("Asia/Jakarta")
# Bounds of what the pages can show: Babel, JSON and the calendars fail on numbers and years far
# beyond these (a 4,000-digit member count, the year 9999 moved to UTC), and no real value comes near.
MAX_INTEGER = 10**12
YEARS = (1900, 2200)
_ID_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*$")


class Invalid(Exception):
    """Raised by a converter with the message for the admin."""


@dataclass
class Field:
    convert: Callable[[Any], Any]
    required: bool = False
    default: Any = None
    help: str = ""  # shown in schemas and scaffolds
    example: str = ""  # a value to suggest when the field is missing
    json: dict | None = None  # JSON Schema of the value, when the converter has none of its own


def json_schema_of(option: Field) -> dict:
    """The JSON Schema fragment of a field, for `kimgen schema` and editors."""
    found = option.json if option.json is not None else getattr(option.convert, "json_schema", {})
    result = dict(found)
    if option.help:
        result["description"] = option.help
    return result


def _typed(schema: dict):
    """Attach a JSON Schema fragment to a converter."""
    def mark(convert):
        convert.json_schema = schema
        return convert
    return mark


def validate(raw: dict, schema: dict[str, Field], rel: str, lines: dict[str, int],
             problems: Problems, first_line: int = 1, prefix: str = "", front_matter: bool = False) -> dict[str, Any]:
    """Convert every known key; report missing, invalid and unknown keys.

    A wrong value points at its own line; a missing one at the start of the
    file or front matter, since it has no line of its own.
    """
    out: dict[str, Any] = {}
    for key, value in raw.items():
        key = str(key)
        path = f"{prefix}{key}"
        if key not in schema:
            problems.warning(rel, lines.get(path, first_line), path,
                             msg("unknown_key", key=key, hint=did_you_mean(key, schema)))
            continue
        if value is None:
            continue
        try:
            out[key] = schema[key].convert(as_written(value, path, schema[key].convert, lines))
        except Invalid as exc:
            problems.error(rel, lines.get(path, first_line), path, _curly_hint(value, key) or str(exc))
    for key, option in schema.items():
        if key in out:
            continue
        if option.required and not any(p.field == f"{prefix}{key}" for p in problems.items):
            where = msg("required_where_front") if front_matter else ""
            problems.error(rel, first_line, f"{prefix}{key}",
                           msg("required_missing", key=key, example=option.example or "...", where=where))
        out.setdefault(key, option.default() if callable(option.default) else option.default)
    return out


def as_written(value: Any, path: str, convert: Callable, lines: dict[str, int]) -> Any:
    """The value as the admin wrote it where YAML changed it and the field wants text: `1.000` read as
    1.0, `0341551234` read as an octal number, `Yes` read as true. Fields inside groups get theirs too."""
    written = getattr(lines, "written", None)
    if not written:
        return value
    if getattr(convert, "as_written", False):
        if isinstance(value, list):
            return [_written(item, f"{path}.{index}", written) for index, item in enumerate(value)]
        return _written(value, path, written)
    schema = getattr(convert, "schema", None)
    if schema and isinstance(value, dict):
        return {key: as_written(item, f"{path}.{key}", schema[str(key)].convert, lines) if str(key) in schema
                else item for key, item in value.items()}
    return value


def _written(value: Any, path: str, written: dict[str, str]) -> Any:
    text = written.get(path)
    return text if text is not None and not isinstance(value, (dict, list)) and str(value) != text else value


_CURLY_PAIRS = {"“": "”", "”": "”", "„": "”", "‘": "’", "’": "’"}


def _curly_hint(value: Any, key: str) -> str:
    """A value wrapped in a phone keyboard's curly quotes, which YAML keeps as part of the text."""
    if isinstance(value, str) and len(value) > 2 and _CURLY_PAIRS.get(value[0]) == value[-1]:
        inner = value[1:-1]
        fixed = f'{key}: "{inner}"' if '"' not in inner and "\\" not in inner else f"{key}: {inner}"
        return msg("curly_value", fixed=fixed)
    return ""


# --- converters ------------------------------------------------------------

# Schemas admit what the converters accept (a number is fine where text is expected).
@_typed({"type": ["string", "number"], "minLength": 1})
def text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise Invalid(msg("text_not_list"))
    result = strip_controls(str(value)).strip()
    if not result:
        raise Invalid(msg("empty"))
    return result


@_typed({"type": ["string", "number"], "minLength": 1})
def line(value: Any) -> str:
    """Text of one line (titles, names, places): line breaks and runs of spaces become one space,
    as a page shows them anyway, so no title can break a calendar line or a feed heading."""
    return " ".join(text(value).split())


@_typed({"anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_INTEGER},
                   {"type": "string", "pattern": "^(Rp)?[0-9. ]+$"}]})
def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise Invalid(msg("integer_bool"))
    if isinstance(value, int):
        if value < 0:
            raise Invalid(msg("negative"))
        return _not_too_big(value)
    cleaned = str(value).replace(".", "").replace(" ", "").removeprefix("Rp")
    if cleaned.isascii() and cleaned.isdigit():
        if len(cleaned) > len(str(MAX_INTEGER)):
            raise Invalid(msg("integer_too_big", digits=len(cleaned), limit=f"{MAX_INTEGER:,}".replace(",", ".")))
        return _not_too_big(int(cleaned))
    raise Invalid(msg("integer_bad", value=value))


def _not_too_big(value: int) -> int:
    if value > MAX_INTEGER:
        digits = int(value.bit_length() * math.log10(2)) + 1  # str() refuses over 4,300 digits
        raise Invalid(msg("integer_too_big", digits=digits, limit=f"{MAX_INTEGER:,}".replace(",", ".")))
    return value


def number(low: float, high: float, example: str) -> Callable[[Any], float]:
    """A finite decimal number within [low, high] (coordinates)."""
    def convert(value: Any) -> float:
        try:
            result = float(value) if not isinstance(value, (bool, dict, list)) else math.nan
        except (TypeError, ValueError, OverflowError):
            result = math.nan
        if not low <= result <= high:  # NaN fails both
            shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
            raise Invalid(msg("number_bad", low=f"{low:g}", high=f"{high:g}", example=example, value=shown))
        return result
    convert.json_schema = {"type": "number", "minimum": low, "maximum": high}
    return convert


@_typed({"anyOf": [{"type": "boolean"}, {"enum": ["ya", "tidak", "yes", "no", "benar", "salah"]}]})
def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in {"ya", "yes", "true", "benar"}:
        return True
    if lowered in {"tidak", "no", "false", "salah"}:
        return False
    raise Invalid(msg("boolean_bad"))


@_typed({"anyOf": [{"type": "array", "items": {"type": ["string", "number"]}}, {"type": "string"}]})
def string_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    result = []
    for item in items:
        if isinstance(item, (dict, list)):
            raise Invalid(msg("list_of_text"))
        item = strip_controls(str(item)).strip()
        if item:
            result.append(item)
    return result


def choice(*options: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        result = str(value).strip().lower()
        if result not in options:
            raise Invalid(msg("choice_bad", value=value, options=", ".join(options),
                              hint=did_you_mean(result, options)))
        return result
    convert.json_schema = {"type": "string", "enum": list(options)}
    return convert


@_typed({"type": "string", "pattern": "^[hH][tT][tT][pP][sS]?://"})
def http_url(value: Any) -> str:
    from urllib.parse import urlsplit

    result = text(value)
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", result, re.IGNORECASE):
        raise Invalid(msg("url_bad", value=result))
    try:  # the theme and feeds parse it again; `https://[x` would stop them
        if not urlsplit(result).hostname:
            raise ValueError(result)
    except ValueError:
        raise Invalid(msg("url_bad", value=result)) from None
    return result


@_typed({"anyOf": [{"type": "array", "items": http_url.json_schema}, http_url.json_schema]})
def url_list(value: Any) -> list[str]:
    return [http_url(item) for item in (value if isinstance(value, list) else [value])]


_ISO_PARTS = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?")


def _impossible(value: str) -> str | None:
    """Why a date written year-month-day is not on the calendar, or None."""
    match = _ISO_PARTS.match(value)
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups()[:3])
    if not 1 <= month <= 12:
        why = msg("date_no_month", month=match.group(2))
        if 1 <= day <= 12:
            why += msg("date_swapped", day=month, month=day, swapped=f"{year:04d}-{day:02d}-{month:02d}")
        return why
    last = ((dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
            if dt.MINYEAR <= year < dt.MAXYEAR else 31)
    if not 1 <= day <= last:
        return msg("date_no_day", month=match.group(2), year=year, last=last)
    if match.group(4) and (int(match.group(4)) > 23 or int(match.group(5)) > 59):
        return msg("date_no_time", time=f"{match.group(4)}:{match.group(5)}")
    return None


def _date_hint(value: str) -> str:
    match = _ID_DATE.match(value)
    if not match:
        return msg("date_hint")
    day, month, year, hour, minute = match.groups()
    example = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour:
        example += f" {int(hour):02d}:{minute}"
    return msg("date_hint_dmy", example=example)


# YAML gives dates as strings in JSON terms; the pattern admits what fromisoformat reads.
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"


@_typed({"type": "string", "pattern": _DATE_PATTERN})
def local_datetime(value: Any) -> dt.datetime:
    """A date or datetime as written: naive unless the admin gave a zone.

    Front matter uses this so the post reader can put naive values in the
    province's zone (WIB, WITA or WIT), which a converter cannot know.
    """
    if isinstance(value, dt.datetime):
        return _in_years(value)
    if isinstance(value, dt.date):
        return _in_years(dt.datetime(value.year, value.month, value.day))
    raw = str(value).strip()
    try:
        result = dt.datetime.fromisoformat(raw.replace("T", " ", 1) if "T" in raw else raw)
    except ValueError:
        why = _impossible(raw)
        if why:
            raise Invalid(msg("date_impossible", value=raw, why=why)) from None
        raise Invalid(msg("date_bad", value=raw, hint=_date_hint(raw))) from None
    return _in_years(result)


def _in_years(value: dt.datetime) -> dt.datetime:
    low, high = YEARS
    if not low <= value.year <= high:
        raise Invalid(msg("date_out_of_range", year=value.year, low=low, high=high))
    return value


def in_zone(value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A naive datetime read as local time of `zone`; an aware one is kept as written."""
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


@_typed({"type": "string", "pattern": _DATE_PATTERN})
def datetime_value(value: Any, zone: dt.tzinfo = DEFAULT_ZONE) -> dt.datetime:
    """A date or datetime; naive values are in `zone` (Asia/Jakarta unless the caller knows better)."""
    return in_zone(local_datetime(value), zone)


@_typed({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
def date_value(value: Any) -> dt.date:
    return local_datetime(value).date()


def mapping(schema: dict[str, Field]) -> Callable[[Any], dict]:
    """A nested group (kontak, sk, ...). Unknown sub-keys are ignored by validate()."""
    def convert(value: Any) -> dict:
        if not isinstance(value, dict):
            raise Invalid(msg("mapping_bad"))
        out, errors, failed = {}, [], set()
        for key, item in value.items():
            if str(key) not in schema:
                errors.append(msg("sub_unknown", key=key, hint=did_you_mean(str(key), schema)))
                continue
            if item is None:
                continue
            try:
                out[str(key)] = schema[str(key)].convert(item)
            except Invalid as exc:
                errors.append(f"{key}: {exc}")
                failed.add(str(key))
        missing = [k for k, f in schema.items() if f.required and k not in out and k not in failed]
        errors += [msg("sub_required", key=k) for k in missing]
        if errors:
            raise Invalid("; ".join(errors))
        return out
    convert.schema = schema  # for as_written
    convert.json_schema = {"type": "object", "additionalProperties": False,
                           "properties": {k: json_schema_of(v) for k, v in schema.items()}}
    if any(v.required for v in schema.values()):
        convert.json_schema["required"] = [k for k, v in schema.items() if v.required]
    return convert


@_typed({"type": ["string", "integer"]})
def whatsapp(value: Any) -> str:
    """Normalise 0812-3456-789, +62 812 3456 789, 62812... to 628123456789 for wa.me links."""
    digits = re.sub(r"\D", "", str(value))
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("62") or not 10 <= len(digits) <= 15:
        raise Invalid(msg("whatsapp_bad", value=value))
    return digits


_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@_typed({"type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"})
def hex_colour(value: Any) -> str:
    """A CSS colour for the theme's <style> block: only #rgb or #rrggbb, so nothing else reaches CSS."""
    result = str(value).strip()
    if not _HEX_COLOUR.fullmatch(result):
        raise Invalid(msg("bad_colour", value=result))
    return result.lower()


_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be",
                  "www.youtube-nocookie.com", "youtube-nocookie.com"}


@_typed({"type": "string", "format": "uri"})
def youtube_video(value: Any) -> str:
    """The 11-character id of a YouTube video URL; the theme embeds it from youtube-nocookie.com only."""
    from urllib.parse import parse_qs, urlsplit

    raw = text(value)
    try:
        parts = urlsplit(raw if "://" in raw else f"https://{raw}")
    except ValueError:  # `http://[x`: not an address at all
        raise Invalid(msg("bad_video", value=raw)) from None
    host = (parts.hostname or "").lower()
    candidate = ""
    if parts.scheme in {"http", "https"} and host in _YOUTUBE_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        if host == "youtu.be" and segments:
            candidate = segments[0]
        elif segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = segments[1]
    if not _YOUTUBE_ID.fullmatch(candidate):
        raise Invalid(msg("bad_video", value=raw))
    return candidate


# Converters that read text: YAML's reading of `1.000` or `0341551234` as a number never reaches them.
for _convert in (text, line, string_list, integer, whatsapp):
    _convert.as_written = True
