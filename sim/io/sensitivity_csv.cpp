// `ccsim sensitivity --csv`: the tornado and the joint analysis as a tidy table.
#include "ccsim/io/sensitivity_report.hpp"
#include "ccsim/io/tidy_csv.hpp"

namespace ccsim {

namespace {
// Where tidy_columns() puts the metric.
constexpr std::size_t kMetricColumn = 4;
}  // namespace

CsvTable tidy_table(const SensitivityReport& report) {
  const SensitivityInputs& in = *report.inputs;
  CsvTable table{tidy_columns(), {}};
  for (const char* c : {"analysis", "compared_to", "assumption", "measure"})
    table.columns.emplace_back(c);
  // Quantity q: the metric of the one strategy, or strategy q + 1 minus the first (paired).
  const bool paired = in.labels.size() > 1;
  const auto scenario_of = [&](std::size_t q) { return paired ? in.labels[q + 1] : in.labels[0]; };
  const std::string compared_to = paired ? in.labels[0] : std::string();
  const auto add = [&](const std::string& analysis, const std::string& scenario,
                       const std::string& against, const std::string& assumption,
                       const std::string& measure, const Estimate& e) {
    std::vector<CsvCell> row = tidy_row(scenario, kTidyWholePopulation, std::nullopt, std::nullopt,
                                        in.criterion.metric, e);
    // A value given, not estimated (an assumption's end, a percentile of the draws): no n.
    if (e.n == 0 && !e.ci_low) row.back() = CsvCell();
    for (const std::string& text : {analysis, against, assumption, measure})
      row.emplace_back(text.empty() ? CsvCell() : CsvCell(text));
    table.rows.push_back(std::move(row));
  };
  const auto plain = [](double v) {
    Estimate e;
    e.mean = v;
    return e;
  };
  if (report.tornado != nullptr) {
    const TornadoResult& t = *report.tornado;
    for (std::size_t q = 0; q < t.quantities.size(); ++q) {
      const std::string scenario = scenario_of(q);
      add("tornado", scenario, compared_to, "", "at_base", t.at_base[q]);
      for (const TornadoBar& b : t.bars[q]) {
        const auto bar = [&](const char* measure, const Estimate& e) {
          add("tornado", scenario, compared_to, b.assumption, measure, e);
        };
        // The assumption's own values, not the metric's: no metric named.
        const std::size_t first_end = table.rows.size();
        bar("low_value", plain(b.low));
        bar("high_value", plain(b.high));
        for (std::size_t r = first_end; r < table.rows.size(); ++r)
          table.rows[r][kMetricColumn] = CsvCell();
        bar("at_low", b.at_low);
        bar("at_high", b.at_high);
        bar("effect_low", b.effect_low);
        bar("effect_high", b.effect_high);
        bar("swing", b.swing);
      }
    }
  }
  if (report.joint != nullptr) {
    const JointResult& j = *report.joint;
    for (std::size_t s = 0; s < in.labels.size(); ++s)
      add("joint", in.labels[s], "", "", "probability_best", j.probability_best[s]);
    for (std::size_t q = 0; q < j.quantities.size(); ++q) {
      const std::string scenario = scenario_of(q);
      add("joint", scenario, compared_to, "", "mean", plain(j.mean[q]));
      add("joint", scenario, compared_to, "", "p05", plain(j.p05[q]));
      add("joint", scenario, compared_to, "", "p95", plain(j.p95[q]));
      for (std::size_t a = 0; a < in.assumptions.assumptions.size(); ++a) {
        add("joint", scenario, compared_to, in.assumptions.assumptions[a].name, "rank_correlation",
            j.rank_correlation[q][a]);
      }
    }
  }
  return table;
}

}  // namespace ccsim
