// A sensitivity analysis' checkpoint (`ccsim sensitivity --checkpoint FILE`): the runs it has
// finished, one JSON line each, so that an interrupted analysis continues where it stopped and
// gives the results of an uninterrupted one, bit for bit (docs/sensitivity.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ccsim/experiment/sensitivity.hpp"
#include "ccsim/io/output.hpp"

namespace ccsim {

// Version of the checkpoint's lines; bumped on any change of their layout or meaning.
constexpr int kSensitivityCheckpointVersion = 1;

// The first line: {"format": "ccsim-sensitivity-runs", "schema_version", "hash"}, the hash
// (FNV-1a 64) of everything that decides the runs: the ccsim version, the scenarios' documents,
// the flags' values, the assumptions, the metric, which analyses run, the draws and their seed.
// Ends with a newline.
std::string sensitivity_checkpoint_header(const SensitivityInputs& inputs, bool tornado, bool joint,
                                          std::size_t draws, std::uint64_t draw_seed);
// One finished run: {"run": KEY, "ratio", "kind", "x", "y", "n"}; doubles in the shortest text
// that reads back exactly. Ends with a newline.
std::string sensitivity_checkpoint_line(const std::string& key, const MetricParts& parts);

struct SensitivityCheckpoint {
  std::map<std::string, MetricParts> runs;
  std::size_t keep_bytes = 0;  // the header and the whole lines; a torn last line is dropped
  bool has_header = false;     // false: empty, or a torn header
};
// Reads a checkpoint written for `expected_header`. Throws SweepError "expected …, got …" when
// it is another analysis' or not a checkpoint.
SensitivityCheckpoint read_sensitivity_checkpoint(const std::string& contents,
                                                  const std::string& expected_header);

// Makes `file` (opened, locked, resumable) the checkpoint of the analysis whose header is
// `header`: the runs an interrupted analysis of the same inputs finished — FILE.partial, or else
// a finished FILE — kept (returned), a torn last line dropped, ready to take the new runs.
// Throws SweepError with the whole message ("FILE: expected the checkpoint of this analysis, …;
// remove it or choose another --checkpoint") when it is another analysis', or a device or pipe.
SensitivityCheckpoint start_sensitivity_checkpoint(OutputFile& file, const std::string& header);

// What `--checkpoint FILE` does, for the command line and the Python module alike: starts `file`
// as the checkpoint of the analysis (`draw_seed` unset: the first scenario's seed, as
// run_sensitivity draws), fills `kept` with the runs it holds and wires `options` to it — those
// runs reused (options.finished points into `kept`, which must outlive the analysis), each new
// run appended to `file` as it ends. Throws SweepError as start_sensitivity_checkpoint.
void use_sensitivity_checkpoint(OutputFile& file, const SensitivityInputs& inputs, bool tornado,
                                bool joint, std::size_t draws,
                                std::optional<std::uint64_t> draw_seed, SensitivityCheckpoint& kept,
                                SensitivityOptions& options);

}  // namespace ccsim
