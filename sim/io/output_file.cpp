// Outputs (include/ccsim/io/output.hpp): where a path leads, the checks made before any work,
// and the locked FILE.partial that is renamed over FILE when complete. rename() within one
// directory is atomic, so a reader, or a run killed at any moment, sees the previous FILE or the
// complete new one, never a torn one.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "ccsim/io/input.hpp"
#include "ccsim/io/output.hpp"
#include "io/output_paths.hpp"
#include "io/output_signals.hpp"

namespace ccsim {

namespace {

// Another process may rename or remove FILE.partial between our open and our lock: the lock is
// then taken again on what the name holds now, a few times at most.
constexpr int kLockAttempts = 8;
// Permissions of a new output before the umask: an ordinary file, like any other output.
constexpr mode_t kNewFileMode = 0666;
constexpr mode_t kPermissionBits = 07777;

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & kPermissionBits));
  return text;
}

// Writes all of `data`, through interruptions and short writes; false with errno set.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

// Makes a rename durable. Best effort: some file systems cannot sync a directory, and the file
// is complete and in place whatever happens here.
void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

}  // namespace

OutputFile::OutputFile(std::string path, OutputOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
  const auto refuse = [&](const std::string& expected, const std::string& got) {
    throw OutputRefused(options_.flag + ": " + (path_.empty() ? "\"\"" : path_) + ": expected " +
                        expected + ", got " + got);
  };
  if (path_.empty()) refuse("a file path", "an empty one");
  const output_paths::Resolved where = output_paths::resolve(path_);
  if (where.error != 0) refuse("a path to a file", std::strerror(where.error));
  if (where.descriptor) {
    const int fd = *where.descriptor;
    if (output_paths::was_closed_at_start(fd) || ::fcntl(fd, F_GETFD) < 0) {
      refuse("an open descriptor", "a closed one");
    }
    open_stream(::fcntl(fd, F_DUPFD_CLOEXEC, 3));
    return;
  }
  target_ = where.path;
  struct stat info {};
  if (::stat(target_.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) refuse("a file", "a directory");
    // A device or a pipe is written as it is. Opening without blocking tells a FIFO with no
    // reader (ENXIO) from one that can take the output.
    const int fd = ::open(target_.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 && errno == ENXIO) {
      refuse("a pipe with a reader (start the reader first)",
             S_ISFIFO(info.st_mode) ? "a pipe with none" : "a socket or a device with none");
    }
    if (fd < 0) refuse("a writable device or pipe", std::strerror(errno));
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    open_stream(fd);
    return;
  }
  open_file(target_);
}

void OutputFile::open_stream(int fd) {
  fd_ = fd;
  stream_ = true;
  if (fd_ < 0) fail(errno);
  // A descriptor may still lead to a regular file (stdout redirected to one): never an input.
  struct stat info {};
  if (::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode)) {
    const FileId id{static_cast<unsigned long long>(info.st_dev),
                    static_cast<unsigned long long>(info.st_ino)};
    if (const auto input = output_paths::input_with_id(options_.inputs, id)) {
      const std::string flag = options_.flag;
      ::close(fd_);
      fd_ = -1;
      throw OutputRefused(flag + ": " + path_ + ": expected a file other than the input " + *input +
                          ", got the same file");
    }
  }
}

