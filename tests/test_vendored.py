"""The vendored Chart.js is Stride's own pinned bundle (scripts/build-chartjs), complete, and loaded only where
there are charts."""

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHARTJS = ROOT / "frontend" / "static" / "vendor" / "chartjs"
MODULES = ROOT / "frontend" / "static" / "frontend"
BUNDLE = "chart.stride.min.js"
# What scripts/build-chartjs printed: Chart.js 4.6.1 and @kurkle/color 0.3.4 bundled by esbuild 0.28.2.
BUNDLE_SHA256 = "934432bd28734db8320e02ef614de94d71a0e4771ed6e736f132ef0c488900d4"
MAP_SHA256 = "1d5873aee8d9c50f5f8717e6ed07d27cf058f1e33350e6f30a57721016dc577a"
VERSIONS = {"CHARTJS_VERSION": "4.6.1", "KURKLE_COLOR_VERSION": "0.3.4", "ESBUILD_VERSION": "0.28.2"}


def test_the_chartjs_bundle_is_the_one_the_pinned_build_makes():
    script = (CHARTJS / BUNDLE).read_bytes()
    assert hashlib.sha256(script).hexdigest() == BUNDLE_SHA256
    assert hashlib.sha256((CHARTJS / f"{BUNDLE}.map").read_bytes()).hexdigest() == MAP_SHA256
    # The production storage follows this comment to the map (and fails without it).
    assert script.rstrip().endswith(f"//# sourceMappingURL={BUNDLE}.map".encode())
    # One ES module, exporting Chart, that asks V8 to compile it as it downloads; both licence notices kept in it.
    assert script.startswith(b"//# allFunctionsCalledOnLoad\n")
    assert re.search(rb"export\{\w+ as Chart\};", script)
    assert b"Chart.js v4.6.1" in script and b"@kurkle/color v0.3.4" in script
    build = (ROOT / "scripts" / "build-chartjs").read_text()
    for name, version in VERSIONS.items():
        assert f"{name}={version}" in build
    readme = (CHARTJS / "README.md").read_text()
    assert BUNDLE_SHA256 in readme and MAP_SHA256 in readme
    assert all(version in readme for version in VERSIONS.values())
    assert "MIT License" in (CHARTJS / "LICENSE.md").read_text()
    assert "MIT License" in (CHARTJS / "LICENSE-kurkle-color.md").read_text()
    assert sorted(path.name for path in CHARTJS.iterdir()) == sorted(
        ["README.md", "LICENSE.md", "LICENSE-kurkle-color.md", BUNDLE, f"{BUNDLE}.map"]
    )


def test_chartjs_is_imported_by_the_chart_module_alone_and_that_only_by_chart_pages():
    importers = {path.name for path in MODULES.rglob("*.js") if BUNDLE in path.read_text()}
    assert importers == {"charts.js"}
    chart_pages = {path.name for path in MODULES.rglob("*.js") if re.search(r'from "\./charts\.js"', path.read_text())}
    assert chart_pages == {"trends.js", "summary.js", "outcomes.js"}


@pytest.mark.django_db
def test_no_page_loads_chartjs_before_it_draws(client, teen):
    client.force_login(teen)
    trends = client.get("/trends/").content
    assert b"frontend/trends.js" in trends and b"vendor/chartjs" not in trends
    for page in ("/today/", "/history/", "/checkin/", "/care-team/", "/settings/"):
        content = client.get(page).content
        assert b"vendor/chartjs" not in content and b"charts.js" not in content, page
