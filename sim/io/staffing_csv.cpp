// `ccsim staff --csv`: the schedule found and its verified figures as a tidy table.
#include "ccsim/io/staffing_report.hpp"
#include "ccsim/io/tidy_csv.hpp"

namespace ccsim {

CsvTable tidy_table(const StaffReport& report) {
  const StaffResult& result = report.result;
  const Results& verified = result.verified_run;
  CsvTable table{tidy_columns(), {}};
  // The schedule: a count per interval, not an estimate, so no interval and no n.
  const auto add_count = [&](std::size_t i, const char* metric, long count) {
    Estimate exact;
    exact.mean = static_cast<double>(count);
    std::vector<CsvCell> row =
        tidy_row(report.scenario.name, kTidyWholePopulation, result.grid.start_s(i),
                 report.scenario.opens_at_s, metric, exact);
    row.back() = CsvCell();
    table.rows.push_back(std::move(row));
  };
  for (std::size_t i = 0; i < result.required.size(); ++i) {
    add_count(i, "agents_required", result.required[i]);
    if (report.shrinkage)
      add_count(i, "heads_scheduled", scheduled_heads(result.required[i], *report.shrinkage));
  }
  Results labelled = verified;
  labelled.scenario = report.scenario.name;
  append_tidy_rows(table, labelled);
  return table;
}

}  // namespace ccsim
