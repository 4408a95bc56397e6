"""Nothing a contributor can commit runs code on the build server: the cache lives outside the
content root, holds data only, and refuses to be planted, linked or tracked; tema/ is sandboxed."""

from __future__ import annotations

import os
import pickle
import subprocess

from conftest import PROFIL, PROVINSI, invoke, messages, write_tree

KIM = "kim/kim-sumber-rejeki"


class Planted:
    """What a volunteer could commit as a cache file: unpickling it runs a command."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def province(tmp_path):
    return write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL})


def test_a_committed_cache_folder_is_never_read(tmp_path):
    root = province(tmp_path)
    marker = tmp_path / "pwned"
    for rel in ("posts/kim-sumber-rejeki.pickle", "out-x/state.pickle", "manifest.marshal", "i18n.pickle"):
        path = root / ".kimgen-cache" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(Planted(marker)))
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites")], env={"CI": "1"})
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    checked = invoke(["check", str(root)])
    assert "kimgen-cache" in checked.stderr  # the content layout does not know it: flagged


def test_cache_files_hold_data_only_and_a_planted_one_costs_a_rebuild(tmp_path):
    root = province(tmp_path)
    cache = tmp_path / "cache"
    invoke(["build", str(root), "-o", str(tmp_path / "sites"), "--cache-dir", str(cache)], env={"CI": "1"})
    files = [p for p in cache.rglob("*") if p.is_file() and p.name != ".gitignore" and "img" not in p.parts]
    assert files and all(p.suffix == ".json" for p in files)
    marker = tmp_path / "pwned"
    for path in files:
        path.write_bytes(pickle.dumps(Planted(marker)))  # every record damaged or planted
    (cache / "out-x").mkdir()
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites"), "--cache-dir", str(cache)], env={"CI": "1"})
    assert result.exit_code == 0 and "1 dibangun" in result.stderr and not marker.exists()


def test_a_cache_that_is_or_holds_a_symlink_is_refused(tmp_path):
    root = province(tmp_path)
    www = tmp_path / "www"
    write_tree(www, {"index.html": "situs lain"})
    cache = tmp_path / "cache"
    cache.symlink_to(www, target_is_directory=True)
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites"), "--cache-dir", str(cache), "--clean"])
    assert result.exit_code == 2 and "tautan simbolik" in result.stderr
    assert (www / "index.html").read_text() == "situs lain"
    cache.unlink()
    cache.mkdir()
    (cache / "trash").symlink_to(www, target_is_directory=True)
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites"), "--cache-dir", str(cache), "--clean"])
    assert result.exit_code == 2 and "tautan simbolik" in result.stderr
    assert (www / "index.html").read_text() == "situs lain"


def test_a_cache_tracked_by_git_is_refused(tmp_path):
    root = province(tmp_path)
    write_tree(root, {".kimgen-cache/state.json": "{}"})
    git = ["git", "-c", "user.name=x", "-c", "user.email=x@x", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "konten"], check=True)
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites"), "--cache-dir", str(root / ".kimgen-cache")])
    assert result.exit_code == 2 and "tercatat di git" in result.stderr


def test_tema_templates_render_sandboxed(site, tmp_path):
    marker = tmp_path / "pwned"
    attack = ("{% extends 'base.html' %}{% block content %}"
              f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}{{% endblock %}}")
    root, result, out = site({"tema/templates/profil.html": attack})
    assert not marker.exists()
    assert result.failed == ["kim-sumber-rejeki"]
    assert any("SecurityError" in m or "tidak aman" in m for m in messages(result)), messages(result)
