// Helpers of the tests of hostile use: a scratch directory, files, and ccsim run through a shell
// with its stdout and stderr both kept.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "test_support.hpp"

namespace ccsim::test {

// A directory of its own for one test, removed when the test ends.
class Scratch {
 public:
  explicit Scratch(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() /
             ("ccsim-hostile-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  std::string operator/(const std::string& name) const { return (dir_ / name).string(); }
  const std::filesystem::path& path() const { return dir_; }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      out.insert(entry.path().filename().string());
    }
    return out;
  }

 private:
  std::filesystem::path dir_;
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_all(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Ran {
  int status;
  std::string out;
  std::string err;
};

// `ccsim ARGS` through /bin/sh (ARGS may hold redirections), stdout and stderr kept.
inline Ran ccsim_in(const Scratch& scratch, const std::string& args) {
  const std::string err = scratch / ".stderr";
  const CommandOutcome o = run_ccsim(args, err);
  Ran ran{o.status, o.out, read_all(err)};
  std::filesystem::remove(err);
  return ran;
}

// Starts `ccsim ARGS` with stdout and stderr on /dev/null and every signal at its default
// action (a test runner may ignore some).
inline pid_t spawn_ccsim(std::vector<std::string> args) {
  args.insert(args.begin(), CCSIM_BINARY);
  std::vector<char*> argv;
  for (std::string& word : args) argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) ::signal(signal, SIG_DFL);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

inline int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// Everything a non-blocking descriptor holds now.
inline std::string drain(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  return text;
}

// `command` through /bin/sh, stdout and stderr kept.
inline Ran shell_in(const Scratch& scratch, const std::string& command) {
  const std::string err = scratch / ".stderr";
  FILE* pipe = ::popen((command + " 2>" + err).c_str(), "r");
  std::string out;
  char buffer[4096];
  for (std::size_t n; pipe != nullptr && (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    out.append(buffer, n);
  }
  const int raw = pipe != nullptr ? ::pclose(pipe) : -1;
  Ran ran{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out, read_all(err)};
  std::filesystem::remove(err);
  return ran;
}

// A scenario that runs in a few milliseconds, whatever the replications; `extra` holds keys
// that replace or add to its own ("\"replications\": 1500").
inline std::string tiny_scenario(const Scratch& scratch, const std::string& name = "tiny.json",
                                 const std::string& extra = "") {
  const std::string path = scratch / name;
  nlohmann::json s = nlohmann::json::parse(
      R"({"name": "tiny", "seed": 3, "replications": 2, "horizon_s": 600,
          "arrivals": {"per_hour": 60}, "patience_s": {"dist": "exponential", "mean": 60},
          "human_handle_s": {"dist": "exponential", "mean": 60}, "staffing": {"humans": 2}})");
  if (!extra.empty()) s.update(nlohmann::json::parse("{" + extra + "}"));
  write_all(path, s.dump());
  return path;
}

}  // namespace ccsim::test
