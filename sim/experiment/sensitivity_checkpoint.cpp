#include "ccsim/experiment/sensitivity_checkpoint.hpp"

#include <string_view>

#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/version.hpp"

namespace ccsim {

namespace {

constexpr std::string_view kFormatName = "ccsim-sensitivity-runs";

JsonDocument header_object(const std::string& hash) {
  JsonDocument header = JsonDocument::object();
  header["format"] = kFormatName;
  header["schema_version"] = kSensitivityCheckpointVersion;
  header["hash"] = hash;
  return header;
}

MetricParts parts_of(const JsonDocument& line) {
  MetricParts parts;
  parts.ratio = line.at("ratio").get<bool>();
  parts.kind = static_cast<MetricKind>(line.at("kind").get<int>());
  parts.x = line.at("x").get<std::vector<double>>();
  parts.y = line.at("y").get<std::vector<double>>();
  if (!line.at("n").is_null()) parts.n = line.at("n").get<std::uint64_t>();
  return parts;
}

}  // namespace

std::string sensitivity_checkpoint_header(const SensitivityInputs& inputs, bool tornado, bool joint,
                                          std::size_t draws, std::uint64_t draw_seed) {
  JsonDocument what = JsonDocument::object();
  // Another build may simulate otherwise: its runs are not mixed with this one's.
  what["version"] = std::string(kVersion);
  what["documents"] = inputs.documents;
  JsonDocument overrides = JsonDocument::object();
  for (const ScenarioOverride& o : inputs.overrides) overrides[o.key] = o.text;
  what["overrides"] = std::move(overrides);
  JsonDocument assumptions = JsonDocument::array();
  for (const Assumption& a : inputs.assumptions.assumptions) {
    assumptions.push_back({{"name", a.name},
                           {"pointer", a.pointer},
                           {"multiply", a.op == SweepOp::multiply},
                           {"low", a.low},
                           {"high", a.high}});
  }
  what["assumptions"] = std::move(assumptions);
  what["metric"] = inputs.criterion.metric;
  what["tornado"] = tornado;
  what["joint"] = joint;
  what["draws"] = joint ? JsonDocument(draws) : JsonDocument(nullptr);
  what["draw_seed"] = joint ? JsonDocument(draw_seed) : JsonDocument(nullptr);
  return header_object(hex64(fnv1a64(what.dump()))).dump() + "\n";
}

std::string sensitivity_checkpoint_line(const std::string& key, const MetricParts& parts) {
  JsonDocument line = JsonDocument::object();
  line["run"] = key;
  line["ratio"] = parts.ratio;
  line["kind"] = static_cast<int>(parts.kind);
  line["x"] = parts.x;
  line["y"] = parts.y;
  line["n"] = parts.n ? JsonDocument(*parts.n) : JsonDocument(nullptr);
  return line.dump() + "\n";
}

SensitivityCheckpoint read_sensitivity_checkpoint(const std::string& contents,
                                                  const std::string& expected_header) {
  SensitivityCheckpoint checkpoint;
  const std::string_view text(contents);
  const std::size_t header_end = text.find('\n');
  if (header_end == std::string_view::npos) return checkpoint;  // empty, or a torn header
  std::string problem;
  const std::optional<JsonDocument> header = parse_json(text.substr(0, header_end), problem);
  if (!header || !header->is_object() || header->value("format", "") != kFormatName) {
    throw SweepError(
        "expected a ccsim sensitivity checkpoint, got a first line that is not its "
        "header");
  }
  if (text.substr(0, header_end + 1) != expected_header) {
    throw SweepError(
        "expected the checkpoint of this analysis, got that of another one (the "
        "scenarios, the assumptions or the flags differ)");
  }
  checkpoint.has_header = true;
  checkpoint.keep_bytes = header_end + 1;
  std::size_t start = header_end + 1;
  for (std::size_t end = text.find('\n', start); end != std::string_view::npos;
       end = text.find('\n', start)) {
    const std::optional<JsonDocument> line = parse_json(text.substr(start, end - start), problem);
    try {
      if (!line || !line->is_object()) throw std::invalid_argument("not an object");
      checkpoint.runs[line->at("run").get<std::string>()] = parts_of(*line);
    } catch (const std::exception&) {
      throw SweepError("expected a finished run on line " +
                       std::to_string(checkpoint.runs.size() + 2) + ", got " +
                       shorten(std::string(text.substr(start, end - start)), 40));
    }
    start = end + 1;
    checkpoint.keep_bytes = start;
  }
  return checkpoint;
}

SensitivityCheckpoint start_sensitivity_checkpoint(OutputFile& file, const std::string& header) {
  if (file.is_stream()) {
    throw SweepError("--checkpoint: " + file.path() +
                     ": expected a file to keep, got a device or a pipe");
  }
  std::optional<std::string> contents;
  bool from_file = false;
  if (file.had_partial()) {
    contents = file.read_partial();
  } else if ((contents = file.read_existing())) {
    from_file = true;
  }
  SensitivityCheckpoint found;
  if (contents) {
    try {
      found = read_sensitivity_checkpoint(*contents, header);
    } catch (const SweepError& e) {
      throw SweepError(file.path() + (from_file ? "" : ".partial") + ": " + e.what() +
                       "; remove it or choose another --checkpoint");
    }
  }
  // A finished file being extended is copied, so it stays whole until the new one replaces it.
  file.truncate(from_file ? 0 : found.keep_bytes);
  if (from_file) file.append(contents->substr(0, found.keep_bytes));
  if (!found.has_header) file.append(header);
  return found;
}

void use_sensitivity_checkpoint(OutputFile& file, const SensitivityInputs& inputs, bool tornado,
                                bool joint, std::size_t draws,
                                std::optional<std::uint64_t> draw_seed, SensitivityCheckpoint& kept,
                                SensitivityOptions& options) {
  const std::uint64_t seed = draw_seed.value_or(sensitivity_scenario(inputs, 0, {}).seed);
  kept = start_sensitivity_checkpoint(
      file, sensitivity_checkpoint_header(inputs, tornado, joint, draws, seed));
  options.finished = &kept.runs;
  options.on_parts = [&file](const std::string& key, const MetricParts& parts) {
    file.append(sensitivity_checkpoint_line(key, parts));
  };
}

}  // namespace ccsim
