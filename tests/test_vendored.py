"""The vendored Chart.js is the pinned release, complete, and loaded only where there are charts."""

import hashlib
from pathlib import Path

import pytest

CHARTJS = Path(__file__).resolve().parents[1] / "frontend" / "static" / "vendor" / "chartjs"
CHARTJS_SHA256 = "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2"  # chart.js 4.6.1


def test_chartjs_is_the_pinned_release_with_its_map_and_licence():
    script = (CHARTJS / "chart.umd.min.js").read_bytes()
    assert hashlib.sha256(script).hexdigest() == CHARTJS_SHA256
    assert script.rstrip().endswith(b"//# sourceMappingURL=chart.umd.min.js.map")
    assert (CHARTJS / "chart.umd.min.js.map").stat().st_size > 0
    assert "MIT License" in (CHARTJS / "LICENSE.md").read_text()
    assert "4.6.1" in (CHARTJS / "README.md").read_text() and CHARTJS_SHA256 in (CHARTJS / "README.md").read_text()


@pytest.mark.django_db
def test_chartjs_loads_only_on_pages_with_charts(client, teen):
    client.force_login(teen)
    assert b"chart.umd.min.js" in client.get("/trends/").content
    for page in ("/today/", "/history/", "/checkin/", "/care-team/", "/settings/"):
        assert b"chart.umd.min.js" not in client.get(page).content, page
