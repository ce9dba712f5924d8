#include "ccsim/io/input.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace ccsim {

namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 16;
// A pipe with no writer is looked at again this often, to see one that connects without
// writing yet (poll() does not report that).
constexpr int kPipePollSliceMs = 50;

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool set_blocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
}

// Waits until a program writes to the pipe `fd` (opened non-blocking) or has opened it for
// writing: then the pipe is made blocking and its first bytes, if any, are in `text`. False
// when nobody did within kPipeWriterWaitMs.
//
// A non-blocking read tells the cases apart: data; EAGAIN, a writer with nothing written yet;
// 0, no writer now (none yet, or one that has closed: poll() reports POLLHUP only once a
// writer was seen since this open).
bool await_writer(int fd, std::string& text, InputFailure& failure) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kPipeWriterWaitMs);
  char buffer[kChunkBytes];
  bool hung_up = false;
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
      return set_blocking(fd) || (failure.error = errno, false);
    }
    if (n < 0 && errno == EAGAIN) return set_blocking(fd) || (failure.error = errno, false);
    if (n < 0 && errno != EINTR) {
      failure.error = errno;
      return false;
    }
    if (n == 0 && hung_up) return true;  // a writer came and went: the end of the input
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      failure.no_writer = true;
      return false;
    }
    pollfd event{fd, POLLIN, 0};
    if (::poll(&event, 1, static_cast<int>(std::min<long long>(left, kPipePollSliceMs))) > 0) {
      hung_up = (event.revents & POLLHUP) != 0;
    }
  }
}

// Appends what `fd` holds to its end, at most `max_bytes` in all.
bool read_to_end(int fd, std::size_t max_bytes, std::string& text, InputFailure& failure) {
  char buffer[kChunkBytes];
  for (;;) {
    if (text.size() > max_bytes) {
      failure.too_large = true;
      return false;
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      failure.error = errno;
      return false;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  if (text.size() > max_bytes) {
    failure.too_large = true;
    return false;
  }
  return true;
}

}  // namespace

std::string InputFailure::describe() const {
  if (too_large) return "a larger one";
  if (no_writer) {
    return "a pipe with no program writing to it (waited " +
           std::to_string(kPipeWriterWaitMs / 1000) + " s)";
  }
  return std::strerror(error != 0 ? error : EIO);
}

std::optional<std::string> read_input_file(const std::string& path, std::size_t max_bytes,
                                           InputFailure& failure) {
  failure = {};
  // Non-blocking, so that opening a FIFO with no writer returns at once.
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    failure.error = errno;
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    failure.error = errno;
    return std::nullopt;
  }
  if (S_ISDIR(info.st_mode)) {
    failure.error = EISDIR;
    return std::nullopt;
  }
  std::string text;
  if (S_ISFIFO(info.st_mode)) {
    if (!await_writer(fd.get(), text, failure)) return std::nullopt;
  } else if (!set_blocking(fd.get())) {
    failure.error = errno;
    return std::nullopt;
  }
  if (S_ISREG(info.st_mode)) {
    if (static_cast<std::size_t>(info.st_size) > max_bytes) {
      failure.too_large = true;
      return std::nullopt;
    }
    // One allocation of the file's size: memory is the file, not twice it.
    text.reserve(static_cast<std::size_t>(info.st_size));
  }
  if (!read_to_end(fd.get(), max_bytes, text, failure)) return std::nullopt;
  return text;
}

std::optional<std::string> read_input_descriptor(int fd, std::size_t max_bytes,
                                                 InputFailure& failure) {
  failure = {};
  std::string text;
  if (!read_to_end(fd, max_bytes, text, failure)) return std::nullopt;
  return text;
}

std::optional<FileId> regular_file_id(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  return FileId{static_cast<unsigned long long>(info.st_dev),
                static_cast<unsigned long long>(info.st_ino)};
}

}  // namespace ccsim
