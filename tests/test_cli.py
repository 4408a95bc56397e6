"""The command line itself: the contract's flags, and usage errors said in Indonesian with exit code 2."""

from __future__ import annotations

import pytest

from conftest import PROFIL, PROVINSI, invoke, write_tree


@pytest.mark.parametrize("args, said", [
    (["build", "--cache", "x"], "argumen tidak dikenal: --cache"),  # no abbreviation of --cache-dir
    (["build", "--jobs", "0"], "argumen --jobs/-j: `0` bukan bilangan bulat 1 atau lebih."),
    (["serve", "--port", "70000"], "argumen --port/-p: `70000` bukan bilangan bulat 0 sampai 65535."),
    (["check", "--format", "xml"], "argumen --format: pilihan 'xml' tidak ada"),
    (["new"], "argumen wajib belum diisi: JENIS"),
    (["new", "berita", "Judul"], "argumen wajib belum diisi: --kim"),
    (["build", "-o"], "argumen -o/--output perlu satu nilai"),
])
def test_usage_errors_exit_2_in_indonesian(args, said):
    result = invoke(args)
    assert result.exit_code == 2 and said in result.stderr and "usage: kimgen" in result.stderr


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "berkas").write_text("x", encoding="utf-8")
    result = invoke(["build", str(tmp_path), "-o", str(tmp_path / "berkas")])
    assert result.exit_code == 2 and "adalah berkas, bukan folder" in result.stderr


def test_every_flag_of_the_contract_is_taken(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, "kim/kim-sumber-rejeki/profil.yaml": PROFIL})
    out, cache = tmp_path / "sites", tmp_path / "cache"
    common = ["-o", str(out), "--cache-dir", str(cache), "--base-url", "https://kim.contoh.id/", "-j", "1"]
    assert invoke(["build", str(root), *common, "--kim", "kim-sumber-rejeki", "--strict", "--offline"]).exit_code == 0
    assert invoke(["build", str(root), *common, "--clean", "--shard", "1/1"]).exit_code == 0
    assert invoke(["build", str(root), *common, "--portal-only"]).exit_code == 0
    assert "https://kim.contoh.id/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert invoke(["report", str(root), "--format", "json"]).exit_code == 0
    assert invoke(["check", str(root), "--format", "github"]).exit_code == 0


def test_version_and_help():
    version = invoke(["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("kimgen, versi ")
    usage = invoke(["build", "--help"])
    assert usage.exit_code == 0 and "--cache-dir" in usage.stdout and "--portal-only" in usage.stdout
