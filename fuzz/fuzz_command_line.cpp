// libFuzzer target: the command line of every subcommand, its flags and their values.
//
// The input is the words after `ccsim`, one a line. They are run through the real command line
// (sim/cli/command_line.cpp) in check mode: every validation of flags, scenario, logs and
// outputs, every output opened (checked, locked) and dropped, no simulation. Whatever the
// words, the result is an exit status of 0, 1, 2 or 3 with every message said on stderr; a
// crash, a hang, a leak or a sanitizer report is a bug.
//
// It runs in a scratch directory of its own holding two small scenarios (s.json, full.json), a
// call log (log.csv) and a bank log (bank.txt), put back after every input. A word with a slash
// has its slashes replaced unless it is a --set pointer naming nothing on disk, so that the
// fuzzer never reads or writes anything outside it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "ccsim/experiment/sweep.hpp"
#include "command_line.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxWords = 32;
constexpr std::size_t kMaxWordBytes = 512;
// Every point of a sweep is validated before it runs: the check's time grows with the points.
constexpr std::size_t kMaxSweepPoints = 64;

const char* const kScenario = R"({"name": "s", "seed": 3, "replications": 2, "horizon_s": 600,
  "arrivals": {"per_hour": 60}, "patience_s": {"dist": "exponential", "mean": 60},
  "human_handle_s": {"dist": "exponential", "mean": 60}, "staffing": {"humans": 2}})";
const char* const kFullScenario = R"({"name": "full", "horizon_s": 3600,
  "arrivals": {"per_hour": 120},
  "population": {"segments": [{"name": "young", "share": 0.5, "reasons": {"billing": 1},
                               "patience_s": {"dist": "exponential", "mean": 90}},
                              {"name": "old", "share": 0.5, "reasons": {"billing": 1}}]},
  "reasons": [{"name": "billing", "human_handle_s": {"dist": "exponential", "mean": 120}}],
  "staffing": {"groups": [{"name": "g", "agents": 4}]}})";
const char* const kLog =
    "date,arrival_s,segment,waited_s,outcome,handle_s,agent\n"
    "2024-03-04,36000,young,10,answered,120,a1\n"
    "2024-03-04,36100,old,30,abandoned,,\n"
    "2024-03-05,36200,young,0,answered,200,a2\n"
    "2024-03-05,36300,young,5,answered,90,a1\n";

// The scratch directory: created once, made the working directory, and put back to its fixture
// after every input.
class Sandbox {
 public:
  Sandbox() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                          "/ccsim-fuzz-command-line-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr || ::chdir(pattern.c_str()) != 0) std::abort();
    dir_ = pattern;
    std::ifstream bank(std::string(CCSIM_SOURCE_DIR) + "/tests/data/calllog/bank-quirks.txt");
    fixture_ = {{"s.json", kScenario},
                {"full.json", kFullScenario},
                {"log.csv", kLog},
                {"bank.txt", {std::istreambuf_iterator<char>(bank), {}}}};
    write_fixture();
    // Standard input reads nothing ("run -").
    null_ = ::open("/dev/null", O_RDWR);
    ::dup2(null_, STDIN_FILENO);
  }

  ~Sandbox() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Removes what a command left (a sweep keeps its FILE.partial for --resume), and puts the
  // fixture's files back as they were.
  void restore() {
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(".", ignored)) {
      if (!fixture_.count(entry.path().filename().string())) {
        fs::permissions(entry.path(), fs::perms::owner_all, ignored);
        fs::remove_all(entry.path(), ignored);
      }
    }
    write_fixture();
  }

  int null() const { return null_; }

 private:
  void write_fixture() const {
    for (const auto& [name, text] : fixture_) std::ofstream(name, std::ios::trunc) << text;
  }

  std::string dir_;
  std::map<std::string, std::string> fixture_;
  int null_ = -1;
};

// A word as it may reach the command line: unchanged unless it could name something outside
// the scratch directory. Only a --set expression (the word after --set, or --set=...) keeps its
// slashes, a JSON pointer, and only when it names nothing on disk: CLI11 never takes it for an
// output, and as an input it cannot be opened.
std::string confined(std::string word, const std::string& previous) {
  if (word.find('/') == std::string::npos) return word;
  bool keep = (previous == "--set" && word.front() == '/') || word.rfind("--set=/", 0) == 0;
  if (keep) {
    const std::size_t slash = word.find('/');
    const std::string first = word.substr(0, word.find('/', slash + 1));
    struct stat info {};
    keep = word.find("..") == std::string::npos && first.size() > slash + 1 &&
           ::lstat(first.substr(slash).c_str(), &info) != 0;
  }
  if (!keep) {
    for (char& c : word) {
      if (c == '/') c = '_';
    }
  }
  return word;
}

// The points of the sweep the words describe (values of every word that reads as an axis).
std::size_t sweep_points(const std::vector<std::string>& words) {
  std::size_t points = 1;
  for (const std::string& word : words) {
    try {
      const std::size_t values = ccsim::parse_sweep_axis(word).values.size();
      if (values > kMaxSweepPoints || points * values > kMaxSweepPoints) return kMaxSweepPoints + 1;
      points *= values;
    } catch (const std::exception&) {
    }
  }
  return points;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Sandbox sandbox;
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i <= size; ++i) {
    if (i == size || data[i] == '\n') {
      if (words.size() == kMaxWords) return 0;
      words.push_back(confined(word, words.empty() ? std::string() : words.back()));
      word.clear();
    } else if (data[i] == '\0' || word.size() == kMaxWordBytes) {
      return 0;  // a C string ends at a NUL: such a word cannot be typed
    } else {
      word.push_back(static_cast<char>(data[i]));
    }
  }
  if (sweep_points(words) > kMaxSweepPoints) return 0;

  std::vector<char*> argv;
  std::string program = "ccsim";
  argv.push_back(program.data());
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);

  // What the command prints goes nowhere while it runs (--help; messages would flood
  // libFuzzer's log), sanitizer reports included: to see them when replaying one input, set
  // CCSIM_FUZZ_SHOW_OUTPUT=1.
  static const bool show_output = std::getenv("CCSIM_FUZZ_SHOW_OUTPUT") != nullptr;
  if (show_output) {
    const int status = ccsim::cli::run_command_line(static_cast<int>(words.size() + 1), argv.data(),
                                                    ccsim::cli::Mode::check);
    std::fprintf(stderr, "fuzz_command_line: exit status %d\n", status);
    sandbox.restore();
    if (status < 0 || status > 3) std::abort();
    return 0;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  ::dup2(sandbox.null(), STDOUT_FILENO);
  ::dup2(sandbox.null(), STDERR_FILENO);
  const int status = ccsim::cli::run_command_line(static_cast<int>(words.size() + 1), argv.data(),
                                                  ccsim::cli::Mode::check);
  std::cout.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out, STDOUT_FILENO);
  ::dup2(saved_err, STDERR_FILENO);
  ::close(saved_out);
  ::close(saved_err);
  sandbox.restore();
  if (status < 0 || status > 3) {
    std::fprintf(stderr, "fuzz_command_line: exit status %d\n", status);
    std::abort();
  }
  return 0;
}
