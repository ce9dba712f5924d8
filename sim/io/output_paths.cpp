#include "io/output_paths.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <string_view>

namespace ccsim::output_paths {

namespace {

// As the kernel's limit on links followed in one path.
constexpr int kMaxLinks = 40;
constexpr int kStandardDescriptors = 3;

std::atomic<unsigned> g_closed_at_start{0};  // bit N: descriptor N was closed when ccsim started

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<int> parse_descriptor(std::string_view digits) {
  constexpr std::size_t kMaxDigits = 9;
  if (!all_digits(digits) || digits.size() > kMaxDigits) return std::nullopt;
  return std::stoi(std::string(digits));
}

// The descriptor a path names, whatever way it is written: /dev/stdout, /dev/fd/1,
// /proc/self/fd/1, /proc/PID/fd/1 (this process's id).
std::optional<int> own_descriptor(const std::string& path) {
  const std::string normal = std::filesystem::path(path).lexically_normal().string();
  if (normal == "/dev/stdin") return 0;
  if (normal == "/dev/stdout") return 1;
  if (normal == "/dev/stderr") return 2;
  const std::string own = "/proc/" + std::to_string(::getpid()) + "/fd/";
  for (const std::string_view prefix :
       {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/"),
        std::string_view("/proc/thread-self/fd/"), std::string_view(own)}) {
    if (normal.compare(0, prefix.size(), prefix) == 0) {
      return parse_descriptor(std::string_view(normal).substr(prefix.size()));
    }
  }
  return std::nullopt;
}

}  // namespace

Resolved resolve(const std::string& path) {
  Resolved out;
  std::string current = path;
  for (int hop = 0; hop <= kMaxLinks; ++hop) {
    if (const auto fd = own_descriptor(current)) {
      out.descriptor = fd;
      return out;
    }
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0) {
      // Nothing there yet: a new file of that name.
      if (errno != ENOENT) out.error = errno;
      out.path = current;
      return out;
    }
    if (!S_ISLNK(info.st_mode)) {
      out.path = current;
      return out;
    }
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink(current.c_str(), buffer, sizeof buffer - 1);
    if (n < 0) {
      out.error = errno;
      return out;
    }
    const std::string link(buffer, static_cast<std::size_t>(n));
    current = link.front() == '/' ? link : directory_of(current) + "/" + link;
  }
  out.error = ELOOP;
  return out;
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "a file";
}

std::optional<std::string> input_with_id(const std::vector<std::string>& inputs, const FileId& id) {
  for (const std::string& input : inputs) {
    if (regular_file_id(input) == id) return input;
  }
  return std::nullopt;
}

bool leads_to(const std::string& path, const FileId& id) {
  const Resolved where = resolve(path);
  if (where.error != 0) return false;
  if (where.descriptor) {
    struct stat info {};
    return ::fstat(*where.descriptor, &info) == 0 && S_ISREG(info.st_mode) &&
           FileId{info.st_dev, info.st_ino} == id;
  }
  return regular_file_id(where.path) == id || regular_file_id(where.path + ".partial") == id;
}

void collect_stale_pieces(const std::string& target) {
  const std::string dir = directory_of(target);
  const std::size_t slash = target.find_last_of('/');
  const std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  DIR* listing = ::opendir(dir.c_str());
  if (listing == nullptr) return;
  // `rest` after BASE: ".partial.rN", ".PID.rN.part", ".tmpPID-N".
  const auto stale = [](std::string_view rest) {
    // DIGITS SEPARATOR DIGITS
    const auto digits_around = [](std::string_view text, std::string_view separator) {
      const std::size_t at = text.find(separator);
      return at != std::string_view::npos && all_digits(text.substr(0, at)) &&
             all_digits(text.substr(at + separator.size()));
    };
    constexpr std::string_view kPiece = ".partial.r";
    constexpr std::string_view kTemporary = ".tmp";
    constexpr std::string_view kOldPiece = ".part";
    if (rest.starts_with(kPiece)) return all_digits(rest.substr(kPiece.size()));
    if (rest.starts_with(kTemporary)) return digits_around(rest.substr(kTemporary.size()), "-");
    if (rest.starts_with(".") && rest.ends_with(kOldPiece)) {
      return digits_around(rest.substr(1, rest.size() - 1 - kOldPiece.size()), ".r");
    }
    return false;
  };
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view name(entry->d_name);
    if (name.size() <= base.size() || name.compare(0, base.size(), base) != 0) continue;
    if (stale(name.substr(base.size()))) ::unlinkat(::dirfd(listing), entry->d_name, 0);
  }
  ::closedir(listing);
}

void reserve_standard_descriptors() {
  for (int fd = 0; fd < kStandardDescriptors; ++fd) {
    if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    const int null = ::open("/dev/null", O_RDWR);
    if (null < 0) continue;
    if (null != fd) {
      ::dup2(null, fd);
      ::close(null);
    }
    g_closed_at_start.fetch_or(1u << fd);
  }
}

bool was_closed_at_start(int fd) {
  return fd >= 0 && fd < kStandardDescriptors && (g_closed_at_start.load() & (1u << fd)) != 0;
}

}  // namespace ccsim::output_paths
