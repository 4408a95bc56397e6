"""Fixtures for the reader-facing checks: the demo built once, served on 127.0.0.1, one Chromium."""

from __future__ import annotations

import os

import pytest

from . import harness


def need(**tools) -> None:
    """Skip when a tool is missing, but FAIL under CI (KIMGEN_REQUIRE_BROWSER=1)."""
    missing = harness.missing_tools(**tools)
    if missing:
        message = "missing for this test: " + ", ".join(missing)
        if os.environ.get("KIMGEN_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (KIMGEN_REQUIRE_BROWSER=1)")
        pytest.skip(message)


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo province built as of 2026-11-22: (output dir, build result, page types)."""
    base = tmp_path_factory.mktemp("demo")
    out = base / "sites"
    result = harness.build_demo(out, base / "cache")
    assert not result.errors, [p.format() for p in result.errors]
    return out, result, harness.page_types(out)


@pytest.fixture(scope="session")
def served(demo):
    with harness.serve(demo[0]) as base_url:
        yield base_url


@pytest.fixture(scope="package")  # closed before other tests start their own Playwright (one per thread)
def browser():
    need(need_browser=True)
    with harness.chromium() as instance:
        yield instance
