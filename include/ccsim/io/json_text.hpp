// Every JSON document ccsim writes, as text: what `ccsim … --json` prints, for a program that
// wants it without including nlohmann/json itself. Shapes: docs/metrics.md (results),
// docs/erlang.md, docs/staffing.md, docs/fit.md (backtest).
#pragma once

#include <span>
#include <string>

namespace ccsim {

struct Results;
struct Comparison;
struct PrecisionOutcome;
struct ErlangInput;
struct ErlangResult;
struct ErlangRow;
struct Backtest;
struct StaffReport;

// Indented by two spaces, as the command line prints them.
inline constexpr int kJsonIndent = 2;

std::string to_json_text(const Results& results, int indent = kJsonIndent);
std::string to_json_text(const Comparison& comparison, int indent = kJsonIndent);
std::string to_json_text(const PrecisionOutcome& outcome, int indent = kJsonIndent);
std::string to_json_text(const ErlangInput& input, const ErlangResult& result,
                         int indent = kJsonIndent);
std::string to_json_text(std::span<const ErlangRow> rows, int indent = kJsonIndent);
std::string to_json_text(const Backtest& backtest, int indent = kJsonIndent);
std::string to_json_text(const StaffReport& report, int indent = kJsonIndent);

}  // namespace ccsim
