"""`kimgen verify`: a deployed web root compared with what the build published (defacement)."""

from __future__ import annotations

import shutil

from conftest import post

KIM = "kim/kim-sumber-rejeki"


def test_verify_finds_planted_changed_and_missing_files_and_is_silent_on_an_untouched_copy(site, tmp_path):
    from kimgen.commands.verify import verify

    _, result, out = site({f"{KIM}/berita/2024-12-11-rapat.md": post("Rapat")})
    assert result.errors == []
    webroot = tmp_path / "www"
    shutil.copytree(out, webroot)
    assert not verify(webroot, out)
    (webroot / "slot-gacor.html").write_text("<a href=https://judi.invalid>SLOT GACOR</a>", encoding="utf-8")
    (webroot / "index.html").write_text("diretas", encoding="utf-8")
    (webroot / "kim-sumber-rejeki/berita/rapat/index.html").unlink()
    found = verify(webroot, out)
    assert found.added == ["slot-gacor.html"] and found.changed == ["index.html"]
    assert found.missing == ["kim-sumber-rejeki/berita/rapat/index.html"]
    assert not verify(out, out)  # the output folder itself is what was published


def test_the_manifest_follows_incremental_builds_and_lives_outside_the_output(site):
    from kimgen.build import build
    from kimgen.build.publish import beside
    from kimgen.commands.verify import verify

    root, _, out = site({f"{KIM}/berita/2024-12-11-rapat.md": post("Rapat")})
    assert beside(out, "manifest.json").is_file() and not any("manifest" in p.name for p in out.rglob("*"))
    (root / f"{KIM}/berita/2024-12-11-rapat.md").write_text(post("Rapat Desa", body="Isi baru."), encoding="utf-8")
    (root / f"{KIM}/berita/2024-12-12-kerja-bakti.md").write_text(post("Kerja Bakti", "2024-12-12"), encoding="utf-8")
    assert build(root, out).built == ["kim-sumber-rejeki"]
    assert not verify(out, out)
    (root / f"{KIM}/berita/2024-12-12-kerja-bakti.md").unlink()
    build(root, out)
    assert not verify(out, out)


def test_the_verify_command_exits_1_on_a_defaced_copy_and_0_on_an_exact_one(site, tmp_path):
    from conftest import invoke

    _, _, out = site({})
    webroot = tmp_path / "www"
    shutil.copytree(out, webroot)
    clean = invoke(["verify", str(webroot), "-o", str(out)])
    assert clean.exit_code == 0 and "0 tambahan, 0 berubah, 0 hilang." in clean.stderr
    (webroot / "slot-gacor.html").write_text("SLOT GACOR", encoding="utf-8")
    defaced = invoke(["verify", str(webroot), "-o", str(out)])
    assert defaced.exit_code == 1 and "tambahan: slot-gacor.html" in defaced.stdout
    missing = invoke(["verify", str(webroot), "-o", str(tmp_path / "belum-dibangun")])
    assert missing.exit_code == 2 and "tidak ada daftar berkas terbitan" in missing.stderr
