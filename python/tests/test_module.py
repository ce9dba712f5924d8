"""The module against the executable: same inputs, same JSON, bit for bit."""
import copy
import json
import subprocess

import pytest

import ccsim
from conftest import (BINARY, SOURCE_DIR, cli_error, cli_json, scenario_path, ticks_while,
                      without_run_info)


def test_run_of_a_dict_gives_the_command_lines_results_bit_for_bit(erlang_a):
    expected = cli_json("run", scenario_path("erlang-a.json"), "--replications", 3, "--seed", 5)
    got = ccsim.run(erlang_a, replications=3, seed=5)
    assert without_run_info(got) == without_run_info(expected)
    assert got["run_info"]["version"] == ccsim.__version__


def test_run_of_a_path_and_of_its_dict_agree(erlang_a):
    by_path = ccsim.run(scenario_path("erlang-a.json"), replications=2)
    by_dict = ccsim.run(erlang_a, replications=2)
    assert without_run_info(by_path) == without_run_info(by_dict)


def test_run_gives_the_same_figures_on_one_thread_and_two(erlang_a):
    one = ccsim.run(erlang_a, replications=4, threads=1)
    two = ccsim.run(erlang_a, replications=4, threads=2)
    assert without_run_info(one) == without_run_info(two)


def test_run_to_precision_matches_the_command_line(erlang_a):
    expected = cli_json("run", scenario_path("erlang-a.json"), "--replications", 2,
                        "--precision", "abandon_rate=0.004")
    got = ccsim.run(erlang_a, replications=2, precision={"abandon_rate": 0.004})
    assert without_run_info(got) == without_run_info(expected)
    assert got["precision"]["met"] is True


def test_compare_by_segment_matches_the_command_line():
    files = [scenario_path("france-human-only.json"), scenario_path("france-triage.json")]
    expected = cli_json("compare", *files, "--by", "segment", "--replications", 2)
    assert ccsim.compare(files, by="segment", replications=2) == expected


def test_erlang_matches_the_command_line_for_a_count_a_range_and_targets():
    queue = ["erlang", "--lambda-per-hour", 2880, "--handle-s", 60, "--patience-s", 120]
    assert ccsim.erlang(2880, 60, agents=50, patience_s=120) == cli_json(*queue, "--agents", 50)
    assert (ccsim.erlang(2880, 60, agents="40:56:2", patience_s=120) ==
            cli_json(*queue, "--agents", "40:56:2"))
    assert (ccsim.erlang(2880, 60, agents=range(40, 57, 2), patience_s=120) ==
            cli_json(*queue, "--agents", "40:56:2"))
    assert (ccsim.erlang(2880, 60, patience_s=120, target=["service_level>=0.8"]) ==
            cli_json(*queue, "--target", "service_level>=0.8"))


def small_day():
    """Two hours in two intervals: a staffing search of a few simulations."""
    return {"name": "small-day", "seed": 3, "replications": 4, "horizon_s": 7200,
            "service_level_threshold_s": 20, "report_interval_s": 3600,
            "arrivals": {"interval_s": 3600, "per_hour": [360, 540]},
            "patience_s": {"dist": "exponential", "mean": 120},
            "human_handle_s": {"dist": "exponential", "mean": 180},
            "staffing": {"humans": {"interval_s": 3600, "agents": [20, 20]}}}


def test_staff_matches_the_command_line_and_writes_the_staffed_scenario(tmp_path):
    path = tmp_path / "day.json"
    path.write_text(json.dumps(small_day()))
    expected = cli_json("staff", path, "--target", "service_level>=0.8")
    out = tmp_path / "staffed.json"
    got = ccsim.staff(small_day(), "service_level>=0.8", out=out)
    assert without_run_info(got) == without_run_info(expected)
    staffed = json.loads(out.read_text())
    assert staffed["staffing"]["humans"]["agents"] == [i["required_agents"]
                                                      for i in got["intervals"]]


