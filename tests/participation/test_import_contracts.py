"""The layer rule (core <- spaces <- components) is checked by import-linter in `make test`;
these tests keep its contracts honest: every component is in them, and they do fail."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contract(contract_id: str) -> dict:
    return next(c for c in CONTRACTS["contracts"] if c["id"] == contract_id)


def _component_apps() -> set[str]:
    # A component app declares itself in component.py (its manifest).
    return {
        config.name
        for config in apps.get_app_configs()
        if (Path(config.path) / "component.py").exists()
    }


def test_every_component_is_under_the_contracts():
    components = _component_apps()
    assert {"proposals", "budgets", "blogs", "pages"} <= components
    assert set(_contract("components-independent")["modules"]) == components
    assert set(_contract("spaces-synthesis-no-component")["forbidden_modules"]) == components
    assert set(_contract("core-no-component")["forbidden_modules"]) == components
    assert components | {"participation", "spaces", "synthesis"} <= set(CONTRACTS["root_packages"])


def test_the_core_imports_nothing_of_spaces_without_exception():
    """Categories and areas are the core's models: nothing of the core needs spaces."""
    assert "ignore_imports" not in _contract("core-no-spaces")


def _lint(tmp_path: Path, imports: dict[str, str]) -> str:
    """Run the project's contracts (without their ignore lists) on a tree of stand-in
    packages where ``imports`` maps a package to the package its module imports."""
    for package in CONTRACTS["root_packages"]:
        folder = tmp_path / package
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        imported = imports.get(package)
        (folder / "module.py").write_text(f"import {imported}\n" if imported else "")
    lines = ["[importlinter]", "root_packages ="]
    lines += [f"    {package}" for package in CONTRACTS["root_packages"]]
    for contract in CONTRACTS["contracts"]:
        lines += [f"[importlinter:contract:{contract['id']}]"]
        for key, value in contract.items():
            if key in ("id", "ignore_imports"):
                continue
            if isinstance(value, list):
                lines += [f"{key} ="] + [f"    {item}" for item in value]
            else:
                lines += [f"{key} = {value}"]
    config = tmp_path / ".importlinter"
    config.write_text("\n".join(lines) + "\n")
    result = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout + result.stderr


def test_a_tree_keeping_the_rule_passes(tmp_path):
    report = _lint(
        tmp_path,
        {"spaces": "participation", "proposals": "spaces", "synthesis": "participation"},
    )
    assert "Contracts: 4 kept, 0 broken." in report, report


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        ("budgets", "proposals", "Components never import each other"),
        ("spaces", "blogs", "Spaces and synthesis know no component by name"),
        ("synthesis", "budgets", "Spaces and synthesis know no component by name"),
        ("participation", "pages", "The core never imports a component"),
        ("participation", "spaces", "The core never imports spaces"),
    ],
)
def test_each_contract_fails_on_a_forbidden_import(tmp_path, importer, imported, contract):
    report = _lint(tmp_path, {importer: imported})
    assert f"{contract} BROKEN" in report, report
    assert f"{importer}.module -> {imported}" in report
