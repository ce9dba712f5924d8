// Replays inputs through a fuzz target without libFuzzer, so that the normal (g++) test build
// runs every crash the fuzzer ever found, and the seed corpus, as a plain test.
//
//   replay_NAME PATH...
//
// Each PATH is a file, or a directory whose regular files are all replayed (in name order, not
// recursively). A missing PATH is skipped: a target may have no regressions yet. It fails when
// nothing at all was replayed, so that a wrong path cannot pass unnoticed; a crash of the target
// (a failed check aborts, a sanitizer stops the process) fails it too.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& path) {
  std::error_code error;
  if (fs::is_regular_file(path, error)) return {path};
  std::vector<fs::path> files;
  if (!fs::is_directory(path, error)) return files;
  for (const auto& entry : fs::directory_iterator(path, error)) {
    if (entry.is_regular_file(error)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot be read\n", file.c_str());
    return false;
  }
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>()};
  // Never a null pointer, as libFuzzer never passes one, even for an empty input.
  static const std::uint8_t kEmpty = 0;
  const auto* data = bytes.empty() ? &kEmpty : reinterpret_cast<const std::uint8_t*>(bytes.data());
  LLVMFuzzerTestOneInput(data, bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t replayed = 0;
  // Absolute first: a target may change the working directory (the command line's sandbox).
  std::vector<fs::path> paths;
  for (int i = 1; i < argc; ++i) paths.push_back(fs::absolute(argv[i]));
  for (const fs::path& path : paths) {
    for (const fs::path& file : inputs_of(path)) {
      if (!replay(file)) return 1;
      ++replayed;
    }
  }
  std::printf("replayed %zu inputs\n", replayed);
  if (replayed == 0) {
    std::fprintf(stderr, "no input found in the paths given\n");
    return 1;
  }
  return 0;
}
