"""Where the tests find the executable and the repository: CCSIM_BIN and CCSIM_SOURCE_DIR (ctest
sets both), else build/ccsim and the repository this file is in."""
import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("CCSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BINARY = Path(os.environ.get("CCSIM_BIN", SOURCE_DIR / "build" / "ccsim"))


def scenario_path(name):
    return SOURCE_DIR / "scenarios" / name


def cli_json(*args):
    """`ccsim ARGS… --json`, parsed; the command must succeed."""
    done = subprocess.run([str(BINARY), *map(str, args), "--json"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cli_error(*args):
    """`ccsim ARGS…` that must fail with status 2: its stderr."""
    done = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2, done.stdout
    return done.stderr


def without_run_info(result):
    """A result less what may differ between two runs of the same input (wall time, …)."""
    return {k: v for k, v in result.items() if k not in ("run_info", "wall_s")}


def ticks_while(simulate):
    """How often another Python thread ticks (every millisecond) while `simulate()` runs: with
    the GIL held for the whole simulation, once or twice."""
    done = threading.Event()
    ticks = 0

    def worker():
        simulate()
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    thread.join()
    return ticks


@pytest.fixture
def erlang_a():
    with open(scenario_path("erlang-a.json"), encoding="utf-8") as f:
        return json.load(f)
