// Output files written whole or not at all (write_file_atomically, declared in report.hpp).
//
// The new contents go to a file in the target's own directory, made durable, then renamed over
// the target: rename() within one file system is atomic, so a reader, or a run killed at any
// moment, sees the previous file or the complete new one, never a torn one. The file is first
// written unnamed (O_TMPFILE) and given a name only once complete, so a kill during the write
// leaves nothing behind; where the file system cannot do that, a named temporary (mkstemp) is
// used and removed on failure. Nothing is written anywhere else.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ccsim/io/report.hpp"

namespace ccsim {

namespace {

// Names tried for the link of the unnamed file before falling back to the named way.
constexpr int kLinkAttempts = 16;
// Permissions of a new output before the umask: an ordinary file, like any other output.
constexpr mode_t kNewFileMode = 0666;

[[noreturn]] void fail(const std::string& label, int error) {
  throw std::runtime_error(label + ": cannot write: " + std::strerror(error));
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Writes all of `contents`, through interruptions and short writes; false with errno set.
bool write_all(int fd, const std::string& contents) {
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  return true;
}

// Closes `fd`; false with errno set when `ok` was already false (keeping that errno) or when
// close() reports a deferred write error.
bool close_after(int fd, bool ok) {
  const int saved = errno;
  const bool closed = ::close(fd) == 0;
  if (!ok) errno = saved;
  return ok && closed;
}

// Makes the rename itself durable. Best effort: some file systems cannot sync a directory, and
// the file is complete and in place whatever happens here.
void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Renames `temp` over `path`, or removes it and throws.
void replace(const std::string& temp, const std::string& path, const std::string& label) {
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temp.c_str());
    fail(label, error);
  }
  sync_directory(directory_of(path));
}

// The unnamed way. False, with nothing visible done, when the file system or the system cannot
// do it (no O_TMPFILE, no /proc to link through): the named way is tried then. Throws on a
// write error.
bool write_unnamed(const std::string& path, const std::string& label, const std::string& contents) {
  const int fd = ::open(directory_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, kNewFileMode);
  if (fd < 0) return false;
  if (!write_all(fd, contents) || ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    fail(label, error);
  }
  // link() cannot replace a file, so the complete file gets a name of its own beside the target
  // first; only the instant between the two calls could leave that name behind.
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  for (int attempt = 0; attempt < kLinkAttempts; ++attempt) {
    const std::string temp =
        path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(attempt);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      ::close(fd);
      replace(temp, path, label);
      return true;
    }
    if (errno != EEXIST) break;
  }
  ::close(fd);
  return false;
}

// The named way: a temporary beside the target, removed if anything fails.
void write_named(const std::string& path, const std::string& label, const std::string& contents) {
  std::string temp = path + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail(label, errno);
  // mkstemp creates the file 0600; an output gets what any new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  bool ok = write_all(fd, contents) && ::fsync(fd) == 0 && ::fchmod(fd, kNewFileMode & ~mask) == 0;
  ok = close_after(fd, ok);
  if (!ok) {
    const int error = errno;
    std::remove(temp.c_str());
    fail(label, error);
  }
  replace(temp, path, label);
}

// A device or a pipe (/dev/null, /dev/stdout, a FIFO) cannot be replaced, and must not be: it
// is written to as it is.
void write_through(const std::string& path, const std::string& contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) fail(path, errno);
  if (!close_after(fd, write_all(fd, contents))) fail(path, errno);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& contents) {
  std::string target = path;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) fail(path, EISDIR);
    if (!S_ISREG(info.st_mode)) {
      write_through(path, contents);
      return;
    }
    // A symbolic link to a file: the file it names is replaced, in its own directory, and the
    // link is kept.
    struct stat link {};
    char resolved[PATH_MAX];
    if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode) &&
        ::realpath(path.c_str(), resolved) != nullptr) {
      target = resolved;
    }
  }
  if (!write_unnamed(target, path, contents)) write_named(target, path, contents);
}

}  // namespace ccsim
