// The coverage of a replay's statements, measured over many traces of a known scenario (slow):
// replayed with its own scenario, a trace's pooled figures must differ from the simulated means
// with a p-value below 5% about 5% of the time, and its single days must fall inside
// the central 90% of their simulated copies about 90% of the time.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "ccsim/stats/hypothesis.hpp"
#include "test_support.hpp"

using ccsim::test::run_ccsim;
using ccsim::test::source_path;

TEST_CASE(
    "Replayed traces of a known scenario come back inside their intervals at the stated "
    "rates",
    "[.][slow]") {
  constexpr int kTraces = 30;
  const auto dir = std::filesystem::temp_directory_path() / "ccsim-replay-coverage";
  std::filesystem::create_directories(dir);
  const std::string scenario = source_path("tests/data/calllog/synthetic-day.json");
  const std::string trace = (dir / "trace.csv").string();
  std::uint64_t cells = 0, outside = 0, days = 0, days_inside = 0;
  ccsim::RankHistogram pooled_days;
  std::uint64_t families_rejected = 0;
  for (int seed = 1; seed <= kTraces; ++seed) {
    REQUIRE(run_ccsim("run " + scenario + " --seed " + std::to_string(seed) + " --trace " + trace)
                .status == 0);
    const auto o = run_ccsim("backtest " + scenario + " " + trace +
                             " --days all --replay arrivals,staffing --seed " +
                             std::to_string(1000 + seed) + " --json");
    REQUIRE(o.status == 0);
    const auto j = nlohmann::json::parse(o.out);
    families_rejected += j["tests"]["rejected_holm"].get<std::uint64_t>() > 0;
    for (const auto& row : j["by_interval"]) {
      if (!row["scored"].get<bool>()) continue;
      for (const char* metric : {"abandon_rate", "service_level", "asa_s"}) {
        if (row[metric]["p_value"].is_null()) continue;
        ++cells;
        outside += row[metric]["p_value"].get<double>() < 0.05;
      }
    }
    const auto& h = j["rank_histograms"]["days"]["abandon_rate"];
    days += h["n"].get<std::uint64_t>();
    days_inside += std::llround(h["inside_90"].get<double>() * h["n"].get<double>());
    for (std::size_t b = 0; b < 10; ++b) {
      for (std::uint64_t k = 0; k < h["counts"][b].get<std::uint64_t>(); ++k)
        pooled_days.add((static_cast<double>(b) + 0.5) / 10.0);
    }
  }
  std::filesystem::remove_all(dir);
  const double rate = static_cast<double>(outside) / static_cast<double>(cells);
  const double day_rate = static_cast<double>(days_inside) / static_cast<double>(days);
  WARN("cells with p < 0.05: " << outside << " of " << cells << " (" << rate
                               << "); days inside the central 90%: " << days_inside << " of "
                               << days << " (" << day_rate << "); families with a Holm "
                               << "rejection: " << families_rejected << " of " << kTraces
                               << "; day PIT uniformity p " << *pooled_days.uniformity_p());
  // Cells: 5% expected; the 48 cells of a trace are correlated, so the tolerance counts traces
  // (30 x a few effective cells): 4 standard errors of a rate over 100 independent cells.
  CHECK(std::abs(rate - 0.05) < 4.0 * std::sqrt(0.05 * 0.95 / 100.0));
  // Days are independent: 600 of them, 4 standard errors.
  CHECK(std::abs(day_rate - 0.9) < 4.0 * std::sqrt(0.9 * 0.1 / static_cast<double>(days)));
  CHECK(*pooled_days.uniformity_p() > 0.001);
  // At most 5% of families reject under Holm: 30 traces, P(more than 6) < 0.3%.
  CHECK(families_rejected <= 6);
}