def test_compare_at_equal_service_matches_the_command_line_and_writes_the_staffed_files(
        tmp_path):
    slow = small_day()
    slow["name"] = "slow-day"
    slow["human_handle_s"]["mean"] = 240
    paths = [tmp_path / "day.json", tmp_path / "slow.json"]
    paths[0].write_text(json.dumps(small_day()))
    paths[1].write_text(json.dumps(slow))
    cli_dir = tmp_path / "cli"
    cli_dir.mkdir()
    expected = cli_json("compare", *paths, "--staff-to", "service_level>=0.8",
                        "--staffed-dir", cli_dir)
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    got = ccsim.compare(paths, staff_to="service_level>=0.8", staffed_out=outs)
    assert without_run_info(got) == without_run_info(expected)
    assert outs[0].read_text() == (cli_dir / "small-day.json").read_text()
    assert outs[1].read_text() == (cli_dir / "slow-day.json").read_text()
    # The slower handle time needs more agents at equal service.
    agents = got["equal_service"]["agents"]
    day, slow_day = (sum(agents[label]) for label in got["scenarios"])
    assert slow_day > day


def test_compare_at_equal_service_raises_when_no_schedule_meets_the_targets():
    with pytest.raises(ccsim.TargetNotMet, match="small-day"):
        ccsim.compare([small_day(), small_day()], staff_to="service_level>=0.8", max_agents=2)
    with pytest.raises(ValueError, match="staff_to: expected"):
        ccsim.compare([small_day(), small_day()], max_agents=2)


def test_a_bad_dict_raises_the_command_lines_message_naming_dict(erlang_a):
    bad = copy.deepcopy(erlang_a)
    bad["seed"] = -1
    bad["arrivals"] = {"per_hour": "many"}
    with pytest.raises(ValueError) as raised:
        ccsim.run(bad)
    lines = str(raised.value).splitlines()
    assert lines[0] == "<dict>: /seed: expected an integer >= 0, got -1"
    assert lines[1].startswith("<dict>: /arrivals/per_hour: expected ")
    assert isinstance(raised.value, ccsim.ScenarioError)