void OutputFile::open_file(const std::string& target) {
  const auto refuse = [&](const std::string& expected, const std::string& got) {
    throw OutputRefused(options_.flag + ": " + path_ + ": expected " + expected + ", got " + got);
  };
  const std::string dir = output_paths::directory_of(target);
  struct stat dir_info {};
  if (::stat(dir.c_str(), &dir_info) != 0 || !S_ISDIR(dir_info.st_mode)) {
    refuse("a file in an existing directory", "no directory " + dir);
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    refuse("a file in a writable directory", "the read-only directory " + dir);
  }
  struct stat info {};
  if (::stat(target.c_str(), &info) == 0) {
    // Root may write anywhere: a file nobody may write to is still a file not to replace.
    if (::faccessat(AT_FDCWD, target.c_str(), W_OK, AT_EACCESS) != 0 ||
        (info.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
      refuse("a writable file", "a read-only one (mode " + octal_mode(info.st_mode) +
                                    "); make it writable or choose another path");
    }
    mode_ = info.st_mode & kPermissionBits;
  }
  partial_ = target + ".partial";
  struct stat partial_info {};
  if (::lstat(partial_.c_str(), &partial_info) == 0 && !S_ISREG(partial_info.st_mode)) {
    refuse("ccsim's work file " + partial_ + " to be a regular file",
           output_paths::kind_of(partial_info.st_mode) + "; remove it");
  }
  for (const std::string& name : {target, partial_}) {
    const std::optional<FileId> id = regular_file_id(name);
    if (!id) continue;
    if (const auto input = output_paths::input_with_id(options_.inputs, *id)) {
      refuse("a file other than the input " + *input, "the same file");
    }
    for (const auto& [flag, sibling] : options_.siblings) {
      if (output_paths::leads_to(sibling, *id))
        refuse("a file other than " + flag + "'s", "the same file");
    }
  }

  // FILE.partial, created or taken over, then locked: a second ccsim writing FILE is refused.
  for (int attempt = 0; attempt < kLockAttempts && fd_ < 0; ++attempt) {
    constexpr int kFlags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
    int fd = ::open(partial_.c_str(), kFlags | O_CREAT | O_EXCL, kNewFileMode);
    bool existed = false;
    if (fd < 0 && errno == EEXIST) {
      fd = ::open(partial_.c_str(), kFlags);
      existed = true;
      if (fd < 0 && errno == ENOENT) continue;  // removed meanwhile
    }
    if (fd < 0) refuse("a writable work file " + partial_, std::strerror(errno));
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
      ::close(fd);
      refuse("ccsim's work file " + partial_ + " to be a regular file",
             "something else; remove it");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
      ::close(fd);
      refuse("a file no other ccsim is writing",
             partial_ +
                 " locked by another ccsim that is still running; wait for it to end or "
                 "choose another path");
    }
    // Locked (or on a file system without locks): still the file that bears the name?
    struct stat named {};
    if (::lstat(partial_.c_str(), &named) != 0 || named.st_dev != opened.st_dev ||
        named.st_ino != opened.st_ino) {
      ::close(fd);
      continue;
    }
    fd_ = fd;
    had_partial_ = existed;
  }
  if (fd_ < 0) refuse("a work file " + partial_ + " of its own", "one that kept changing");
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
  // The new file gets the permissions of the one it replaces (a private 0600 file stays
  // private), or those of any new file.
  ::fchmod(fd_, mode_.value_or(kNewFileMode & ~current_umask()));
  if (mode_ && ::geteuid() == 0) {
    struct stat replaced {};
    if (::stat(target.c_str(), &replaced) == 0) {
      // Best effort: the owner stays the owner when root rewrites someone's file.
      [[maybe_unused]] const int ignored = ::fchown(fd_, replaced.st_uid, replaced.st_gid);
    }
  }
  output_paths::collect_stale_pieces(target);
  if (::lseek(fd_, 0, SEEK_END) < 0) fail(errno);
  if (!options_.resumable) {
    if (::ftruncate(fd_, 0) != 0) fail(errno);
    cleanup_slot_ = output_signals::add_cleanup(partial_);
  }
}

OutputFile::~OutputFile() {
  if (!stream_ && !published_ && fd_ >= 0) {
    // Removed while still locked, so that nobody takes it over in between. A resumable output
    // keeps what it holds for --resume.
    const bool keep = options_.resumable && (wrote_ || had_partial_);
    if (!keep) ::unlink(partial_.c_str());
  }
  output_signals::remove_cleanup(cleanup_slot_);
  if (fd_ >= 0) ::close(fd_);
}

void OutputFile::fail(int error) const {
  throw OutputError(path_ + ": cannot write: " + std::strerror(error));
}

std::string OutputFile::read_partial() const {
  std::string text;
  if (stream_) return text;
  char buffer[1 << 16];
  off_t offset = 0;
  for (;;) {
    const ssize_t n = ::pread(fd_, buffer, sizeof buffer, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw OutputError(partial_ + ": cannot read: " + std::strerror(errno));
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  return text;
}

std::optional<std::string> OutputFile::read_existing() const {
  if (stream_ || !regular_file_id(target_)) return std::nullopt;
  InputFailure failure;
  std::optional<std::string> text = read_input_file(target_, SIZE_MAX, failure);
  if (!text) throw OutputError(path_ + ": cannot read: " + failure.describe());
  return text;
}

void OutputFile::truncate(std::size_t bytes) {
  if (stream_) return;
  if (::ftruncate(fd_, static_cast<off_t>(bytes)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0) {
    fail(errno);
  }
}

void OutputFile::append(std::string_view lines) {
  bool ok = false;
  {
    const output_signals::HeldSignals held;
    ok = write_all(fd_, lines);
  }
  wrote_ = wrote_ || !lines.empty();
  if (!ok) fail(errno);
}

void OutputFile::publish() {
  if (stream_) {
    const int fd = fd_;
    fd_ = -1;
    published_ = true;
    if (::close(fd) != 0) fail(errno);
    return;
  }
  if (::fsync(fd_) != 0) fail(errno);
  {
    // Held: a signal between the rename and forgetting FILE.partial would remove the file
    // another ccsim may have created under that name by then.
    const output_signals::HeldSignals held;
    if (std::rename(partial_.c_str(), target_.c_str()) != 0) fail(errno);
    output_signals::remove_cleanup(cleanup_slot_);
    cleanup_slot_ = -1;
    published_ = true;
  }
  sync_directory(output_paths::directory_of(target_));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(errno);
}

void OutputFile::write_whole(std::string_view contents) {
  truncate(0);
  append(contents);
  publish();
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  OutputFile(path, {}).write_whole(contents);
}

void write_stdout(std::string_view text) {
  if (output_paths::was_closed_at_start(STDOUT_FILENO) || !write_all(STDOUT_FILENO, text)) {
    const int error = output_paths::was_closed_at_start(STDOUT_FILENO) ? EBADF : errno;
    throw OutputError(std::string("stdout: cannot write: ") + std::strerror(error));
  }
}

void reserve_standard_streams() {
  output_paths::reserve_standard_descriptors();
  output_signals::install();
}

}  // namespace ccsim
