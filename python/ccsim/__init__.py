"""ccsim, the contact-center simulator, as a Python module.

Each function is the command of the same name: it takes a scenario as a dict or a path, the
command's options as keyword arguments (``--max-replications`` is ``max_replications``), and
returns what ``ccsim COMMAND --json`` prints, parsed: the same figures, bit for bit, for the
same scenario and seed. Bad input raises ``ValueError`` whose message is the command line's,
one problem a line (``FILE: /json/pointer: expected …, got …``; a dict is ``<dict>``).
Simulations run on every core with the GIL released. ``frame`` turns a result into a pandas
DataFrame. docs/python.md has the whole interface.
"""

import json
import numbers
import os
import warnings

from . import _core

__version__ = _core.version
__all__ = ["run", "compare", "sweep", "erlang", "staff", "sensitivity", "fit", "backtest", "frame",
           "ScenarioError", "TargetNotMet", "__version__"]

# Raised for a bad scenario or option; a ValueError.
ScenarioError = _core.ScenarioError

_DICT_LABEL = "<dict>"
# "reason" says why an interval is null ("no data", "too little data"; docs/metrics.md).
_ESTIMATE_FIELDS = ("mean", "sd", "n", "ci_low", "ci_high", "reason")


def _source(scenario):
    """A scenario as the library takes it: a path, or a dict as JSON text named <dict>."""
    if isinstance(scenario, dict):
        return _core.Source(_DICT_LABEL, json.dumps(scenario))
    if isinstance(scenario, (str, os.PathLike)):
        return _core.Source(os.fspath(scenario))
    raise TypeError(f"scenario: expected a dict or a path, got {type(scenario).__name__}")


def _scenario_text(scenario):
    if isinstance(scenario, dict):
        return json.dumps(scenario)
    with open(scenario, encoding="utf-8") as f:
        return f.read()


