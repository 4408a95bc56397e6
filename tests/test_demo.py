"""The demo province in content/ is what a new user builds first: it must be clean."""

from __future__ import annotations

from pathlib import Path

from linkcheck import broken_links
from kimgen.build import build

DEMO = Path(__file__).resolve().parent.parent / "content"


def test_demo_builds_without_errors_and_every_link_resolves(tmp_path, monkeypatch):
    monkeypatch.setenv("KIMGEN_NOW", "2026-11-22")
    result = build(DEMO, tmp_path / "sites", cache_dir=tmp_path / "cache")
    assert result.errors == [], [p.format() for p in result.errors]
    assert len(result.built) >= 6
    own_domain = {k.slug for k in result.site.kims if k.profile.base_url}
    problems = [p for p in broken_links(tmp_path / "sites", own_hosts=(result.site.province.base_url,))
                if not (p.split("/")[0] in own_domain and "absolute link to own host" in p)]
    assert problems == []
    regencies = {k.profile.kabupaten for k in result.site.kims}
    assert len(regencies) >= 3
