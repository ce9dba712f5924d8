// Every output of ccsim goes through this module: results, sweep rows, traces, fitted and
// staffed scenarios, backtests, comparisons, and stdout. What it guarantees (README,
// "Robustness"):
//
// - A path is resolved before any work: symbolic links are followed, a device or a pipe
//   (/dev/null, a FIFO, /dev/stdout) is written as it is, a directory is refused, a read-only
//   file is refused, and a file is never one of the command's inputs (same device and inode).
// - A file is written in FILE.partial beside it, locked (flock) for as long as the command runs,
//   so a second ccsim writing the same FILE is refused at once; it is flushed and renamed over
//   FILE when complete, keeping FILE's permissions. A reader sees the old FILE or the whole new
//   one, never a torn or mixed one.
// - FILE.partial is removed when the command fails or a signal ends it (SIGINT, SIGTERM, SIGHUP,
//   SIGPIPE, …), except for a sweep, which keeps it to be resumed; what a kill -9 leaves is
//   taken over by the next ccsim that writes FILE.
// - Every write and close is checked; stdout too (a full disk, a closed stdout: exit 1).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim {

// An output that cannot be used, found before any work: exit status 2. The message reads
// "FLAG: PATH: expected …, got …".
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure while writing ("PATH: cannot write: REASON"): exit status 1.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OutputOptions {
  std::string flag = "--out";       // names the output in messages
  std::vector<std::string> inputs;  // files the command reads: the output is never one of them
  // Other outputs of the same command, as flag and path: never the same file as this one.
  std::vector<std::pair<std::string, std::string>> siblings;
  // A sweep's rows: FILE.partial is kept when the command fails or is interrupted, for --resume.
  bool resumable = false;
};

class OutputFile {
 public:
  // Resolves and checks `path`, then opens it: a stream (device, pipe) now, a file as its
  // locked FILE.partial. Throws OutputRefused.
  OutputFile(std::string path, OutputOptions options);
  // Without publish(): FILE.partial is removed (kept, for a resumable output that holds
  // something).
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& path() const { return path_; }  // as given
  // A device or a pipe, written as it is: nothing to resume, no FILE.partial.
  bool is_stream() const { return stream_; }
  // For a file: FILE.partial existed before this command (a previous, interrupted run's).
  bool had_partial() const { return had_partial_; }
  // For a file: the whole contents of FILE.partial as found, and of FILE (nullopt when absent).
  std::string read_partial() const;
  std::optional<std::string> read_existing() const;

  // Keeps the first `bytes` of FILE.partial and drops the rest (a file only).
  void truncate(std::size_t bytes);
  // Appends complete lines. Terminating signals are held back until they are written, so a
  // line is never cut by SIGINT or SIGTERM. Throws OutputError.
  void append(std::string_view lines);
  // The descriptor appended to (FILE.partial or the stream), for copies by the kernel.
  int descriptor() const { return fd_; }
  // FILE.partial (empty for a stream): pieces of the output are made beside it.
  const std::string& work_path() const { return partial_; }
  // Makes FILE.partial durable and renames it over FILE (a stream: closes it). Throws OutputError.
  void publish();
  // The whole output at once: truncate(0), append, publish.
  void write_whole(std::string_view contents);

 private:
  void open_stream(int fd);
  void open_file(const std::string& target);
  [[noreturn]] void fail(int error) const;

  std::string path_;
  OutputOptions options_;
  std::string target_;   // the file replaced: `path_` with every link followed
  std::string partial_;  // target_ + ".partial"
  int fd_ = -1;
  bool stream_ = false;
  bool had_partial_ = false;
  bool published_ = false;
  bool wrote_ = false;          // something was appended (a resumable output keeps it)
  std::optional<mode_t> mode_;  // the replaced file's permissions, kept
  int cleanup_slot_ = -1;       // FILE.partial, removed if a signal ends the process
};

// Writes `contents` to `path` through an OutputFile (checks, lock, atomic replacement).
void write_file_atomically(const std::string& path, const std::string& contents);

// stdout, checked: throws OutputError ("stdout: cannot write: REASON") when a write fails (a
// full disk, a closed stdout, a closed pipe with SIGPIPE ignored).
void write_stdout(std::string_view text);

// Called first thing in main(): a closed descriptor 0, 1 or 2 is reopened on /dev/null, so that
// no file ccsim opens can take its number (and receive what was meant for stdout); writes to a
// stdout that was closed then fail as they should. Installs the signal handlers that remove
// temporary files.
void reserve_standard_streams();

}  // namespace ccsim
