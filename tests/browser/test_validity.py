"""Every built HTML file of the demo passes the Nu HTML Checker (one JVM for the whole tree)."""

from .conftest import need
from . import harness


def test_every_html_file_of_the_demo_passes_vnu(demo):
    need(need_java=True)
    out, _, _ = demo
    errors = harness.run_vnu(out)
    listed = "\n".join(f"{e.get('url', '').split('sites/')[-1]}:{e.get('lastLine')}: {e['message']}" for e in errors)
    assert errors == [], listed
