// Output files are written atomically: a run killed at any moment leaves the previous results or
// the complete new ones, never a torn file; a run that ends, normally or on an error, leaves
// nothing else beside its output; and ccsim writes only at the path it is given.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ccsim/io/report.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Kills per test: each lands at a random moment of a run, from its start to past its end.
constexpr int kKills = 12;
constexpr double kKillWindowRuns = 1.5;  // the window, in lengths of an uninterrupted run
constexpr std::uint64_t kKillSeed = 20240611;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("ccsim-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

// A scenario that runs in a fraction of a second and writes a large results file (a day in
// five-minute intervals: about a megabyte), so that kills often land while it is written.
fs::path big_output_scenario(const fs::path& dir) {
  const fs::path path = dir / "day.json";
  write_text(path, R"({"name": "day", "seed": 3, "replications": 2, "horizon_s": 86400,
    "report_interval_s": 300, "arrivals": {"per_hour": 120},
    "patience_s": {"dist": "exponential", "mean": 120},
    "human_handle_s": {"dist": "exponential", "mean": 60}, "staffing": {"humans": 3}})");
  return path;
}

// Starts `ccsim ARGS`, output discarded; with `file_size_limit`, writing a file past that many
// bytes fails (EFBIG) instead of killing the process.
pid_t spawn_ccsim(const std::vector<std::string>& args,
                  std::optional<rlim_t> file_size_limit = std::nullopt) {
  std::vector<std::string> words{CCSIM_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    if (file_size_limit) {
      const rlimit limit{*file_size_limit, *file_size_limit};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      ::signal(SIGXFSZ, SIG_IGN);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int wait_status(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The figures of a results file, without run_info (the only part that differs between runs).
nlohmann::json figures(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text);
  json.erase("run_info");
  return json;
}

}  // namespace

TEST_CASE("A run killed at any moment leaves the previous results or the new ones, whole",
          "[output]") {
  const fs::path dir = fresh_dir("kill");
  const std::string scenario = big_output_scenario(dir).string();
  const fs::path out = dir / "results.json";
  // The previous results: another scenario's, complete.
  REQUIRE(
      exit_code(wait_status(spawn_ccsim({"run", ccsim::test::source_path("scenarios/erlang-c.json"),
                                         "-r", "1", "--out", out.string()}))) == 0);
  const std::string previous = read_text(out);
  // The new results, and how long a run takes.
  const fs::path reference = dir / "reference.json";
  const auto start = Clock::now();
  REQUIRE(exit_code(wait_status(spawn_ccsim({"run", scenario, "--out", reference.string()}))) == 0);
  const double run_s = std::chrono::duration<double>(Clock::now() - start).count();
  const nlohmann::json expected = figures(read_text(reference));
  fs::remove(reference);

  std::mt19937_64 rng(kKillSeed);
  std::uniform_real_distribution<double> moment_s(0.0, kKillWindowRuns * run_s);
  int kept = 0;
  int replaced = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    write_text(out, previous);
    const pid_t pid = spawn_ccsim({"run", scenario, "--out", out.string()});
    std::this_thread::sleep_for(std::chrono::duration<double>(moment_s(rng)));
    ::kill(pid, SIGKILL);
    wait_status(pid);
    const std::string text = read_text(out);
    INFO("kill " << kill << ": " << text.size() << " bytes");
    if (text == previous) {
      ++kept;
    } else {
      // Anything else must be the new results, whole: it parses, and every figure is there.
      REQUIRE_NOTHROW(figures(text));
      CHECK(figures(text) == expected);
      ++replaced;
    }
    // The one file a kill may leave is the work file, which the next run takes over.
    for (const std::string& name : names_in(dir)) {
      if (name != "results.json" && name != "day.json") CHECK(name == "results.json.partial");
    }
  }
  INFO(kept << " kills left the previous results, " << replaced << " the new ones");
  CHECK(kept + replaced == kKills);
  fs::remove_all(dir);
}

TEST_CASE("A normal run leaves nothing beside its output", "[output]") {
  const fs::path dir = fresh_dir("clean");
  const fs::path out = dir / "results.json";
  const std::string scenario = ccsim::test::source_path("scenarios/erlang-a.json");
  for (int run = 0; run < 2; ++run) {  // creating, then replacing
    REQUIRE(exit_code(wait_status(
                spawn_ccsim({"run", scenario, "-r", "1", "--out", out.string()}))) == 0);
    CHECK(names_in(dir) == std::set<std::string>{"results.json"});
  }
  fs::remove_all(dir);
}

TEST_CASE("A run that cannot write its output keeps the previous file and leaves nothing else",
          "[output]") {
  const fs::path dir = fresh_dir("full");
  const fs::path out = dir / "results.json";
  const std::string previous = "{\"previous\": true}\n";
  write_text(out, previous);
  // Past 1000 bytes every write fails, as on a full disk.
  const int status =
      wait_status(spawn_ccsim({"run", ccsim::test::source_path("scenarios/erlang-a.json"), "-r",
                               "1", "--out", out.string()},
                              1000));
  CHECK(exit_code(status) == 1);
  CHECK(read_text(out) == previous);
  CHECK(names_in(dir) == std::set<std::string>{"results.json"});
  fs::remove_all(dir);
}

TEST_CASE("A bad scenario writes nothing, not even a temporary file", "[output]") {
  const fs::path dir = fresh_dir("bad");
  const fs::path out = dir / "results.json";
  const int status =
      wait_status(spawn_ccsim({"run", ccsim::test::source_path("tests/data/bad/many-problems.json"),
                               "--out", out.string()}));
  CHECK(exit_code(status) == 2);
  CHECK(names_in(dir).empty());
  fs::remove_all(dir);
}

TEST_CASE("An output through a link to a device writes to the device and keeps the link",
          "[output]") {
  const fs::path dir = fresh_dir("device");
  const fs::path sink = dir / "sink.json";
  fs::create_symlink("/dev/null", sink);
  ccsim::write_file_atomically(sink.string(), "{}\n");
  CHECK(fs::is_symlink(sink));
  CHECK(fs::is_character_file("/dev/null"));
  CHECK(names_in(dir) == std::set<std::string>{"sink.json"});
  fs::remove_all(dir);
}

TEST_CASE("An output through a link to a file replaces that file and keeps the link", "[output]") {
  const fs::path dir = fresh_dir("link");
  fs::create_directories(dir / "real");
  write_text(dir / "real" / "results.json", "old\n");
  fs::create_symlink(dir / "real" / "results.json", dir / "latest.json");
  ccsim::write_file_atomically((dir / "latest.json").string(), "new\n");
  CHECK(fs::is_symlink(dir / "latest.json"));
  CHECK(read_text(dir / "real" / "results.json") == "new\n");
  CHECK(names_in(dir / "real") == std::set<std::string>{"results.json"});
  fs::remove_all(dir);
}

TEST_CASE("A new output gets the permissions of any new file", "[output]") {
  const fs::path dir = fresh_dir("mode");
  const fs::path out = dir / "results.json";
  const mode_t mask = ::umask(022);
  ccsim::write_file_atomically(out.string(), "{}\n");
  ::umask(mask);
  CHECK((fs::status(out).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
         fs::perms::others_read));
  fs::remove_all(dir);
}
