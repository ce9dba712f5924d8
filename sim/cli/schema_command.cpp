// ccsim schema [--markdown] [--out FILE]
// The scenario format as documents, written from the declarations the loader reads by: the JSON
// Schema (scenarios/schema.json) or the key tables (docs/scenario-keys.md).
#include <memory>
#include <string>

#include "ccsim/io/output.hpp"
#include "ccsim/scenario/schema.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

struct SchemaArgs {
  bool markdown = false;
  std::string out;
};

int execute(const SchemaArgs& args, Mode mode) {
  std::unique_ptr<OutputFile> out;
  if (!open_output_or_report(args.out, {"--out", {}, {}, false}, out)) return kExitBadInput;
  if (mode == Mode::check) return kExitOk;
  const std::string text = args.markdown ? scenario_key_tables() : scenario_json_schema();
  if (out) {
    out->write_whole(text);
  } else {
    write_stdout(text);
  }
  return kExitOk;
}

}  // namespace

Action add_schema_command(CLI::App& app) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* cmd = app.add_subcommand(
      "schema",
      "Print the scenario format: its JSON Schema (scenarios/schema.json), or with --markdown "
      "its key tables (docs/scenario-keys.md)");
  cmd->add_flag("--markdown", args->markdown,
                "The key tables of every object, in Markdown, instead of the JSON Schema");
  cmd->add_option("--out,-o", args->out, "File to write instead of stdout")
      ->check(non_empty_path());
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
