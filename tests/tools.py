"""Programs from Debian that tests run, found on PATH: scripts/ensure-test-tools installs each one listed in
scripts/test-tools.txt (make test runs it). A missing program fails the test that needs it, never skips it."""

import shutil
from pathlib import Path

import pytest

LIST = Path(__file__).resolve().parents[1] / "scripts" / "test-tools.txt"


def listed():
    """{program: Debian package} from scripts/test-tools.txt."""
    lines = (line.split() for line in LIST.read_text().splitlines() if line.strip() and not line.startswith("#"))
    return {program: package for program, package in lines}


def program(name):
    """The path of `name`, a program listed in scripts/test-tools.txt; the test fails where it is missing."""
    package = listed().get(name)
    assert package, f"{name} is not in scripts/test-tools.txt, so nothing installs it on a fresh machine: add it"
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: scripts/ensure-test-tools installs it (Debian's {package}; make test runs it)")
    return path