def _integer(name, value, minimum):
    """None, or `value` checked as the command line checks --NAME."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value!r}")
    return int(value)


def _number(name, value, low, high=None, low_open=False):
    if value is None:
        return None
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    ok = ok and (value > low if low_open else value >= low) and (high is None or value < high)
    if not ok:
        if high is None:
            raise ValueError(f"{name}: expected a number >= {low}, got {value!r}")
        raise ValueError(f"{name}: expected a number in ({low}, {high}), got {value!r}")
    return float(value)


def _overrides(replications, seed, confidence, min_replications=1):
    return _core.RunOverrides(
        replications=_integer("replications", replications, min_replications),
        seed=_integer("seed", seed, 0),
        confidence=_number("confidence", confidence, 0, 1, low_open=True))


def _threads(threads):
    return _integer("threads", threads, 1) or 0


def _texts(name, values):
    """A list of "KEY=VALUE" (or "METRIC>=VALUE") strings, from a list or a single string."""
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    if isinstance(values, dict):
        return [f"{key}={value!r}" for key, value in values.items()]
    return [str(v) for v in values]


def run(scenario, *, replications=None, threads=None, seed=None, confidence=None,
        precision=None, max_replications=None):
    """Simulates a scenario: ``ccsim run SCENARIO --json``.

    precision: {"abandon_rate": 0.001} or ["abandon_rate=0.001"]: replications are added until
    every named metric's CI half-width is at most its target, up to max_replications (1000).
    The result's "precision" says whether they were met.
    """
    targets = _texts("precision", precision)
    if max_replications is not None and not targets:
        raise ValueError("max_replications: expected with precision targets, got alone")
    text = _core.run(_source(scenario), _overrides(replications, seed, confidence),
                     _threads(threads), targets,
                     _integer("max_replications", max_replications, 10) or 0)
    return json.loads(text)


class TargetNotMet(RuntimeError):
    """No schedule meets the targets (``ccsim compare --staff-to`` exits 3): the message names
    the scenario and says why."""


def compare(scenarios, *, by=None, replications=None, threads=None, seed=None, confidence=None,
            staff_to=None, risk=None, joint=False, shrinkage=None, max_agents=None,
            max_replications=None, verify_replications=None, staffed_out=None):
    """Runs scenarios with the first one's seed and replications (common random numbers) and
    gives each metric's paired difference from the first: ``ccsim compare A B … --json``.
    by="segment" adds the breakdown by segment.

    staff_to=["service_level>=0.8", …] compares at equal service, as ``--staff-to``: each
    scenario is first staffed to the targets by the staffing search (risk, joint, shrinkage,
    max_agents, max_replications and verify_replications as for ``staff``), then the staffed
    scenarios are compared on fresh seeds. staffed_out, a list of one path per scenario, also
    writes each staffed scenario (atomically) as ``staff --out`` does. Raises TargetNotMet when
    a scenario has no schedule meeting the targets."""
    if by not in (None, "segment"):
        raise ValueError(f"by: expected \"segment\", got {by!r}")
    scenarios = list(scenarios)
    if len(scenarios) < 2:
        raise ValueError(f"scenarios: expected at least 2, got {len(scenarios)}")
    targets = _texts("staff_to", staff_to)
    staffing = (risk, shrinkage, max_agents, max_replications, verify_replications, staffed_out)
    if not targets:
        if joint or any(v is not None for v in staffing):
            raise ValueError("staff_to: expected METRIC>=VALUE or METRIC<=VALUE targets with "
                             "the staffing options, got none")
        text = _core.compare([_source(s) for s in scenarios],
                             _overrides(replications, seed, confidence), _threads(threads),
                             by == "segment")
        return json.loads(text)
    if staffed_out is not None:
        staffed_out = [os.fspath(p) for p in staffed_out]
        if len(staffed_out) != len(scenarios):
            raise ValueError(f"staffed_out: expected {len(scenarios)} paths, one per scenario, "
                             f"got {len(staffed_out)}")
    request = _staff_request(targets, risk, joint, shrinkage, max_agents, threads,
                             max_replications, verify_replications)
    staffed = _core.compare_staffed([_source(s) for s in scenarios],
                                    [_scenario_text(s) for s in scenarios],
                                    _overrides(replications, seed, confidence, 2), request,
                                    by == "segment")
    if staffed.infeasible:
        raise TargetNotMet(staffed.infeasible)
    for path, text in zip(staffed_out or [], staffed.files):
        _core.write_file(path, text)
    return json.loads(staffed.json)


def sweep(scenario, sets, *, tidy=False, by=None, baseline=False, independent=False,
          replications=None, threads=None, seed=None, confidence=None, precision=None,
          max_replications=None):
    """Runs a scenario at every combination of values set at JSON pointers:
    ``ccsim sweep SCENARIO --set … --out FILE.csv``, the rows returned instead of written.

    sets: the --set axes, a list of "POINTER=VALUES" strings in the command line's syntax
    (docs/sweep.md), e.g. ["/staffing/humans=30:40:2", '/routing/strategy=["triage", "choice"]'].
    tidy=True gives the tidy form (a row per point, segment, metric and statistic); by="segment",
    baseline, independent, precision and max_replications are the command's flags.

    Returns {"columns": [...], "rows": [{column: value}, ...], "meta": the header the CSV keeps
    in FILE.meta.json, "precision_unmet": points whose targets were missed}: the CSV's cells,
    typed (numbers as numbers, bit for bit the CSV's; strings as strings; empty cells None).
    ``frame(result)`` makes it a DataFrame. Warnings (an unstable point) are Python warnings.
    """
    if by not in (None, "segment"):
        raise ValueError(f"by: expected \"segment\", got {by!r}")
    axes = _texts("sets", sets)
    if not axes:
        raise ValueError("sets: expected at least one POINTER=VALUES, got none")
    targets = _texts("precision", precision)
    if max_replications is not None and not targets:
        raise ValueError("max_replications: expected with precision targets, got alone")
    text = _core.sweep(_source(scenario), axes, _overrides(replications, seed, confidence),
                       _threads(threads), bool(tidy), by == "segment", bool(baseline),
                       bool(independent), targets,
                       _integer("max_replications", max_replications, 10))
    out = json.loads(text)
    _warn(out.pop("warnings"))
    columns = out["columns"]
    out["rows"] = [dict(zip(columns, row)) for row in out["rows"]]
    return out


def _agent_counts(agents):
    """(counts, several): an int alone gives one result, anything else a list of them."""
    if isinstance(agents, str) and agents.lstrip().startswith("["):
        try:
            agents = json.loads(agents)
        except ValueError:
            pass
    if isinstance(agents, str):
        parts = agents.split(":")
        if len(parts) == 3 and all(p.strip().lstrip("-").isdigit() for p in parts):
            first, last, step = (int(p) for p in parts)
            if step > 0 and first <= last:
                agents = range(first, last + 1, step)
    if isinstance(agents, numbers.Integral) and not isinstance(agents, bool):
        counts, several = [agents], False
    elif isinstance(agents, (range, list, tuple)):
        counts, several = list(agents), True
    else:
        counts, several = None, True
    if not counts or any(isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0
                         for n in counts):
        raise ValueError("agents: expected a whole number >= 0, a range \"a:b:step\" or a list "
                         f"of them, got {agents!r}")
    return [int(n) for n in counts], several


def erlang(lambda_per_hour, handle_s, *, agents=None, patience_s=None, threshold_s=20.0,
           target=None):
    """Exact steady-state Erlang figures: ``ccsim erlang … --json``.

    agents: a count (one result), a range "40:56:2" or a list (a list of results); or, instead,
    target=["service_level>=0.8", …] for the fewest agents meeting them. Without patience_s:
    Erlang C; patience_s=0: Erlang B; otherwise Erlang A.
    """
    lambda_per_hour = _number("lambda_per_hour", lambda_per_hour, 0)
    handle_s = _number("handle_s", handle_s, 0, float("inf"), low_open=True)
    patience_s = _number("patience_s", patience_s, 0)
    threshold_s = _number("threshold_s", threshold_s, 0)
    targets = _texts("target", target)
    if targets and agents is not None:
        raise ValueError("agents: expected either agents or target, got both")
    if not targets and agents is None:
        raise ValueError("erlang: expected agents=N or target=\"METRIC>=VALUE\", got neither")
    counts, several = ([], False) if targets else _agent_counts(agents)
    return json.loads(_core.erlang(lambda_per_hour, handle_s, counts, several, patience_s,
                                   threshold_s, targets))


def _staff_request(targets, risk, joint, shrinkage, max_agents, threads, max_replications,
                   verify_replications):
    """The staffing search's options, checked as the command line checks them."""
    if shrinkage is not None and not (isinstance(shrinkage, numbers.Real) and 0 <= shrinkage < 1):
        raise ValueError(f"shrinkage: expected a number in [0, 1), got {shrinkage!r}")
    if risk is not None and not (isinstance(risk, numbers.Real) and not isinstance(risk, bool)
                                 and 0 < risk <= 0.5):
        raise ValueError(f"risk: expected a number in (0, 0.5], got {risk!r}")
    if joint and risk is None:
        raise ValueError("joint: expected with risk, got alone")
    return _core.StaffRequest(targets, None if shrinkage is None else float(shrinkage),
                              _integer("max_agents", max_agents, 1), _threads(threads),
                              None if risk is None else float(risk), bool(joint),
                              _integer("max_replications", max_replications, 16),
                              _integer("verify_replications", verify_replications, 2))


def sensitivity(scenarios, assumptions, metric, *, mode="both", draws=50, draw_seed=None,
                best=None, replications=None, threads=None, seed=None, confidence=None,
                checkpoint=None):
    """How a metric, or each strategy's paired difference from the first, moves with assumed
    values: ``ccsim sensitivity A [B …] --assumptions FILE --metric METRIC --json``.

    scenarios: one scenario or a list (dicts or paths); assumptions: the assumptions file as a
    dict or a path (docs/sensitivity.md). mode "tornado" (each assumption alone at the ends of its
    range), "joint" (draws Latin-hypercube draws of all of them together: probability each
    strategy is best, rank correlations) or "both". best="lower" or "higher" says which is
    better when the metric does not. Every run uses the first scenario's seed and replications
    (common random numbers); the result's wall_s is the time it took. checkpoint=PATH keeps
    every run as it ends, as ``--checkpoint``: a call interrupted (a kill, KeyboardInterrupt
    between calls) and made again with the same inputs reuses the runs it finished."""
    if isinstance(scenarios, (dict, str, os.PathLike)):
        scenarios = [scenarios]
    scenarios = list(scenarios)
    if not scenarios:
        raise ValueError("scenarios: expected at least 1, got 0")
    if mode not in ("tornado", "joint", "both"):
        raise ValueError(f"mode: expected \"tornado\", \"joint\" or \"both\", got {mode!r}")
    if best not in (None, "lower", "higher"):
        raise ValueError(f"best: expected \"lower\" or \"higher\", got {best!r}")
    draws = _integer("draws", draws, 2)
    if draws > 100000:
        raise ValueError(f"draws: expected an integer in [2, 100000], got {draws!r}")
    if isinstance(assumptions, dict):
        assumptions_text, assumptions_label = json.dumps(assumptions), _DICT_LABEL
    elif isinstance(assumptions, (str, os.PathLike)):
        assumptions_label = os.fspath(assumptions)
        with open(assumptions_label, encoding="utf-8") as f:
            assumptions_text = f.read()
    else:
        raise TypeError(f"assumptions: expected a dict or a path, got {type(assumptions).__name__}")
    text = _core.sensitivity([_source(s) for s in scenarios], [_scenario_text(s) for s in scenarios],
                             assumptions_text, assumptions_label, str(metric), mode, draws,
                             _integer("draw_seed", draw_seed, 0),
                             None if best is None else best == "lower",
                             _overrides(replications, seed, confidence), _threads(threads),
                             None if checkpoint is None else os.fspath(checkpoint))
    return json.loads(text)


def staff(scenario, target, *, risk=None, joint=False, shrinkage=None, max_agents=None,
          replications=None, max_replications=None, verify_replications=None, threads=None,
          seed=None, confidence=None, out=None):
    """The fewest human agents per interval meeting every target in every interval:
    ``ccsim staff SCENARIO --target … --json``. risk=EPS (with joint=True) asks for the
    chance-constrained guarantee instead of the expected one. out=PATH also writes the scenario
    with the schedule found (atomically), as ``--out`` does, when one is found."""
    targets = _texts("target", target)
    if not targets:
        raise ValueError("target: expected at least one METRIC>=VALUE or METRIC<=VALUE, got none")
    request = _staff_request(targets, risk, joint, shrinkage, max_agents, threads,
                             max_replications, verify_replications)
    source = _source(scenario)
    text, staffed = _core.staff(source, _scenario_text(scenario),
                                _overrides(replications, seed, confidence, 2), request)
    if out is not None and staffed:
        _core.write_file(os.fspath(out), staffed)
    return json.loads(text)


# The data choices of fit and backtest, with the command line's defaults (docs/fit.md).
_LOG_CHOICES = ("format", "interval_min", "days", "min_day_fraction", "exclude_date", "by",
                "arrival", "phantom", "anomalous_service", "priority", "map_segment", "strict")
_STAFFING_CHOICES = ("staffing", "staffing_gap_min", "staffing_edge_min", "shift_grid_min",
                     "staffing_step_min")
_RETRIAL_LINK_CHOICES = ("retrial_window_min", "retrial_lost_ids")
_FIT_CHOICES = _STAFFING_CHOICES + _RETRIAL_LINK_CHOICES + (
    "patience", "handle", "busyness", "service_level_threshold_s", "name", "by_hour",
    "by_hour_band_min", "retrials", "retrial_delay")


def _fill(request, choices, allowed, function):
    for key, value in choices.items():
        if key not in allowed:
            raise TypeError(f"{function}() got an unexpected keyword argument {key!r}")
        if key in ("exclude_date", "map_segment", "by_hour", "replay") and isinstance(value, str):
            value = [value]
        try:
            setattr(request, key, value)
        except TypeError:
            current = getattr(request, key)
            raise ValueError(f"{key}: expected {type(current).__name__}, got {value!r}") from None
    return request


def _logs(logs, choices, function):
    paths = [os.fspath(logs)] if isinstance(logs, (str, os.PathLike)) else \
        [os.fspath(p) for p in logs]
    request = _fill(_core.LogRequest(), choices, _LOG_CHOICES, function)
    request.paths = paths
    return request


def _warn(lines):
    for line in lines:
        warnings.warn(line, stacklevel=3)


def fit(logs, *, out=None, **choices):
    """Estimates a scenario from call logs: ``ccsim fit LOG… --out FILE``. Returns the scenario
    the command writes to FILE (as a dict: ``run`` takes it as is); out=PATH writes it too.

    Keyword arguments are the command's flags (docs/fit.md), e.g. by="type",
    interval_min=60, patience="exponential", exclude_date=["1999-02-01"]. The name defaults to
    out's stem, else "fitted". Malformed log lines are reported as warnings.
    """
    fit_choices = {k: v for k, v in choices.items() if k not in _LOG_CHOICES}
    request = _fill(_core.FitRequest(), fit_choices, _FIT_CHOICES, "fit")
    stem = os.path.splitext(os.path.basename(os.fspath(out)))[0] if out is not None else ""
    log_choices = {k: v for k, v in choices.items() if k in _LOG_CHOICES}
    text, lines = _core.fit(_logs(logs, log_choices, "fit"), request, stem or "fitted")
    _warn(lines)
    if out is not None:
        _core.write_file(os.fspath(out), text)
    return json.loads(text)


def backtest(scenario, logs, *, replications=10, threads=None, seed=None, confidence=None,
             train=None, scored_min_entrants=10.0, replay=None, **choices):
    """Simulates a one-day scenario over as many days as the logs hold and compares it with
    them: ``ccsim backtest SCENARIO LOG… --json``. replications: simulated copies of the logged
    days; train: the logs the scenario was fitted on; replay: "arrivals", "staffing" or both
    (a list, or "arrivals,staffing"); the staffing keywords say how replayed staffing is
    inferred, as for fit, and retrial_window_min, retrial_lost_ids which logged retrials a replay
    of a scenario with retrials leaves out; other keywords are the data choices, as for fit."""
    own = _STAFFING_CHOICES + _RETRIAL_LINK_CHOICES
    staffing = {k: v for k, v in choices.items() if k in own}
    choices = {k: v for k, v in choices.items() if k not in own}
    if isinstance(replay, str):
        replay = replay.split(",")
    if replay is not None:
        staffing["replay"] = list(replay)
    request = _fill(_core.BacktestRequest(), staffing, own + ("replay",), "backtest")
    request.replications = _integer("replications", replications, 1)
    request.threads = _threads(threads)
    request.train = [] if train is None else [os.fspath(p) for p in
                                              ([train] if isinstance(train, (str, os.PathLike))
                                               else train)]
    request.scored_min_entrants = _number("scored_min_entrants", scored_min_entrants, 0)
    text, lines = _core.backtest(_source(scenario), _logs(logs, choices, "backtest"),
                                 _overrides(None, seed, confidence), request)
    _warn(lines)
    return json.loads(text)


def _estimates(metrics, **keys):
    """Rows {keys…, metric, mean, sd, n, ci_low, ci_high, reason} from {metric: estimate}."""
    return [{**keys, "metric": name, "reason": None, **estimate}
            for name, estimate in metrics.items()]


def _compared(metrics, **keys):
    rows = []
    for name, per_scenario in metrics.items():
        for scenario, parts in per_scenario.items():
            row = {**keys, "metric": name, "scenario": scenario, "reason": None,
                   **parts["value"]}
            for field, value in parts.get("difference", {}).items():
                row[f"diff_{field}"] = value
            rows.append(row)
    return rows


def frame(result, by=None):
    """A result as a pandas DataFrame (pandas must be installed), one row per estimate.

    run: index metric, or (segment, metric) with by="segment", (start_s, metric) with
    by="interval", (reason_kind, metric) with by="reason_kind"; compare: (metric, scenario),
    columns mean … ci_high, reason and diff_mean … diff_reason, or (segment, metric, scenario);
    erlang over several counts: index agents, one column per metric; sweep: one row per row
    of its CSV, the CSV's columns. null is NaN.
    """
    import pandas as pd

    if isinstance(result, dict) and "columns" in result and "meta" in result:
        if by is not None:
            raise ValueError(f"by: expected None for a sweep (sweep(..., by=\"segment\") "
                             f"adds the segments' columns), got {by!r}")
        return pd.DataFrame(result["rows"], columns=result["columns"])
    if isinstance(result, list):
        rows = [{"agents": r["inputs"]["agents"], "model": r["model"], "stable": r["stable"],
                 **r["metrics"]} for r in result]
        return pd.DataFrame(rows).set_index("agents")
    if "scenarios" in result:
        if by is None:
            rows, index = _compared(result["metrics"]), ["metric", "scenario"]
        elif by == "segment":
            rows = [row for segment, metrics in result["by_segment"].items()
                    for row in _compared(metrics, segment=segment)]
            index = ["segment", "metric", "scenario"]
        else:
            raise ValueError(f"by: expected None or \"segment\" for a comparison, got {by!r}")
    elif by is None:
        rows, index = _estimates(result["metrics"]), ["metric"]
    elif by in ("segment", "reason_kind"):
        rows = [row for key, metrics in result[f"by_{by}"].items()
                for row in _estimates(metrics, **{by: key})]
        index = [by, "metric"]
    elif by == "interval":
        rows = [row for entry in result["by_interval"]
                for row in _estimates({k: v for k, v in entry.items() if isinstance(v, dict)},
                                      start_s=entry["start_s"])]
        index = ["start_s", "metric"]
    else:
        raise ValueError("by: expected None, \"segment\", \"interval\" or \"reason_kind\", "
                         f"got {by!r}")
    table = pd.DataFrame(rows).set_index(index).apply(pd.to_numeric, errors="ignore")
    # The estimate's fields in the order docs/metrics.md gives them, then any others.
    first = [c for c in _ESTIMATE_FIELDS + tuple(f"diff_{f}" for f in _ESTIMATE_FIELDS)
             if c in table.columns]
    return table[first + [c for c in table.columns if c not in first]]
