"""Plotting helpers shared by the notebooks: scenario paths, results reshaped for plots, error
bars from the confidence intervals ccsim reports, figures saved where the README shows them.

Everything simulated or computed by a formula comes from the Python module `ccsim`
(docs/python.md); nothing here runs or computes a figure.
"""

import os
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


def scenario(name):
    """Path of a scenario shipped in scenarios/ (a name with or without .json)."""
    return SCENARIOS / (name if name.endswith(".json") else name + ".json")


def metric_columns(metrics):
    """{metric: {mean, sd, n, ci_low, ci_high}} as flat columns {"metric.mean": …}, one row of
    a table that plot_metric reads."""
    return {f"{name}.{field}": value for name, estimate in metrics.items()
            for field, value in estimate.items()}


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


def errorbar(ax, x, mean, low, high, **kwargs):
    """Plots points with asymmetric error bars from CI bounds (NaN bounds draw no bar)."""
    mean = pd.Series(mean, dtype=float).to_numpy()
    below = (mean - pd.Series(low, dtype=float).to_numpy())
    above = (pd.Series(high, dtype=float).to_numpy() - mean)
    kwargs.setdefault("fmt", "o")
    kwargs.setdefault("capsize", 3)
    return ax.errorbar(x, mean, yerr=[below, above], **kwargs)


def plot_metric(ax, x, frame, metric, **kwargs):
    """Plots `metric` of a frame (columns M.mean, M.ci_low, M.ci_high) against x."""
    return errorbar(ax, x, frame[f"{metric}.mean"], frame[f"{metric}.ci_low"],
                    frame[f"{metric}.ci_high"], **kwargs)


def save_figure(fig, name):
    """Saves a figure as NAME.png under FIGURES and returns the path."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    path = FIGURES / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path


def executable():
    """The ccsim command-line tool beside the Python module in use (build/ccsim for
    build/python/ccsim), or $CCSIM_BINARY, or the one on PATH."""
    import shutil
    import ccsim
    if os.environ.get("CCSIM_BINARY"):
        return Path(os.environ["CCSIM_BINARY"])
    beside = Path(ccsim.__file__).absolute().parents[2] / "ccsim"
    if beside.is_file():
        return beside
    found = shutil.which("ccsim")
    if found is None:
        raise FileNotFoundError("expected the ccsim executable (set CCSIM_BINARY), got none")
    return Path(found)


def cli(*args):
    """Runs `ccsim ARGS…` (for commands the module does not have, such as sensitivity) and
    returns its stdout; a failure raises with ccsim's own message lines."""
    import subprocess
    done = subprocess.run([str(executable()), *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"ccsim exited with {done.returncode}: {done.stderr.strip()}")
    return done.stdout
