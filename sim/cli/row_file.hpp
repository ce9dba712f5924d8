// The file a sweep appends its rows to while it runs: complete lines only, so that a sweep
// stopped at any moment can be resumed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ccsim::cli {

// While a RowFile is open, SIGINT and SIGTERM are held back during each append and take effect
// right after it (the process then ends as the signal asks): they never cut a line. SIGKILL
// cannot be held back; it may leave a torn last line, which the reader drops.
class RowFile {
 public:
  // Opens (or creates) `path`, keeping its first `keep_bytes` bytes and dropping the rest.
  // Throws std::runtime_error with the reason on failure.
  RowFile(std::string path, std::size_t keep_bytes);
  ~RowFile();
  RowFile(const RowFile&) = delete;
  RowFile& operator=(const RowFile&) = delete;

  // Appends `lines` (whole lines) with one write and hands them to the operating system, so a
  // killed process loses none of them. Throws std::runtime_error on failure.
  void append(std::string_view lines);
  // Flushes the file to disk, closes it and renames it to `final_path` (atomically, as every
  // output: a reader of final_path sees the old file or the complete new one).
  void publish(const std::string& final_path);

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace ccsim::cli
