// Where a sweep's output starts: over, or after the whole points an interrupted run of the same
// sweep left.
#include <string>
#include <utility>

#include "ccsim/experiment/sweep_plan.hpp"

namespace ccsim {

SweepStart start_sweep_output(const SweepPlan& plan, OutputFile& file, OutputFile* meta,
                              bool resume, std::vector<std::string>& notes) {
  SweepStart start;
  const std::string& out = file.path();
  if (file.is_stream()) {
    if (resume) {
      throw SweepError("--resume: " + out +
                       ": expected a file to continue, got a device or a pipe");
    }
    file.append(plan.header_text());
    return start;
  }
  std::string contents;
  std::optional<std::string> meta_contents;
  bool from_out = false;
  if (resume && file.had_partial()) {
    contents = file.read_partial();
    if (meta && meta->had_partial()) meta_contents = meta->read_partial();
  } else if (resume) {
    if (std::optional<std::string> existing = file.read_existing()) {
      contents = std::move(*existing);
      from_out = true;
      if (meta) meta_contents = meta->read_existing();
    }
  } else if (file.had_partial()) {
    notes.push_back("ccsim sweep: " + out + ".partial: starting over (--resume would continue it)");
  }
  ExistingSweepOutput existing;
  if (resume && (file.had_partial() || from_out)) {
    const std::string source = from_out ? out : out + ".partial";
    try {
      existing =
          read_sweep_output(contents, plan.header_text(), plan.hash(), plan.settings().format,
                            meta_contents, plan.row_lines(), plan.settings().csv_style.separator);
    } catch (const SweepError& e) {
      throw SweepError(source + ": " + e.what() + "; remove it or run without --resume");
    }
    start.done = existing.rows;
    start.unmet = existing.precision_unmet;
    if (from_out && start.done == plan.points()) {
      notes.push_back("ccsim sweep: " + out + " is complete (" + std::to_string(start.done) +
                      " points): nothing to do");
      start.complete = true;
      return start;
    }
  }
  // A finished file being extended is copied, so it stays whole until the new one replaces it.
  file.truncate(from_out ? 0 : existing.keep_bytes);
  if (from_out) file.append(contents.substr(0, existing.keep_bytes));
  if (!existing.has_header) file.append(plan.header_text());
  if (meta) {
    meta->truncate(0);
    meta->append(plan.meta_text());
  }
  return start;
}

std::vector<std::size_t> sweep_work_list(const SweepPlan& plan, std::size_t done) {
  std::vector<std::size_t> work;
  if (plan.settings().baseline && done > 0 && done < plan.points()) work.push_back(0);
  for (std::size_t p = done; p < plan.points(); ++p) work.push_back(p);
  return work;
}

}  // namespace ccsim
