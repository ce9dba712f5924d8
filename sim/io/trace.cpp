#include "ccsim/io/trace.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "io/output_paths.hpp"
#include "io/trace_row.hpp"

namespace ccsim {

namespace {

// Rows are written to a piece in blocks of about this size: large writes, for a memory cost of
// about one MiB per replication in progress.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

std::string system_error(const std::string& label, const char* what, int error) {
  return label + ": " + what + ": " + std::strerror(error);
}

// An unnamed file in `dir` (or, where the file system cannot make one, a named one removed at
// once): it disappears with its descriptor, whatever ends the process.
int unnamed_file(const std::string& dir, const std::string& fallback_stem, int replication) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = fallback_stem + std::to_string(replication);
  fd = ::open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

// Appends all of the file `in` (from its start) to `out`, copied by the kernel (no trip through
// user memory), or by read/write where the file systems cannot. Returns 0 or an errno value.
int append_file(int in, int out) {
  loff_t offset = 0;
  for (;;) {
    const ssize_t n = ::copy_file_range(in, &offset, out, nullptr, kBlockBytes * 64, 0);
    if (n == 0) return 0;
    if (n > 0) continue;
    if (errno == EINTR) continue;
    if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP ||
        errno == EBADF) {
      break;  // a pipe, a device, another file system: copied by hand
    }
    return errno;
  }
  std::vector<char> buffer(kBlockBytes);
  for (;;) {
    const ssize_t n = ::pread(in, buffer.data(), buffer.size(), offset);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    offset += n;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out, buffer.data() + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno != EINTR) return errno;
      done += w > 0 ? w : 0;
    }
  }
}

}  // namespace

// The rows of one replication, in an unnamed file; a write error is kept and reported when the
// piece is appended.
class TraceWriter::Piece {
 public:
  explicit Piece(int fd) : fd_(fd) {}
  ~Piece() { ::close(fd_); }
  Piece(const Piece&) = delete;
  Piece& operator=(const Piece&) = delete;

  void write(const std::string& block) {
    const char* data = block.data();
    std::size_t left = block.size();
    while (left > 0 && error_ == 0) {
      const ssize_t n = ::write(fd_, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error_ = errno;
        break;
      }
      data += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  int fd() const { return fd_; }
  int error() const { return error_; }

 private:
  int fd_;
  int error_ = 0;
};

// Formats rows into a block and writes the block to the piece when it is full.
class TraceWriter::Sink final : public ContactSink {
 public:
  Sink(const TraceRowFormat& format, Piece& piece) : format_(format), piece_(piece) {
    block_.reserve(kBlockBytes + kBlockBytes / 8);
  }
  ~Sink() override { piece_.write(block_); }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  void record(const ContactRecord& contact) override {
    format_.append(block_, contact);
    if (block_.size() >= kBlockBytes) {
      piece_.write(block_);
      block_.clear();
    }
  }

 private:
  const TraceRowFormat& format_;
  Piece& piece_;
  std::string block_;
};

TraceWriter::TraceWriter(const Scenario& scenario, OutputFile& output, int first, int count)
    : format_(std::make_unique<TraceRowFormat>(scenario)),
      output_(output),
      first_(first),
      pieces_(static_cast<std::size_t>(count)) {
  std::string header(TraceRowFormat::header());
  header.push_back('\n');
  output_.truncate(0);
  output_.append(header);
}

TraceWriter::~TraceWriter() = default;

std::unique_ptr<ContactSink> TraceWriter::sink_for(int replication) {
  const auto i = static_cast<std::size_t>(replication - first_);
  // Beside the output, on its file system, so the kernel can copy (or share) the blocks; a
  // stream's pieces go to the temporary directory.
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir = output_.is_stream() ? (tmp != nullptr && *tmp != '\0' ? tmp : "/tmp")
                                              : output_paths::directory_of(output_.work_path());
  const std::string stem = output_.is_stream()
                               ? dir + "/ccsim-trace-" + std::to_string(::getpid()) + ".r"
                               : output_.work_path() + ".r";
  const int fd = unnamed_file(dir, stem, replication);
  if (fd < 0) throw OutputError(system_error(output_.path(), "cannot create a piece", errno));
  pieces_.at(i) = std::make_unique<Piece>(fd);
  return std::make_unique<Sink>(*format_, *pieces_[i]);
}

void TraceWriter::replication_done(int replication) {
  const auto i = static_cast<std::size_t>(replication - first_);
  std::unique_ptr<Piece> piece = std::move(pieces_.at(i));
  if (!piece || static_cast<int>(i) != joined_) {
    throw std::logic_error("trace: replication " + std::to_string(replication) + " out of order");
  }
  if (piece->error() != 0)
    throw OutputError(system_error(output_.path(), "cannot write", piece->error()));
  if (const int error = append_file(piece->fd(), output_.descriptor()); error != 0) {
    throw OutputError(system_error(output_.path(), "cannot write", error));
  }
  ++joined_;
}

std::string_view TraceWriter::header() {
  return TraceRowFormat::header();
}

void TraceWriter::finish() {
  if (joined_ != static_cast<int>(pieces_.size())) {
    throw std::logic_error("trace: finished before every replication was appended");
  }
  output_.publish();
}

}  // namespace ccsim
