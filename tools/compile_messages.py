"""Compile each kimgen/locale/<lang>/LC_MESSAGES/*.po to the .mo beside it, with Babel.

    .venv/bin/python tools/compile_messages.py

Run it after editing a .po and commit both files: the package ships the .mo, and
tests/test_cli.py fails when the committed .mo is not what its .po compiles to.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "kimgen" / "locale"


def compile_po(po: Path) -> bytes:
    """The .mo of `po`; an untranslated or fuzzy entry is an error, since write_mo would drop it silently."""
    with po.open("rb") as file:
        catalog = read_po(file, abort_invalid=True)
    unfinished = [message.id for message in list(catalog)[1:] if not _translated(message)]
    if unfinished:
        raise SystemExit(f"{po}: not translated, or fuzzy: {unfinished}")
    mo = io.BytesIO()
    write_mo(mo, catalog)
    return mo.getvalue()


def _translated(message) -> bool:
    forms = message.string if message.pluralizable else (message.string,)
    return all(forms) and not message.fuzzy


def main() -> None:
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po))
        print(f"written: {mo}", file=sys.stderr)


if __name__ == "__main__":
    main()
