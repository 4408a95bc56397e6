"""Shared by the editor's tests: a small content repository under git, accounts, a logged-in client."""

from __future__ import annotations

import pytest

import io
import re
import subprocess
from pathlib import Path

from conftest import PROFIL, PROVINSI, post, write_tree

PASSWORD = "kopi pagi di balai desa"
KIM_A = "kim-sumber-rejeki"
KIM_B = "kim-tunas-harapan"
PROFIL_B = PROFIL.replace("KIM Sumber Rejeki", "KIM Tunas Harapan").replace("Sumberrejo", "Sidoharjo")
OPERATOR = ["-c", "user.name=Operator Diskominfo", "-c", "user.email=operator@example.id"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def content_repo(base: Path, extra: dict | None = None, provinsi: str = PROVINSI) -> Path:
    """Two KIMs, each with a berita and a photo, committed by the operator."""
    root = base / "konten"
    write_tree(root, {
        "provinsi.yaml": provinsi,
        f"kim/{KIM_A}/profil.yaml": PROFIL + "pengurus:\n  - nama: Budi\n    jabatan: Sekretaris\n",
        f"kim/{KIM_A}/berita/2024-12-01-posyandu-balita.md": post("Posyandu Balita", "2024-12-01",
                                                                 "Kader menimbang balita.", slug="posyandu"),
        f"kim/{KIM_A}/media/lama.jpg": jpeg(40, 30),
        f"kim/{KIM_B}/profil.yaml": PROFIL_B,
        f"kim/{KIM_B}/berita/2024-12-05-rahasia-kim-b.md": post("Rahasia KIM B", "2024-12-05", "Isi milik KIM B."),
        f"kim/{KIM_B}/media/milik-b.jpg": jpeg(40, 30),
        **(extra or {}),
    })
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, *OPERATOR, "commit", "-q", "-m", "Konten awal")
    return root


def jpeg(width: int, height: int, gps: bool = False, orientation: int | None = None, colour=(180, 40, 40)) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "S", 2: (7.0, 39.0, 0.0), 3: "E", 4: (112.0, 44.0, 0.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def quick_hashes(monkeypatch) -> None:
    """Argon2 at its smallest: the suite hashes many passwords (the real parameters have their own test)."""
    from argon2 import PasswordHasher

    from kimgen.editor import accounts

    REAL.setdefault("hasher", accounts._HASHER)
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


REAL: dict = {}  # what quick_hashes replaced


def make_editor(root: Path, data: Path, push: bool = False):
    from kimgen.editor.app import open_editor

    editor = open_editor(root, data, push)
    editor.accounts.add("siti", PASSWORD, [KIM_A], "Siti Aminah", "siti@example.id")
    editor.accounts.add("budi", PASSWORD, [KIM_B], "Budi Santoso")
    editor.accounts.add("pembina", PASSWORD, [], "Pak Pembina", pembina=True)
    return editor


def client(editor, https: bool = False):
    from starlette.testclient import TestClient

    from kimgen.editor.app import make_app

    return TestClient(make_app(editor), base_url="https://testserver" if https else "http://testserver",
                      follow_redirects=True)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(browser, name: str = "siti", password: str = PASSWORD):
    page = browser.get("/masuk")
    return browser.post("/masuk", data={"csrf": csrf_of(page.text), "nama": name, "sandi": password, "lanjut": "/"})


def logged_in(editor, name: str = "siti", https: bool = False):
    browser = client(editor, https)
    answer = login(browser, name)
    assert answer.status_code == 200, answer.text
    return browser


def messages(html: str, css: str = "masalah") -> list[str]:
    """The texts of the elements of class `css` (problems, notes), markup removed."""
    import html as html_module

    found = re.findall(rf'<(?:ul|p|li) class="{css}[^"]*"[^>]*>(.*?)</(?:ul|p|li)>', html, re.S)
    return [html_module.unescape(re.sub(r"<[^>]+>", " ", item)).strip() for item in found]


def commits(root: Path) -> list[str]:
    return git(root, "log", "--format=%H").split()


# The fixtures every editor test file uses: imported by name into each (pytest finds them there).

@pytest.fixture(autouse=True)
def quick(monkeypatch):
    quick_hashes(monkeypatch)


@pytest.fixture
def repo(tmp_path):
    return content_repo(tmp_path)


@pytest.fixture
def editor(repo, tmp_path):
    return make_editor(repo, tmp_path / "data")


@pytest.fixture
def siti(editor):
    return logged_in(editor)
