"""`kurils validate` on the committed geodata."""

from __future__ import annotations

import os
import subprocess
import sys


def test_committed_geodata_is_valid_silent_and_exits_0():
    """The committed geodata passes: no output, exit 0."""
    env = {k: v for k, v in os.environ.items() if k != "KURILS_GEODATA"}
    done = subprocess.run([sys.executable, "-m", "kurils", "validate"], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
