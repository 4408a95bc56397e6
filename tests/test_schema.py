"""`kimgen schema`: valid JSON Schemas that accept the demo content and flag what the build rejects."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import invoke
from kimgen.content.discovery import POST_KINDS
from kimgen.content.parsing import split_front_matter

DEMO = Path(__file__).resolve().parent.parent / "content"


def as_editor_sees_it(value):
    """yaml.safe_load makes dates of YAML timestamps; the editor's YAML (1.2 core) keeps them as strings."""
    if isinstance(value, dict):
        return {str(k): as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    out = tmp_path_factory.mktemp("schemas")
    result = invoke(["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    loaded = {p.name: json.loads(p.read_text()) for p in out.glob("*.schema.json")}
    assert sorted(loaded) == sorted(["provinsi.schema.json", "profil.schema.json"]
                                    + [f"{k}.schema.json" for k in POST_KINDS])
    return loaded


def validator(schema):
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_schema_is_valid_json_schema(schemas):
    for schema in schemas.values():
        jsonschema.Draft7Validator.check_schema(schema)
    assert schemas["berita.schema.json"]["required"] == ["judul", "tanggal"]
    assert schemas["cek-fakta.schema.json"]["properties"]["status"]["enum"] == [
        "hoaks", "disinformasi", "misinformasi", "benar"]


def test_demo_content_validates(schemas):
    checked = 0
    data = yaml.safe_load((DEMO / "provinsi.yaml").read_text())
    validator(schemas["provinsi.schema.json"]).validate(as_editor_sees_it(data))
    for profile in sorted(DEMO.glob("kim/*/profil.yaml")):
        validator(schemas["profil.schema.json"]).validate(as_editor_sees_it(yaml.safe_load(profile.read_text())))
        checked += 1
    for kind in POST_KINDS:
        check = validator(schemas[f"{kind}.schema.json"])
        for path in sorted(DEMO.glob(f"kim/*/{kind}/*.md")) + (sorted(DEMO.glob("pengumuman/*.md"))
                                                               if kind == "pengumuman" else []):
            front, _, _ = split_front_matter(path.read_text(), str(path))
            errors = [e.message for e in check.iter_errors(as_editor_sees_it(yaml.safe_load(front)))]
            assert errors == [], path
            checked += 1
    assert checked > 30


def test_schema_flags_what_the_build_rejects(schemas):
    check = validator(schemas["berita.schema.json"])
    assert not list(check.iter_errors({"judul": "A", "tanggal": "2024-12-11 08:00", "draf": "ya"}))
    assert not list(validator(schemas["potensi.schema.json"]).iter_errors(
        {"judul": "Kopi", "tanggal": "2024-12-11", "harga": "Rp25.000", "kontak": "0812-3456-7890"}))
    bad = {"judul": "A", "tanggal": "11/12/2024", "tangal": "x", "adinda": "rapat"}
    messages = sorted(e.message for e in check.iter_errors(bad))
    assert messages == [
        "'11/12/2024' does not match '^\\\\d{4}-\\\\d{2}-\\\\d{2}([ T]\\\\d{1,2}:\\\\d{2}(:\\\\d{2}(\\\\.\\\\d+)?)?"
        "\\\\s*(Z|[+-]\\\\d{2}:?\\\\d{2})?)?$'",
        "'rapat' is not one of ['akses', 'diskusi', 'implementasi', 'networking', 'diseminasi', 'aspirasi']",
        "Additional properties are not allowed ('tangal' was unexpected)",
    ]
