"""The contributors' pre-commit configuration: valid, and every hook runs a tool that make test installs."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from kurils.paths import REPO_ROOT

CONFIG = REPO_ROOT / ".pre-commit-config.yaml"


def test_pre_commit_config_is_valid():
    """pre-commit itself accepts the configuration."""
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(CONFIG)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_hook_runs_an_installed_command():
    """Each hook's command is in the virtual environment that `make test` sets up (no stale names)."""
    hooks = [h for repo in yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} >= {"ruff-format", "ruff-check", "mypy", "kurils-validate"}
    venv_bin = Path(sys.executable).parent
    for hook in hooks:
        program = Path(shlex.split(hook["entry"])[0])
        assert program.parent == Path(".venv/bin") and (venv_bin / program.name).exists(), hook["id"]
