"""`kimgen editor` on the command line: accounts from a script or a terminal, and the checks the
editor makes before it serves (a git repository, accounts kept out of it)."""

from __future__ import annotations

import re

import pytest

from conftest import invoke
from editor_support import KIM_A, KIM_B, content_repo, quick_hashes

pytest.importorskip("starlette")

from editor_support import quick, repo  # noqa: E402,F401 - fixtures


def test_user_add_reads_the_password_from_standard_input(repo, tmp_path):
    data = tmp_path / "data"
    added = invoke(["editor", "user", "add", "siti", "--kim", KIM_A, "--kim", KIM_B, "--nama", "Siti Aminah",
                    "--email", "siti@example.id", "--data", data, repo], input="kopi pagi di balai desa\n")
    assert added.exit_code == 0, added.output
    assert added.stdout == f"akun dibuat: siti (Siti Aminah); KIM: {KIM_A}, {KIM_B}\n"
    invoke(["editor", "user", "add", "pak-pembina", "--pembina", "--data", data], input="sandi pembina panjang\n")
    listed = invoke(["editor", "user", "list", "--data", data])
    assert listed.stdout.splitlines() == [
        "pak-pembina\tpak-pembina\t-\tpembina\t-",
        f"siti\tSiti Aminah\tsiti@example.id\tadmin\t{KIM_A},{KIM_B}"]

    from kimgen.editor.accounts import Accounts
    from kimgen.editor.store import Store

    accounts = Accounts(Store(data))
    assert accounts.verify("siti", "kopi pagi di balai desa").kims == (KIM_A, KIM_B)
    changed = invoke(["editor", "user", "password", "siti", "--data", data], input="sandi yang baru lagi\n")
    assert changed.exit_code == 0 and accounts.verify("siti", "sandi yang baru lagi") is not None
    removed = invoke(["editor", "user", "remove", "siti", "--data", data])
    assert removed.exit_code == 0 and accounts.get("siti") is None


@pytest.mark.parametrize("args, password, said", [
    (["siti", "--kim", KIM_A], "pendek\n", "kata sandi terlalu pendek: paling sedikit 10 karakter."),
    (["Siti Aminah", "--kim", KIM_A], "sandi cukup panjang\n", "nama pengguna `Siti Aminah` tidak bisa dipakai"),
    (["siti"], "sandi cukup panjang\n", "sebutkan KIM yang boleh disunting dengan --kim SLUG"),
    (["siti", "--kim", "kim-entah"], "sandi cukup panjang\n", "KIM tidak ditemukan di"),
    (["siti", "--kim", "../kim"], "sandi cukup panjang\n", "KIM tidak ditemukan di"),
    (["siti", "--kim", KIM_A, "--email", "bukan-surel"], "sandi cukup panjang\n", "`bukan-surel` bukan alamat surel"),
])
def test_user_add_says_what_is_wrong_in_indonesian(repo, tmp_path, args, password, said):
    result = invoke(["editor", "user", "add", *args, "--data", tmp_path / "data", repo], input=password)
    assert result.exit_code == 2 and said in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_an_account_name_is_taken_once(repo, tmp_path):
    args = ["editor", "user", "add", "siti", "--kim", KIM_A, "--data", tmp_path / "data", repo]
    assert invoke(args, input="sandi cukup panjang\n").exit_code == 0
    again = invoke(args, input="sandi cukup panjang\n")
    assert again.exit_code == 2 and "pengguna `siti` sudah ada" in again.stderr


def test_unknown_accounts_are_said_plainly(tmp_path):
    for command in (["remove", "entah"], ["password", "entah"]):
        result = invoke(["editor", "user", *command, "--data", tmp_path / "data"], input="sandi cukup panjang\n")
        assert result.exit_code == 2 and result.stderr == "kimgen: pengguna `entah` tidak ada.\n"


def test_the_editor_refuses_a_root_outside_git_and_accounts_inside_it(tmp_path, repo):
    from kimgen.editor.app import SetupError, open_editor

    plain = tmp_path / "bukan-git"
    plain.mkdir()
    (plain / "provinsi.yaml").write_text((repo / "provinsi.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SetupError, match="tidak berada di dalam repositori git"):
        open_editor(plain, tmp_path / "data")
    with pytest.raises(SetupError, match="berada di dalam repositori konten"):
        open_editor(repo, repo / "akun")
    result = invoke(["editor", str(plain), "--data", tmp_path / "data", "--port", "0"])
    assert result.exit_code == 2 and "tidak berada di dalam repositori git" in result.stderr


@pytest.mark.parametrize("command", [["editor"], ["editor", "user"], ["editor", "user", "add"]])
def test_help_in_indonesian(command):
    from test_cli import said_in_indonesian

    result = invoke([*command, "--help"])
    assert result.exit_code == 0 and said_in_indonesian(result.stdout), result.stdout
    assert result.stdout.startswith(f"Penggunaan: kimgen {' '.join(command)} [OPSI]")
    words = set(re.findall(r"--[a-z-]+|\b[a-z]+(?=  )", result.stdout))
    expected = {("editor",): {"--port", "--host", "--data", "--push", "user"},
                ("editor", "user"): {"add", "list", "remove", "password"},
                ("editor", "user", "add"): {"--kim", "--nama", "--email", "--pembina", "--data"}}[tuple(command)]
    assert expected <= words


def test_a_word_that_names_no_command_is_the_root(tmp_path):
    result = invoke(["editor", str(tmp_path / "entah"), "--port", "0"])
    assert result.exit_code == 2 and "bukan folder konten kimgen" in result.stderr
    extra = invoke(["editor", str(tmp_path), "lagi"])
    assert extra.exit_code == 2 and "Argumen berlebih yang tidak dikenal (lagi)" in extra.stderr


def test_the_build_never_imports_the_editor():
    import subprocess
    import sys

    code = ("import sys; import kimgen.cli, kimgen.build, kimgen.build.pipeline, kimgen.build.workers; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'starlette', 'uvicorn', 'argon2', 'multipart', 'pillow_heif'} or m.startswith('kimgen.editor')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_refusing_accounts_inside_the_repository_creates_nothing_there(repo):
    from kimgen.editor.app import SetupError, open_editor

    with pytest.raises(SetupError):
        open_editor(repo, repo / "kim" / "akun")
    assert not (repo / "kim" / "akun").exists()
