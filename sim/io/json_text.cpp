// The JSON writers' documents as text: nlohmann/json stays behind the library.
#include "ccsim/io/json_text.hpp"

#include <nlohmann/json.hpp>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/precision.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/staffing_report.hpp"

namespace ccsim {

std::string to_json_text(const Results& results, int indent) {
  return to_json(results).dump(indent);
}

std::string to_json_text(const Comparison& comparison, int indent) {
  return to_json(comparison).dump(indent);
}

std::string to_json_text(const PrecisionOutcome& outcome, int indent) {
  return to_json(outcome).dump(indent);
}

std::string to_json_text(const ErlangInput& input, const ErlangResult& result, int indent) {
  return to_json(input, result).dump(indent);
}

std::string to_json_text(std::span<const ErlangRow> rows, int indent) {
  return to_json(rows).dump(indent);
}

std::string to_json_text(const Backtest& backtest, int indent) {
  return to_json(backtest).dump(indent);
}

std::string to_json_text(const StaffReport& report, int indent) {
  return to_json(report).dump(indent);
}

}  // namespace ccsim
