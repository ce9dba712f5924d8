// --csv FILE, --csv-sep and --csv-decimal, shared by run, compare, staff and sensitivity: a tidy
// table for spreadsheets (include/ccsim/io/tidy_csv.hpp), written atomically like every output;
// the sweep's CSV takes --csv-sep and --csv-decimal alone.
#include <iostream>

#include "commands.hpp"

namespace ccsim::cli {

namespace {

// The separator a flag names: one character, or "tab" ("\t" as typed in a shell is two).
std::optional<char> separator_of(const std::string& text) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() == 1) return text[0];
  return std::nullopt;
}

}  // namespace

void add_csv_flags(CLI::App* cmd, CsvFlags& flags, const std::string& what) {
  CLI::Option* csv =
      cmd->add_option("--csv", flags.path,
                      "Also write " + what +
                          " as a tidy CSV table to this file: one row per scenario, segment, "
                          "interval and metric (docs/formats.md)")
          ->check(non_empty_path());
  add_csv_style_flags(cmd, flags, "--csv", csv);
}

void add_csv_style_flags(CLI::App* cmd, CsvStyleFlags& flags, const std::string& of,
                         CLI::Option* needs) {
  CLI::Option* separator = cmd->add_option("--csv-sep", flags.separator,
                                           "Separator of " + of +
                                               ": ',' (default), ';', '|' or tab (default ';' with "
                                               "--csv-decimal ',')")
                               ->check(CLI::Validator(
                                   [](std::string& text) {
                                     const std::optional<char> c = separator_of(text);
                                     if (!c)
                                       return "expected one character or tab, got '" + text + "'";
                                     if (const auto problem = csv_style_problem({*c, '.'}))
                                       return *problem;
                                     return std::string();
                                   },
                                   "SEP", ""));
  CLI::Option* decimal =
      cmd->add_option("--csv-decimal", flags.decimal,
                      "Decimal mark of " + of + ": '.' (default) or ',' (a European spreadsheet)")
          ->check(CLI::IsMember({".", ","}));
  if (needs != nullptr) {
    separator->needs(needs);
    decimal->needs(needs);
  }
}

std::optional<CsvStyle> csv_style_or_report(const CsvStyleFlags& flags) {
  CsvStyle style;
  if (flags.decimal) style.decimal = (*flags.decimal)[0];
  if (flags.separator) {
    style.separator = *separator_of(*flags.separator);
  } else if (style.decimal == ',') {
    style.separator = ';';  // what a spreadsheet that writes decimal commas reads
  }
  if (const auto problem = csv_style_problem(style)) {
    std::cerr << "--csv-sep: " << *problem << "\n";
    return std::nullopt;
  }
  return style;
}

}  // namespace ccsim::cli
