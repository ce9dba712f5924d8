// The scenario format as documents, written from the same declarations the loader reads by
// (one per key: type, range, unit, default, one line of documentation): `ccsim schema` prints
// them, scenarios/schema.json and docs/scenario-keys.md are what they print, and a test keeps
// the committed files current.
#pragma once

#include <string>

namespace ccsim {

// A JSON Schema (draft 2020-12) of scenario files, for editors and other tools: every key, its
// type, range, default and description, and the rules across keys a schema can state. The few
// rules only the loader checks (sums, references between names, values bounded by others,
// schedules against the horizon) are marked "loader only". Indented JSON, ending in a newline.
std::string scenario_json_schema();

// Markdown tables of every key of a scenario file, object by object: what it accepts, its unit,
// its default and what it is.
std::string scenario_key_tables();

}  // namespace ccsim
