"""pyproject.toml declares, with a lower bound, every library the shipped code imports."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("supplychain", "dashboards", "sample_data", "app.py")
OURS = {"supplychain", "dashboards", "sample_data", "app"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = [Requirement(line) for line in project["dependencies"]]
    return {_canonical(r.name): r for r in requirements}


def _imported_modules() -> set[str]:
    modules: set[str] = set()
    for root in SHIPPED:
        files = [REPO / root] if root.endswith(".py") else (REPO / root).rglob("*.py")
        for path in files:
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules - OURS - set(sys.stdlib_module_names)


def test_every_imported_library_is_declared_with_a_lower_bound() -> None:
    declared, providers = _declared(), packages_distributions()
    missing, unbounded = [], []
    for module in sorted(_imported_modules()):
        names = {_canonical(d) for d in providers.get(module, [module])}
        requirement = next((declared[n] for n in names if n in declared), None)
        if requirement is None:
            missing.append(module)
        elif not any(spec.operator in (">=", "~=", "==") for spec in requirement.specifier):
            unbounded.append(str(requirement))
    assert missing == [] and unbounded == []


def test_every_declared_dependency_has_a_lower_bound() -> None:
    for requirement in _declared().values():
        assert any(s.operator == ">=" for s in requirement.specifier), requirement
