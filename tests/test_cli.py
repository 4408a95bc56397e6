"""The command line itself: the contract's commands, flags and defaults, and every word said in
Indonesian, click's own words included (kimgen/locale/id/LC_MESSAGES/kimgen.po)."""

from __future__ import annotations

import ast
import io
import os
import re
import runpy
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from conftest import PROFIL, PROVINSI, invoke, write_tree
from kimgen.content.discovery import POST_KINDS

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "kimgen/locale/id/LC_MESSAGES/kimgen.po"
# click's words in English, none of which an operator may see
ENGLISH = re.compile(r"Usage|Error|Options|Commands|Arguments|Try '|Show |Missing|No such|Invalid|is not|requires"
                     r"|unexpected|Did you mean|does not|required|default")


def said_in_indonesian(text: str) -> bool:
    return not ENGLISH.search(text)


@pytest.mark.parametrize("args, said", [
    (["build", "--cache", "x"], "Opsi '--cache' tidak ada. Mungkin maksudnya '--cache-dir'"),  # no abbreviation
    (["build", "--jobs", "0"], "Nilai tidak sah untuk '--jobs' / '-j': `0` bukan bilangan bulat 1 atau lebih."),
    (["build", "-j", "dua"], "Nilai tidak sah untuk '--jobs' / '-j': `dua` bukan bilangan bulat 1 atau lebih."),
    (["serve", "--port", "70000"], "Nilai tidak sah untuk '--port' / '-p': `70000` bukan bilangan bulat 0 sampai "
                                   "65535."),
    (["build", "--shard", "3/2"], "Nilai tidak sah untuk '--shard': tulis I/N, misalnya 2/4 (bagian ke-2 dari 4)."),
    (["check", "--format", "xml"], "Nilai tidak sah untuk '--format': 'xml' tidak termasuk pilihan: 'text', 'json', "
                                   "'github'."),
    (["new"], "Perintah belum disebut."),
    (["new", "artikel", "Judul"], "Perintah 'artikel' tidak ada."),
    (["bangun"], "Perintah 'bangun' tidak ada."),
    (["new", "berita", "Judul"], "Kurang opsi '--kim'."),
    (["new", "berita", "--kim", "kim-a"], "Kurang argumen 'JUDUL'."),
    (["build", "-o"], "Opsi '-o' perlu 1 nilai."),
    (["build", "--strict=ya"], "Opsi '--strict' tidak menerima nilai."),
    (["build", "satu", "dua"], "Argumen berlebih yang tidak dikenal (dua)"),
])
def test_usage_errors_exit_2_in_indonesian(args, said):
    result = invoke(args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Penggunaan: kimgen ")
    assert "\nLihat 'kimgen" in result.stderr and f"\nGalat: {said}" in result.stderr
    assert said_in_indonesian(result.stderr), result.stderr


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "berkas").write_text("x", encoding="utf-8")
    for args in (["build", str(tmp_path), "-o", str(tmp_path / "berkas")], ["build", str(tmp_path / "berkas")],
                 ["schema", "--output", str(tmp_path / "berkas")]):
        result = invoke(args)
        assert result.exit_code == 2 and f"`{tmp_path / 'berkas'}` adalah berkas, bukan folder." in result.stderr


def test_every_flag_of_the_contract_is_taken(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, "kim/kim-sumber-rejeki/profil.yaml": PROFIL})
    out, cache = tmp_path / "sites", tmp_path / "cache"
    common = ["-o", str(out), "--cache-dir", str(cache), "--base-url", "https://kim.contoh.id/", "-j", "1"]
    assert invoke(["build", str(root), *common, "--kim", "kim-sumber-rejeki", "--strict", "--offline"]).exit_code == 0
    assert invoke(["build", str(root), *common, "--clean", "--shard", "1/1"]).exit_code == 0
    assert invoke(["build", str(root), *common, "--portal-only"]).exit_code == 0
    assert "https://kim.contoh.id/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert invoke(["build", str(root), "--output", str(out), "--jobs", "1", "--kim", "kim-sumber-rejeki",
                   "--kim", "kim-sumber-rejeki"]).exit_code == 0
    assert invoke(["report", str(root), "--format", "json"]).exit_code == 0
    assert invoke(["check", str(root), "--format", "github"]).exit_code == 0
    assert invoke(["schema", "-o", str(tmp_path / "skema")]).exit_code == 0
    assert list((tmp_path / "skema").glob("*.schema.json"))


