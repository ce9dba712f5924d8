#include "ccsim/io/trace.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "io/trace_row.hpp"

namespace ccsim {

namespace {

// The stdio buffer of each piece: large writes, for a memory cost of one MiB per thread.
constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
constexpr mode_t kOutputMode = 0644;

std::string system_error(const std::string& path, const char* what, int error) {
  return path + ": " + what + ": " + std::strerror(error);
}

// Appends the whole file `from` to the open file `to_fd`, copied by the kernel (no trip through
// user memory), or by read/write where the file system cannot. Returns 0 or an errno value.
int append_file(const std::string& from, int to_fd) {
  const int in = ::open(from.c_str(), O_RDONLY);
  if (in < 0) return errno;
  int error = 0;
  bool kernel_copy = true;
  std::vector<char> buffer;
  for (;;) {
    ssize_t n = -1;
    if (kernel_copy) {
      n = ::copy_file_range(in, nullptr, to_fd, nullptr, kBufferBytes * 64, 0);
      if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
        kernel_copy = false;
        buffer.resize(kBufferBytes);
        continue;
      }
    } else {
      n = ::read(in, buffer.data(), buffer.size());
      for (ssize_t done = 0; n > 0 && done < n;) {
        const ssize_t w = ::write(to_fd, buffer.data() + done, static_cast<std::size_t>(n - done));
        if (w < 0 && errno != EINTR) {
          n = -1;
          break;
        }
        done += w > 0 ? w : 0;
      }
    }
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      break;
    }
  }
  ::close(in);
  return error;
}

}  // namespace

// One replication's rows, formatted into a reused string and written through a large stdio
// buffer; a write error is kept and reported by finish(). The first piece starts with the
// header: the trace is then that piece with the others appended.
class TraceWriter::Piece final : public ContactSink {
 public:
  Piece(const TraceRowFormat& format, const std::string& path, bool with_header, std::string& error)
      : format_(format), path_(path), error_(error), buffer_(kBufferBytes) {
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) throw std::runtime_error(system_error(path, "cannot create", errno));
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
    if (with_header) {
      row_ = TraceRowFormat::header();
      row_.push_back('\n');
      write_row();
    }
  }
  ~Piece() override {
    const bool ok = std::fclose(file_) == 0;
    if (!ok && error_.empty()) error_ = system_error(path_, "cannot write", errno);
  }
  Piece(const Piece&) = delete;
  Piece& operator=(const Piece&) = delete;

  void record(const ContactRecord& contact) override {
    row_.clear();
    format_.append(row_, contact);
    write_row();
  }

 private:
  void write_row() {
    if (std::fwrite(row_.data(), 1, row_.size(), file_) != row_.size() && error_.empty()) {
      error_ = system_error(path_, "cannot write", errno);
    }
  }

  const TraceRowFormat& format_;
  const std::string& path_;
  std::string& error_;
  std::vector<char> buffer_;
  std::FILE* file_ = nullptr;
  std::string row_;
};

TraceWriter::TraceWriter(const Scenario& scenario, std::string path, int first, int count)
    : format_(std::make_unique<TraceRowFormat>(scenario)),
      path_(std::move(path)),
      first_(first),
      errors_(static_cast<std::size_t>(count)) {
  // Pieces sit beside the target, on its file system, so the first one can be renamed onto it;
  // the process id keeps two runs writing beside one another apart.
  const std::string stem = path_ + "." + std::to_string(::getpid()) + ".r";
  for (int i = 0; i < count; ++i) pieces_.push_back(stem + std::to_string(first + i) + ".part");
}

TraceWriter::~TraceWriter() {
  if (finished_) return;
  for (const std::string& piece : pieces_) std::remove(piece.c_str());
}

std::unique_ptr<ContactSink> TraceWriter::sink_for(int replication) {
  const auto i = static_cast<std::size_t>(replication - first_);
  return std::make_unique<Piece>(*format_, pieces_.at(i), i == 0, errors_[i]);
}

std::string_view TraceWriter::header() {
  return TraceRowFormat::header();
}

void TraceWriter::finish() {
  for (const std::string& error : errors_) {
    if (!error.empty()) throw std::runtime_error(error);
  }
  if (pieces_.empty()) throw std::runtime_error(path_ + ": no replication to trace");
  const std::string& joined = pieces_.front();
  // Not O_APPEND, which copy_file_range refuses: the offset is put at the end instead.
  const int fd = ::open(joined.c_str(), O_WRONLY);
  if (fd < 0) throw std::runtime_error(system_error(joined, "cannot open", errno));
  int error = ::lseek(fd, 0, SEEK_END) < 0 ? errno : 0;
  for (std::size_t i = 1; i < pieces_.size() && error == 0; ++i) {
    error = append_file(pieces_[i], fd);
    // Each piece goes as soon as it is copied: the disk holds about one trace, not two.
    if (error == 0) std::remove(pieces_[i].c_str());
  }
  // Flushed before the rename, so that after a crash the target is the old file or the whole
  // trace; readable like any other output.
  if (error == 0 && (::fsync(fd) != 0 || ::fchmod(fd, kOutputMode) != 0)) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(joined.c_str(), path_.c_str()) != 0) error = errno;
  if (error != 0) throw std::runtime_error(system_error(path_, "cannot write", error));
  finished_ = true;
}

}  // namespace ccsim