def test_a_bad_file_raises_what_the_command_line_prints(tmp_path, erlang_a):
    bad = copy.deepcopy(erlang_a)
    bad["horizon_s"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(ValueError) as raised:
        ccsim.run(path)
    assert str(raised.value) + "\n" == cli_error("run", path)


def test_bad_options_raise_value_errors_naming_the_option(erlang_a):
    cases = [(dict(replications=0), "replications: expected an integer >= 1, got 0"),
             (dict(seed=-1), "seed: expected an integer >= 0, got -1"),
             (dict(confidence=1.5), "confidence: expected a number in (0, 1), got 1.5"),
             (dict(threads=0), "threads: expected an integer >= 1, got 0")]
    for options, message in cases:
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            ccsim.run(erlang_a, **options)
    with pytest.raises(ValueError, match="did you mean"):
        ccsim.run(erlang_a, precision={"abandn_rate": 0.01})
    with pytest.raises(ValueError, match="agents: expected a whole number >= 0"):
        ccsim.erlang(2880, 60, agents="50:40:2")
    with pytest.raises(TypeError):
        ccsim.run(erlang_a, replicatons=2)


def test_the_gil_is_released_while_simulating(erlang_a):
    """Another Python thread keeps running while a simulation does."""
    long_run = dict(erlang_a, horizon_s=10 * erlang_a["horizon_s"])  # about half a second
    assert ticks_while(lambda: ccsim.run(long_run, replications=4, threads=1)) > 20


def test_frame_gives_one_row_per_metric_with_its_interval(erlang_a):
    pd = pytest.importorskip("pandas")
    result = ccsim.run(erlang_a, replications=2)
    table = ccsim.frame(result)
    assert isinstance(table, pd.DataFrame)
    assert table.loc["abandon_rate", "mean"] == result["metrics"]["abandon_rate"]["mean"]
    assert list(table.columns) == ["mean", "sd", "n", "ci_low", "ci_high", "reason"]
    by_segment = ccsim.frame(result, by="segment")
    assert by_segment.index.names == ["segment", "metric"]
    assert ccsim.frame(result, by="interval").index.names == ["start_s", "metric"]
    erlang = ccsim.frame(ccsim.erlang(2880, 60, agents="40:44:2", patience_s=120))
    assert list(erlang.index) == [40, 42, 44]
    files = [scenario_path("france-human-only.json"), scenario_path("france-triage.json")]
    compared = ccsim.frame(ccsim.compare(files, replications=2))
    assert compared.loc[("abandon_rate", "france-human-only"), "diff_mean"] != \
        compared.loc[("abandon_rate", "france-human-only"), "diff_mean"]  # NaN: the baseline


BANK = "data/anonymous-bank-1999/02_February.txt"


def test_fit_gives_the_scenario_the_command_line_writes(tmp_path):
    logs = SOURCE_DIR / BANK
    out = tmp_path / "bank.json"
    done = subprocess.run([str(BINARY), "fit", str(logs), "--by", "type",
                           "--interval-min", "60", "--out", str(out)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    expected = json.loads(out.read_text())
    written = tmp_path / "again.json"
    got = ccsim.fit(logs, by="type", interval_min=60, name="bank", out=written)
    assert got == expected
    assert json.loads(written.read_text()) == expected
    assert ccsim.fit(logs, by="type", interval_min=60, out=tmp_path / "bank.json") == expected


def test_fit_with_retrials_gives_the_scenario_the_command_line_writes(tmp_path):
    logs = SOURCE_DIR / BANK
    out = tmp_path / "bank.json"
    flags = ["--retrials", "on", "--retrial-window-min", "120", "--retrial-delay", "exponential"]
    done = subprocess.run([str(BINARY), "fit", str(logs), "--interval-min", "60", *flags,
                           "--out", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    got = ccsim.fit(logs, interval_min=60, retrials="on", retrial_window_min=120,
                    retrial_delay="exponential", out=tmp_path / "bank.json")
    assert got == json.loads(out.read_text())
    assert got["returns"]["retrial_probability"] > 0


def test_backtest_matches_the_command_line(tmp_path):
    logs = SOURCE_DIR / BANK
    scenario = ccsim.fit(logs, interval_min=60)
    path = tmp_path / "fitted.json"
    path.write_text(json.dumps(scenario))
    expected = cli_json("backtest", path, logs, "--interval-min", 60, "--replications", 2)
    got = ccsim.backtest(scenario, logs, interval_min=60, replications=2)
    assert without_run_info(got) == without_run_info(expected)


def test_a_replay_matches_the_command_line(tmp_path):
    logs = SOURCE_DIR / BANK
    scenario = ccsim.fit(logs, interval_min=60, by="type", by_hour="handle")
    path = tmp_path / "fitted.json"
    path.write_text(json.dumps(scenario))
    expected = cli_json("backtest", path, logs, "--interval-min", 60, "--by", "type",
                        "--replications", 2, "--replay", "arrivals,staffing",
                        "--staffing-edge-min", 0)
    got = ccsim.backtest(scenario, logs, interval_min=60, by="type", replications=2,
                         replay="arrivals,staffing", staffing_edge_min=0)
    assert without_run_info(got) == without_run_info(expected)
    assert got["replay"] == {"arrivals": True, "staffing": True}
    with pytest.raises(ValueError, match="expected the log's segments among the scenario's"):
        ccsim.backtest(scenario, logs, interval_min=60, replay="arrivals")


def test_bad_log_choices_raise_the_flags_messages():
    logs = SOURCE_DIR / BANK
    with pytest.raises(ValueError, match='--days: expected one of weekdays, all, got "some"'):
        ccsim.fit(logs, days="some")
    with pytest.raises(ValueError, match="--staffing-step-min: expected a divisor"):
        ccsim.fit(logs, staffing_step_min=7)
    with pytest.raises(ValueError, match="expected a readable"):
        ccsim.fit(SOURCE_DIR / "no-such-log.csv")
    with pytest.raises(TypeError):
        ccsim.fit(logs, dayz="all")


def test_sensitivity_matches_the_command_line(tmp_path):
    # Two strategies on a two-hour day, the French assumptions, a tornado and four joint draws.
    files = []
    for name in ("france-human-only.json", "france-triage.json"):
        with open(scenario_path(name), encoding="utf-8") as f:
            scenario = json.load(f)
        scenario["horizon_s"] = 7200
        path = tmp_path / name
        path.write_text(json.dumps(scenario))
        files.append(path)
    assumptions = SOURCE_DIR / "scenarios" / "assumptions" / "france.json"
    expected = cli_json("sensitivity", *files, "--assumptions", assumptions, "--metric",
                        "churn_rate", "--draws", 4, "--replications", 2)
    got = ccsim.sensitivity(files, assumptions, "churn_rate", draws=4, replications=2)
    assert without_run_info(got) == without_run_info(expected)
    # One scenario alone: a tornado of its own metric; the assumptions as a dict, as a file.
    with open(assumptions, encoding="utf-8") as f:
        as_dict = json.load(f)
    alone = ccsim.sensitivity(files[0], as_dict, "churn_rate", mode="tornado", replications=2)
    expected = cli_json("sensitivity", files[0], "--assumptions", assumptions, "--metric",
                        "churn_rate", "--mode", "tornado", "--replications", 2)
    assert "joint" not in alone
    assert alone["tornado"] == expected["tornado"]


def test_bad_sensitivity_input_raises_the_command_lines_message(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"assumptions": [
        {"name": "x", "pointer": "/churn/bot_disclosed", "low": 1, "high": 0,
         "source": "assumption"}]}))
    scenario = scenario_path("france-human-only.json")
    with pytest.raises(ValueError) as raised:
        ccsim.sensitivity(scenario, path, "churn_rate", replications=2)
    assert str(raised.value) + "\n" == cli_error(
        "sensitivity", scenario, "--assumptions", path, "--metric", "churn_rate",
        "--replications", 2)
    with pytest.raises(ValueError, match="--metric: expected one of"):
        ccsim.sensitivity(scenario, path, "happiness")
    with pytest.raises(ValueError, match="mode: expected"):
        ccsim.sensitivity(scenario, path, "churn_rate", mode="all")


def test_sensitivity_with_a_checkpoint_reuses_the_runs_it_kept(tmp_path):
    files = [scenario_path("france-human-only.json"), scenario_path("france-bot-first.json")]
    assumptions = SOURCE_DIR / "scenarios" / "assumptions" / "france.json"
    options = dict(mode="joint", draws=4, replications=2, threads=2)
    plain = ccsim.sensitivity(files, assumptions, "churn_rate", **options)
    checkpoint = tmp_path / "runs.jsonl"
    kept = ccsim.sensitivity(files, assumptions, "churn_rate", checkpoint=checkpoint, **options)
    lines = checkpoint.read_text().splitlines()
    assert len(lines) == 1 + 2 * 4
    # Every run but the first three removed: those three are reused, the others run again.
    checkpoint.write_text("\n".join(lines[:4]) + "\n")
    again = ccsim.sensitivity(files, assumptions, "churn_rate", checkpoint=checkpoint, **options)
    for result in (kept, again):
        assert without_run_info(result) == without_run_info(plain)
    with pytest.raises(ValueError, match="expected the checkpoint of this analysis"):
        ccsim.sensitivity(files, assumptions, "csat", checkpoint=checkpoint, **options)