def test_the_defaults_root_sites_and_schemas(tmp_path, monkeypatch):
    write_tree(tmp_path / "content", {"provinsi.yaml": PROVINSI, "kim/kim-sumber-rejeki/profil.yaml": PROFIL})
    monkeypatch.chdir(tmp_path)
    result = invoke(["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sites/index.html").is_file()
    assert invoke(["schema"]).exit_code == 0 and list((tmp_path / "schemas").glob("*.schema.json"))
    monkeypatch.chdir(tmp_path / "sites")
    result = invoke(["check"])
    assert result.exit_code == 2 and result.stderr.startswith("kimgen: tidak ada provinsi.yaml di folder ini")


# each command's --help names every flag and argument of the contract
CONTRACT = {
    (): ["--version", "-h", "--help", "build", "check", "new", "schema", "serve", "report"],
    ("build",): ["[ROOT]", "-o", "--output", "--base-url", "--jobs", "-j", "--kim", "--strict", "--clean",
                 "--offline", "--cache-dir", "--shard", "I/N", "--portal-only"],
    ("check",): ["[ROOT]", "--format", "[text|json|github]"],
    ("new",): ["JENIS", "kim", *POST_KINDS],
    ("new", "kim"): ["SLUG", "--root"],
    **{("new", kind): ["--kim", "SLUG", "JUDUL", "--root"] for kind in POST_KINDS},
    ("schema",): ["-o", "--output"],
    ("serve",): ["[ROOT]", "--port", "-p", "--host"],
    ("report",): ["[ROOT]", "--format", "[table|csv|json]"],
}


@pytest.mark.parametrize("command", CONTRACT, ids=lambda c: " ".join(c) or "kimgen")
def test_help_names_every_flag_in_indonesian(command):
    result = invoke([*command, "--help"])
    assert result.exit_code == 0 and result.stderr == ""
    text = result.stdout
    assert text.startswith(f"Penggunaan: {' '.join(['kimgen', *command])} [OPSI]")
    assert "\nOpsi:\n" in text and ("\nPerintah:\n" in text) == (command in {(), ("new",)})
    assert "-h, --help  " in text and "Tampilkan bantuan ini lalu keluar." in text
    words = set(re.findall(r"(?<![\w/.-])(?:--?[a-z][\w-]*|\[[\w|]+\]|[A-Z/]{3,}|[a-z-]+(?=  ))", text))
    assert set(CONTRACT[command]) <= words, set(CONTRACT[command]) - words
    assert said_in_indonesian(text), text
    assert invoke([*command, "-h"]).stdout == text


def test_version_and_help():
    version = invoke(["--version"])
    assert version.exit_code == 0 and re.fullmatch(r"kimgen, versi \S+\n", version.stdout)
    bare = invoke([])
    assert bare.exit_code == 0 and bare.stdout == invoke(["--help"]).stdout
    usage = invoke(["build", "--help"])
    assert "ROOT: folder konten (bawaan: folder ini bila ada provinsi.yaml, atau\n  ./content)." in usage.stdout


def test_indonesian_whatever_the_operators_locale(tmp_path):
    english = {"LANG": "en_US.UTF-8", "LANGUAGE": "en", "LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}
    for args in (["build", "--jobs", "0"], ["serve", "--help"]):
        child = subprocess.run([sys.executable, "-m", "kimgen", *args], capture_output=True, text=True,
                               env={**os.environ, **english}, cwd=tmp_path)
        said = child.stdout + child.stderr
        assert said.startswith("Penggunaan: kimgen ") and said_in_indonesian(said), said
        assert child.returncode == (2 if args[1] == "--jobs" else 0)
        assert said == invoke(args, env=english).output


# -- the catalog of click's words --------------------------------------------------------------

def click_source() -> list[ast.AST]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in Path(click.__file__).parent.glob("*.py")]


def catalog() -> list:
    with CATALOG.open("rb") as file:
        return list(read_po(file))[1:]


def msgids(message) -> tuple[str, ...]:
    return message.id if message.pluralizable else (message.id,)


def test_every_msgid_is_still_said_by_the_installed_click():
    """A click release that rewords a message would bring its English back: translate the new wording."""
    strings = {node.value for tree in click_source() for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    gone = [i for message in catalog() for i in msgids(message) if i not in strings]
    assert gone == [], f"click {version('click')} no longer says these"


def test_every_message_click_says_is_translated():
    said = set()
    for tree in click_source():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"_", "ngettext"}:
                ids = node.args[:2 if node.func.id == "ngettext" else 1]
                if all(isinstance(arg, ast.Constant) for arg in ids):
                    said.add(tuple(arg.value for arg in ids))
    assert said - {msgids(message) for message in catalog()} == set()


def test_translations_keep_the_placeholders_and_leave_nothing_out():
    placeholder = re.compile(r"\{[^{}]*\}|%\(\w+\)s")
    for message in catalog():
        forms = message.string if message.pluralizable else (message.string,)
        assert all(forms) and not message.fuzzy, message.id
        allowed = {p for i in msgids(message) for p in placeholder.findall(i)}
        assert all(set(placeholder.findall(form)) <= allowed for form in forms), message.id


def test_the_committed_mo_is_the_compiled_po():
    """Entry by entry: the .mo also records which Babel version wrote it. Fix: tools/compile_messages.py."""
    compile_po = runpy.run_path(str(REPO / "tools/compile_messages.py"))["compile_po"]

    def entries(mo: bytes) -> list:
        return [(m.id, m.string) for m in read_mo(io.BytesIO(mo))]

    assert entries(CATALOG.with_suffix(".mo").read_bytes()) == entries(compile_po(CATALOG))
