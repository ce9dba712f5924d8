// Where an output path leads, and the facts about it that the checks of OutputFile need.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "ccsim/io/input.hpp"

namespace ccsim::output_paths {

struct Resolved {
  std::string path;               // symbolic links followed (the last one may lead nowhere yet)
  std::optional<int> descriptor;  // /dev/stdout, /dev/fd/N, /proc/self/fd/N: this descriptor
  int error = 0;                  // ELOOP, ENOTDIR, EACCES, …
};
// Follows `path`'s symbolic links one by one, as open() would, stopping at a descriptor name.
Resolved resolve(const std::string& path);

// The directory a file is in ("." for a bare name).
std::string directory_of(const std::string& path);
// "a directory", "a symbolic link", "a pipe", … for messages.
std::string kind_of(mode_t mode);

// The first of `inputs` that is the file `id`.
std::optional<std::string> input_with_id(const std::vector<std::string>& inputs, const FileId& id);
// True when `path`, resolved, or its FILE.partial is the file `id`.
bool leads_to(const std::string& path, const FileId& id);

// Removes what an output to `target` killed by SIGKILL may have left beside it: pieces of a trace
// (TARGET.partial.rN, and TARGET.PID.rN.part of earlier versions) and the temporary names of
// earlier versions (TARGET.tmpPID-N). Called with TARGET.partial locked, so by its only writer.
void collect_stale_pieces(const std::string& target);

// Descriptors 0, 1 and 2: a closed one is reopened on /dev/null and remembered as closed.
void reserve_standard_descriptors();
bool was_closed_at_start(int fd);

}  // namespace ccsim::output_paths
