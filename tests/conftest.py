"""Shared fixtures: small content roots written from inline dicts, built into tmp dirs."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from kimgen.build import build

PROVINSI = """\
nama: Jawa Timur
pengelola: Dinas Kominfo Provinsi Jawa Timur
base_url: https://kim.example.go.id/
kabupaten:
  - nama: Kabupaten Pasuruan
    pembina: Dinas Kominfo Kabupaten Pasuruan
  - nama: Kota Malang
"""

PROFIL = """\
nama: KIM Sumber Rejeki
desa: Sumberrejo
kecamatan: Purwosari
kabupaten: Kabupaten Pasuruan
deskripsi: KIM contoh untuk pengujian.
"""

NOW = "2024-12-20"


def post(judul: str, tanggal: str = "2024-12-11", body: str = "Isi tulisan.", **extra) -> str:
    lines = [f"judul: {judul}", f"tanggal: {tanggal}"] + [f"{k}: {v}" for k, v in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def image(fmt: str = "PNG", size: tuple[int, int] = (16, 12), colour=(11, 110, 79)) -> bytes:
    """A real, decodable picture: photos are judged by their bytes, and fake ones are never published."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    """Builds are judged against a fixed 'today' so tests do not age."""
    monkeypatch.setenv("KIMGEN_NOW", NOW)


@pytest.fixture(autouse=True)
def user_cache(monkeypatch, tmp_path_factory) -> Path:
    """The user's cache folder, where builds keep their cache by default: one per test."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "kimgen"


def cache_of(root: Path, out: Path) -> Path:
    """The cache folder a build of `root` into `out` uses when not told another."""
    from kimgen.build.options import default_cache_folder

    return default_cache_folder(root, out)


@pytest.fixture
def site(tmp_path):
    """site(files) -> (content root, build result, output dir); provinsi.yaml and one profile included."""

    def make(files: dict[str, str | bytes] | None = None, with_default_kim: bool = True, **build_args):
        root = tmp_path / "konten"
        base = {"provinsi.yaml": PROVINSI}
        if with_default_kim:
            base["kim/kim-sumber-rejeki/profil.yaml"] = PROFIL
        write_tree(root, {**base, **(files or {})})
        out = tmp_path / "sites"
        result = build(root, out, **build_args)
        return root, result, out

    return make


def messages(result) -> list[str]:
    return [p.format() for p in result.problems]


def json_ld(html: str) -> list[dict]:
    """The schema.org blocks of a page, parsed."""
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


@dataclass
class Invoked:
    exit_code: int
    stdout: str
    stderr: str
    output: str  # both, in the order written
    exception: BaseException | None = None  # raised out of the command (KIMGEN_DEBUG=1)


class _Tee(io.StringIO):
    def __init__(self, both: io.StringIO):
        super().__init__()
        self.both = both

    def write(self, text: str) -> int:
        self.both.write(text)
        return super().write(text)


def invoke(args: list[str], env: dict[str, str] | None = None, input: str | None = None) -> Invoked:
    """Run the `kimgen` command line in this process (cli.main), its output captured."""
    from kimgen.cli import main

    both = io.StringIO()
    out, err = _Tee(both), _Tee(both)
    saved_streams = sys.stdout, sys.stderr, sys.stdin
    saved_env = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    sys.stdout, sys.stderr, sys.stdin = out, err, io.StringIO(input or "")
    raised = None
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # noqa: BLE001 - what the process would die of, for the test to see
        raised, code = exc, 1
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved_streams
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Invoked(code, out.getvalue(), err.getvalue(), both.getvalue(), raised)

