"""ccsim.sweep against `ccsim sweep`: the same cells, typed, bit for bit."""
import csv
import json
import subprocess

import pytest

import ccsim
from conftest import BINARY, cli_error, scenario_path, ticks_while


def cli_sweep(tmp_path, *args):
    """`ccsim sweep ARGS… --out FILE.csv`: its column names, rows and side file."""
    out = tmp_path / "sweep.csv"
    done = subprocess.run([str(BINARY), "sweep", *map(str, args), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with open(out, newline="", encoding="utf-8") as f:
        lines = list(csv.reader(f))
    with open(f"{out}.meta.json", encoding="utf-8") as f:
        meta = json.load(f)
    return lines[0], lines[1:], meta


def as_cli_writes(value):
    """A typed cell as the CSV's text: what the command line writes for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def assert_same_cells(result, columns, rows):
    assert result["columns"] == columns
    assert len(result["rows"]) == len(rows)
    for got, line in zip(result["rows"], rows):
        for column, text in zip(columns, line):
            value = got[column]
            if isinstance(value, float):
                # Bit for bit: the CSV's shortest text reads back as exactly this double.
                assert float(text) == value, column
            else:
                assert as_cli_writes(value) == text, column


AXES = ["/staffing/humans=8:12:2", '/name=["a b", "c,d"]']


def test_sweep_gives_the_command_lines_csv_cells_typed(tmp_path, erlang_a):
    columns, rows, meta = cli_sweep(tmp_path, scenario_path("erlang-a.json"),
                                    *[a for axis in AXES for a in ("--set", axis)],
                                    "--replications", 3, "--seed", 5)
    got = ccsim.sweep(scenario_path("erlang-a.json"), AXES, replications=3, seed=5)
    assert_same_cells(got, columns, rows)
    assert got["meta"] == meta
    # Typed: an axis's string is its text, counts are integers, estimates are floats.
    first = got["rows"][0]
    assert first["/name"] == "a b" and got["rows"][1]["/name"] == "c,d"
    assert first["/staffing/humans"] == 8 and isinstance(first["customers"], int)
    assert isinstance(first["abandon_rate.mean"], float)
    # A dict gives the same figures as its file.
    by_dict = ccsim.sweep(erlang_a, AXES, replications=3, seed=5)
    assert by_dict["rows"] == got["rows"]


def test_tidy_sweep_with_a_baseline_and_segments_matches_the_command_line(tmp_path):
    path = scenario_path("france-bot-first.json")
    axis = "/staffing/groups/0/agents=20:24:4"
    columns, rows, _ = cli_sweep(tmp_path, path, "--set", axis, "--replications", 2,
                                 "--format", "tidy", "--baseline", "--by", "segment")
    got = ccsim.sweep(path, [axis], replications=2, tidy=True, baseline=True, by="segment")
    assert_same_cells(got, columns, rows)
    assert {r["statistic"] for r in got["rows"]} == {"value", "baseline", "difference"}


def test_a_bad_set_raises_the_command_lines_message(tmp_path):
    path = scenario_path("erlang-a.json")
    for axis in ("/staffing/humans=5:1:1", "/staffing/humans", "/nope=1"):
        # The first line: the command line's parser adds a line on --help.
        expected = cli_error("sweep", path, "--set", axis, "--out", tmp_path / "x.csv")
        expected = expected.splitlines()[0]
        with pytest.raises(ValueError) as raised:
            ccsim.sweep(path, [axis])
        assert str(raised.value) == expected
    with pytest.raises(ValueError, match="sets: expected at least one"):
        ccsim.sweep(path, [])


def test_frame_of_a_sweep_has_its_columns_and_rows(erlang_a):
    pd = pytest.importorskip("pandas")
    result = ccsim.sweep(erlang_a, ["/staffing/humans=8:10:1"], replications=2)
    table = ccsim.frame(result)
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == result["columns"]
    assert list(table["/staffing/humans"]) == [8, 9, 10]
    # More agents never raise the abandonment (common random numbers across the points).
    assert table["abandon_rate.mean"].is_monotonic_decreasing


def test_the_gil_is_released_while_a_sweep_runs(erlang_a):
    """Another Python thread keeps running while the points do."""
    long_run = dict(erlang_a, horizon_s=5 * erlang_a["horizon_s"])
    axes = ["/staffing/humans=8:9:1"]
    assert ticks_while(lambda: ccsim.sweep(long_run, axes, replications=4, threads=1)) > 20
