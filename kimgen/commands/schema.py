"""`kimgen schema`: JSON Schemas of provinsi.yaml, profil.yaml and each post type's front matter.

Generated from the same field schemas the build validates with, so an editor
(VS Code's YAML extension) completes keys, shows each field's help and flags a
typo or a wrong value before the build ever runs.
"""

from __future__ import annotations

import json
from pathlib import Path

from kimgen.config.settings import PROFILE_SCHEMA, PROVINCE_SCHEMA
from kimgen.config.fields import Field, json_schema_of
from kimgen.content.parsing import SCHEMAS

DRAFT = "http://json-schema.org/draft-07/schema#"


def object_schema(title: str, fields: dict[str, Field]) -> dict:
    schema = {
        "$schema": DRAFT,
        "title": title,
        "type": "object",
        "properties": {key: json_schema_of(option) for key, option in fields.items()},
        # the build only warns about unknown keys; in an editor flagging them is how typos get caught
        "additionalProperties": False,
    }
    required = [key for key, option in fields.items() if option.required]
    if required:
        schema["required"] = required
    return schema


def all_schemas() -> dict[str, dict]:
    """File name -> schema."""
    result = {
        "provinsi.schema.json": object_schema("kimgen provinsi.yaml", PROVINCE_SCHEMA),
        "profil.schema.json": object_schema("kimgen kim/<kim>/profil.yaml", PROFILE_SCHEMA),
    }
    for kind, fields in SCHEMAS.items():
        result[f"{kind}.schema.json"] = object_schema(f"kimgen front matter: kim/<kim>/{kind}/*.md", fields)
    return result


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = out_dir / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
