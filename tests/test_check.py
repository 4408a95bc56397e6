"""`kimgen check`: validates without writing, exit codes, text/json/github formats."""

from __future__ import annotations

import json


from conftest import PROFIL, PROVINSI, invoke, post, write_tree

KIM = "kim/kim-sumber-rejeki"
BAD = "---\njudul: Posyandu\ntanggal: 11/12/2024\ntangal: x\n---\nIsi.\n"


def make_root(tmp_path, files=None):
    return write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL, **(files or {})})


def run(*args):
    return invoke(["check", *args])


def test_clean_content_exits_0_and_writes_nothing(tmp_path, monkeypatch):
    root = make_root(tmp_path, {f"{KIM}/berita/2024-12-11-a.md": post("A")})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)
    result = run(str(root))
    assert result.exit_code == 0
    assert result.stderr == "0 kesalahan, 0 peringatan.\n"
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_content_errors_exit_1_in_text(tmp_path):
    root = make_root(tmp_path, {f"{KIM}/berita/2024-12-11-a.md": BAD})
    result = run(str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{KIM}/berita/2024-12-11-a.md:3: tanggal: tanggal `11/12/2024` tidak dapat dibaca; tulis sebagai "
        "tahun-bulan-tanggal: `2024-12-11` (bukan tanggal/bulan/tahun seperti kebiasaan kita).",
        f"{KIM}/berita/2024-12-11-a.md:4: peringatan: tangal: kunci `tangal` tidak dikenal dan akan diabaikan "
        "(maksud Anda `tanggal`?). Perbaiki ejaannya atau hapus baris ini.",
        "1 kesalahan, 1 peringatan.",
    ]


def test_json_is_one_object_per_problem_per_line(tmp_path):
    root = make_root(tmp_path, {f"{KIM}/berita/2024-12-11-a.md": BAD})
    result = run(str(root), "--format", "json")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["path"], r["line"], r["field"], r["level"]) for r in rows] == [
        (f"{KIM}/berita/2024-12-11-a.md", 3, "tanggal", "error"),
        (f"{KIM}/berita/2024-12-11-a.md", 4, "tangal", "warning"),
    ]
    assert rows[1]["message"] == ("kunci `tangal` tidak dikenal dan akan diabaikan (maksud Anda `tanggal`?). "
                                  "Perbaiki ejaannya atau hapus baris ini.")


def test_github_annotations_name_file_line_and_escape(tmp_path, monkeypatch):
    make_root(tmp_path, {f"{KIM}/berita/2024-12-11-a.md": BAD})
    monkeypatch.chdir(tmp_path)
    result = run("konten", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file=konten/{KIM}/berita/2024-12-11-a.md,line=3,title=kimgen%3A tanggal::tanggal `11/12/2024` "
        "tidak dapat dibaca; tulis sebagai tahun-bulan-tanggal: `2024-12-11` (bukan tanggal/bulan/tahun seperti "
        "kebiasaan kita).",
        f"::warning file=konten/{KIM}/berita/2024-12-11-a.md,line=4,title=kimgen%3A tangal::kunci `tangal` tidak "
        "dikenal dan akan diabaikan (maksud Anda `tanggal`?). Perbaiki ejaannya atau hapus baris ini.",
    ]


def test_usage_errors_exit_2(tmp_path):
    assert run(str(tmp_path / "tidak-ada")).exit_code == 2
    root = make_root(tmp_path)
    assert run(str(root), "--format", "xml").exit_code == 2
    (root / "provinsi.yaml").write_text(PROVINSI + "tema: tidak-ada\n")
    result = run(str(root))
    assert result.exit_code == 2 and "tema `tidak-ada` tidak ditemukan" in result.stderr
