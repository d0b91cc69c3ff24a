"""Every package the code imports is named in requirements.in (the app) or requirements-dev.in (tests and scripts), so
that the lock holds exactly what Stride uses and nothing comes in only as another package's dependency."""

import ast
import importlib.metadata
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
APP = ("accounts", "api", "config", "diary", "frontend", "reminders")
# Our own packages, and the scripts' modules, which import each other by name.
OURS = {*APP, "tests", "scripts", *(path.stem for path in (ROOT / "scripts").glob("*.py"))}


def _named(requirements: str) -> set[str]:
    names = set()
    for line in (ROOT / requirements).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)", line.strip())
        if match and not line.startswith("-"):
            names.add(_normal(match.group(1)))
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported(folders) -> set[str]:
    modules = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module.split(".")[0])
    return modules - OURS - set(sys.stdlib_module_names)


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    found = importlib.metadata.packages_distributions()
    return {module: {_normal(name) for name in found.get(module, [module])} for module in modules}


def test_every_package_the_app_imports_is_in_requirements_in():
    named = _named("requirements.in")
    missing = {m: d for m, d in _distributions(_imported(APP)).items() if not d & named}
    assert not missing, f"Name these in requirements.in (then make lock): {missing}"


def test_every_package_the_tests_and_scripts_import_is_in_a_requirements_file():
    named = _named("requirements.in") | _named("requirements-dev.in")
    missing = {m: d for m, d in _distributions(_imported(("tests", "scripts"))).items() if not d & named}
    assert not missing, f"Name these in requirements-dev.in (then make lock): {missing}"
