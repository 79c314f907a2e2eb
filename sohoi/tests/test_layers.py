"""The layers contract (pyproject.toml, checked by lint-imports in make lint) names org, accounts
and people module by module, since parts of them sit in different layers: a new module of these
apps must join a layer, or nothing would check its imports."""

import pkgutil
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPLIT_APPS = ["org", "accounts", "people"]
UNCHECKED = {"apps", "migrations", "tests"}  # start-up registrations, Django's, the tests'


def _layered_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    return {m.strip() for layer in layers for m in layer.replace("|", ":").split(":")}


@pytest.mark.parametrize("app", SPLIT_APPS)
def test_every_module_of_a_split_app_is_in_a_layer(app):
    layered = _layered_modules()
    assert app not in layered
    modules = {m.name for m in pkgutil.iter_modules([str(ROOT / app)])} - UNCHECKED
    missing = sorted(f"{app}.{m}" for m in modules if f"{app}.{m}" not in layered)
    assert not missing, f"add to a layer in [tool.importlinter] of pyproject.toml: {missing}"


def test_every_app_is_a_root_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(config["root_packages"]), sorted(apps - set(config["root_packages"]))
