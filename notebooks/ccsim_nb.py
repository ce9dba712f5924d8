"""Helpers shared by the notebooks: run ccsim, read its JSON/CSV output, plot with CIs.

Everything simulated or computed by a formula comes from the ccsim binary; this module only
runs it, reshapes its output for pandas and draws. The binary is `$CCSIM_BIN`, or
`<repo>/build/ccsim` when that is unset.
"""

import io
import json
import os
import subprocess
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"
# Figures go to docs/figures/ (those shown in the README), or to $CCSIM_FIGURES_DIR, which
# run_all.sh sets to its temporary output so that a test run leaves the repository unchanged.
FIGURES = Path(os.environ.get("CCSIM_FIGURES_DIR", REPO / "docs" / "figures"))

# The six France files differ only by their routing strategy (docs/calibration.md).
STRATEGY_FILES = {
    "human_only": "france-human-only.json",
    "bot_only": "france-bot-only.json",
    "bot_first": "france-bot-first.json",
    "bot_first_no_context": "france-bot-first-no-context.json",
    "triage": "france-triage.json",
    "choice": "france-choice.json",
}


def binary():
    """The ccsim executable to drive: $CCSIM_BIN, else the repository's Release build."""
    path = Path(os.environ.get("CCSIM_BIN", REPO / "build" / "ccsim"))
    if not path.is_file():
        raise FileNotFoundError(
            f"ccsim binary not found at {path}: build it (cmake --build build --target ccsim) "
            "or set CCSIM_BIN")
    return path


def scenario(name):
    """Path of a scenario shipped in scenarios/ (a name with or without .json)."""
    return SCENARIOS / (name if name.endswith(".json") else name + ".json")


def run_ccsim(*args):
    """Runs `ccsim ARGS…` and returns its stdout; raises with its stderr when it fails."""
    command = [str(binary())] + [str(a) for a in args]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with status {done.returncode}:\n{done.stderr}")
    return done.stdout


def run_json(*args):
    """Runs a ccsim command with --json and returns the parsed JSON."""
    return json.loads(run_ccsim(*args, "--json"))


def metric_frame(metrics):
    """{metric: {mean, sd, n, ci_low, ci_high}} as a DataFrame indexed by metric (null → NaN)."""
    return pd.DataFrame.from_dict(metrics, orient="index").apply(pd.to_numeric)


def interval_frame(results):
    """by_interval of a results JSON: one row per interval, columns `metric.mean`, `metric.ci_low`…"""
    rows = []
    for entry in results["by_interval"]:
        row = {"start_s": entry["start_s"]}
        for name, value in entry.items():
            if isinstance(value, dict):
                for field in ("mean", "ci_low", "ci_high", "n"):
                    row[f"{name}.{field}"] = value.get(field)
        rows.append(row)
    return pd.DataFrame(rows).apply(pd.to_numeric)


def sweep(base, sets, *extra):
    """Runs `ccsim sweep BASE --set P=V … EXTRA` into a temporary CSV and returns it as a
    DataFrame (one row per point). `sets` is a list of (pointer, values) pairs; values as the
    command takes them ("30:60:5", a JSON array, or a Python list, written out as JSON)."""
    args = []
    for pointer, values in sets:
        text = values if isinstance(values, str) else json.dumps(values)
        args += ["--set", f"{pointer}={text}"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sweep.csv"
        run_ccsim("sweep", base, *args, *extra, "--out", out)
        text = out.read_text()
    header = json.loads(text.splitlines()[0][2:])
    frame = pd.read_csv(io.StringIO(text), comment="#")
    frame.attrs["header"] = header
    return frame


def errorbar(ax, x, mean, low, high, **kwargs):
    """Plots points with asymmetric error bars from CI bounds (NaN bounds draw no bar)."""
    mean = pd.Series(mean, dtype=float).to_numpy()
    below = (mean - pd.Series(low, dtype=float).to_numpy())
    above = (pd.Series(high, dtype=float).to_numpy() - mean)
    kwargs.setdefault("fmt", "o")
    kwargs.setdefault("capsize", 3)
    return ax.errorbar(x, mean, yerr=[below, above], **kwargs)


def plot_metric(ax, x, frame, metric, **kwargs):
    """Plots `metric` of a sweep frame (columns M.mean, M.ci_low, M.ci_high) against x."""
    return errorbar(ax, x, frame[f"{metric}.mean"], frame[f"{metric}.ci_low"],
                    frame[f"{metric}.ci_high"], **kwargs)


def save_figure(fig, name):
    """Saves a figure as NAME.png under FIGURES and returns the path."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    path = FIGURES / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path
