// Every input file of ccsim (scenarios, call logs, a sweep's rows to resume) is read through
// here: whole, with a size limit, and without ever blocking for good on a pipe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace ccsim {

// How long a named pipe (FIFO) may have no program writing to it before it is refused.
constexpr int kPipeWriterWaitMs = 2000;

struct InputFailure {
  int error = 0;           // an errno value, when the system refused
  bool too_large = false;  // more than the limit
  bool no_writer = false;  // a named pipe that no program opened for writing in time
  // What was found, for "expected …, got WHAT": "No such file or directory", "Is a directory",
  // "a pipe with no program writing to it (waited 2 s)", "a larger one".
  std::string describe() const;
};

// The whole of `path`, at most `max_bytes`, or nullopt with `failure` set. A directory is
// refused at once; a device is read like a file (so /dev/zero stops at the limit); a pipe is
// read to its end once a program writes to it, and refused when none has opened it within
// kPipeWriterWaitMs.
std::optional<std::string> read_input_file(const std::string& path, std::size_t max_bytes,
                                           InputFailure& failure);

// The same from an open descriptor (standard input), read as it is: blocking, as the program
// that gave it chose.
std::optional<std::string> read_input_descriptor(int fd, std::size_t max_bytes,
                                                 InputFailure& failure);

// The (device, inode) of `path` when it names a regular file, links followed.
struct FileId {
  unsigned long long device = 0;
  unsigned long long inode = 0;
  bool operator==(const FileId&) const = default;
};
std::optional<FileId> regular_file_id(const std::string& path);

}  // namespace ccsim
