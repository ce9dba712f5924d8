// Outputs under hostile use: whatever path a careless or unlucky user gives, an output never
// clobbers a device, a pipe, a link, an input or another run's output, never mixes with another
// writer's, and never lies about having been written.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "hostile_support.hpp"

namespace {

using namespace ccsim::test;  // the helpers of hostile_support.hpp
namespace fs = std::filesystem;

// A character device like /dev/null, made where the test can see it (as root, by mknod); else a
// link to /dev/null, which ccsim must follow to the device.
std::string null_device(const Scratch& scratch) {
  const std::string path = scratch / "null";
  if (::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
    fs::create_symlink("/dev/null", path);
  return path;
}

const char* kSweep = "--set /staffing/humans=[2,3] -r 2";

}  // namespace

TEST_CASE("A device stays a device: sweep and trace write through it", "[output][hostile]") {
  const Scratch scratch("device");
  const std::string s = tiny_scenario(scratch);
  const std::string device = null_device(scratch);
  const bool was_link = fs::is_symlink(device);
  CHECK(ccsim_in(scratch, "sweep " + s + " " + kSweep + " --out " + device).status == 0);
  CHECK(
      ccsim_in(scratch, "run " + s + " --trace " + device + " --out " + device + ".json").status ==
      0);
  CHECK(ccsim_in(scratch, "run " + s + " --out " + device).status == 0);
  CHECK(fs::is_symlink(device) == was_link);
  CHECK(fs::is_character_file(device));
  CHECK(!fs::exists(device + ".partial"));
}

TEST_CASE("A pipe gets the output as it is, and one nobody reads is refused before any work",
          "[output][hostile]") {
  const Scratch scratch("fifo");
  const std::string s = tiny_scenario(scratch);
  const std::string fifo = scratch / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // This test reads the pipe; the outputs are small enough for its buffer.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  CHECK(ccsim_in(scratch, "sweep " + s + " " + kSweep + " --out " + fifo).status == 0);
  const std::string rows = ccsim::test::drain(reader);
  // A CSV to a pipe: its column line and rows (the header a file has beside it, nowhere).
  CHECK(rows.rfind("point,seed,", 0) == 0);
  CHECK(std::count(rows.begin(), rows.end(), '\n') == 3);  // columns, two rows
  CHECK(ccsim_in(scratch, "run " + s + " --trace " + fifo).status == 0);
  CHECK(ccsim::test::drain(reader).rfind("date,arrival_s,", 0) == 0);
  ::close(reader);
  // Nobody reading: refused at once, saying what to do.
  const auto lonely = ccsim_in(scratch, "run " + s + " --trace " + fifo);
  CHECK(lonely.status == 2);
  CHECK(contains(lonely.err,
                 "--trace: " + fifo + ": expected a pipe with a reader (start the reader first)"));
  CHECK(fs::is_fifo(fifo));
  CHECK(scratch.names() == std::set<std::string>{"fifo", "tiny.json"});
}

TEST_CASE("A link to a file stays a link: the file it names is replaced", "[output][hostile]") {
  const Scratch scratch("link");
  const std::string s = tiny_scenario(scratch);
  fs::create_directories(scratch / "real");
  for (const std::string name : {"rows.csv", "trace.csv"}) {
    write_all(scratch / ("real/" + name), "old\n");
    fs::create_symlink(scratch / ("real/" + name), scratch / name);
  }
  REQUIRE(
      ccsim_in(scratch, "sweep " + s + " " + kSweep + " --out " + (scratch / "rows.csv")).status ==
      0);
  REQUIRE(ccsim_in(scratch, "run " + s + " --trace " + (scratch / "trace.csv")).status == 0);
  CHECK(fs::is_symlink(scratch / "rows.csv"));
  CHECK(fs::is_symlink(scratch / "trace.csv"));
  CHECK(read_all(scratch / "real/rows.csv").rfind("point,seed,", 0) == 0);
  CHECK(read_all(scratch / "rows.csv.meta.json").find("\"format\": \"ccsim-sweep\"") !=
        std::string::npos);
  CHECK(read_all(scratch / "real/trace.csv").rfind("date,arrival_s,", 0) == 0);
  CHECK(std::distance(fs::directory_iterator(scratch / "real"), fs::directory_iterator()) == 2);
}

TEST_CASE("Two sweeps on one file never mix: the second is refused at once", "[output][hostile]") {
  const Scratch scratch("two");
  const std::string s = tiny_scenario(scratch);
  const std::string out = scratch / "rows.csv";
  // The first sweep is caught while it writes its rows and held still (SIGSTOP) while the
  // second starts.
  const pid_t first = ccsim::test::spawn_ccsim(
      {"sweep", s, "--set", "/staffing/humans=1:60:1", "-r", "20", "--out", out});
  // Its header written: it holds the lock.
  const auto writing = [&] {
    std::error_code ignored;
    const auto size = fs::file_size(out + ".partial", ignored);
    return !ignored && size > 0;
  };
  while (!writing() && !fs::exists(out)) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ::kill(first, SIGSTOP);
  const bool caught = writing();
  const auto second =
      ccsim_in(scratch, "sweep " + s + " --set /staffing/humans=[5,6] -r 2 --out " + out);
  ::kill(first, SIGCONT);
  const int status = ccsim::test::wait_for(first);
  REQUIRE(caught);
  CHECK(second.status == 2);
  CHECK(contains(second.err, "--out: " + out + ": expected a file no other ccsim is writing, got " +
                                 out + ".partial locked by another ccsim"));
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // The file is the first sweep's, whole: its 60 rows, and its own header beside it.
  const std::string rows = read_all(out);
  CHECK(std::count(rows.begin(), rows.end(), '\n') == 1 + 60);
  const auto header = nlohmann::json::parse(read_all(out + ".meta.json"));
  CHECK(header["sweep"]["axes"][0]["values"].size() == 60);
  CHECK(!fs::exists(out + ".partial"));
  CHECK(!fs::exists(out + ".meta.json.partial"));
}

TEST_CASE("The input is never the output", "[output][hostile]") {
  const Scratch scratch("input");
  const std::string s = tiny_scenario(scratch);
  const std::string original = read_all(s);
  fs::create_hard_link(s, scratch / "alias.json");
  const std::string log = ccsim::test::source_path("tests/data/calllog/contacts.csv");
  fs::copy_file(log, scratch / "log.csv");
  const std::string log_copy = read_all(scratch / "log.csv");
  struct Case {
    std::string args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"run " + s + " --out " + s, "--out: " + s + ": expected a file other than the input " + s},
      {"run " + s + " --out " + (scratch / "alias.json"), "expected a file other than the input"},
      {"run " + s + " --trace " + s, "--trace: " + s + ": expected a file other than the input"},
      {"sweep " + s + " " + kSweep + " --out " + s, "--out: " + s + ": expected a file other"},
      {"staff " + s + " --target 'service_level>=0.5' --out " + s, "expected a file other"},
      {"compare " + s + " " + s + " --out " + s, "expected a file other"},
      {"fit " + (scratch / "log.csv") + " --out " + (scratch / "log.csv"),
       "--out: " + (scratch / "log.csv") + ": expected a file other than the input"},
      {"run " + s + " --out " + (scratch / "r.json") + " --trace " + (scratch / "r.json"),
       "--trace: " + (scratch / "r.json") + ": expected a file other than --out's, got the same"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const auto ran = ccsim_in(scratch, c.args);
    CHECK(ran.status == 2);
    CHECK(contains(ran.err, c.message));
  }
  CHECK(read_all(s) == original);
  CHECK(read_all(scratch / "log.csv") == log_copy);
  CHECK(scratch.names() == std::set<std::string>{"alias.json", "log.csv", "tiny.json"});
}

TEST_CASE("A read-only output is refused and a private one stays private", "[output][hostile]") {
  const Scratch scratch("modes");
  const std::string s = tiny_scenario(scratch);
  const std::string locked = scratch / "locked.json";
  write_all(locked, "keep\n");
  fs::permissions(locked, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const auto refused = ccsim_in(scratch, "run " + s + " --out " + locked);
  CHECK(refused.status == 2);
  CHECK(contains(refused.err, "--out: " + locked +
                                  ": expected a writable file, got a read-only one (mode 0444)"));
  CHECK(read_all(locked) == "keep\n");

  const std::string mine = scratch / "mine.json";
  write_all(mine, "old\n");
  fs::permissions(mine, fs::perms::owner_read | fs::perms::owner_write);
  REQUIRE(ccsim_in(scratch, "run " + s + " --out " + mine).status == 0);
  CHECK((fs::status(mine).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(nlohmann::json::parse(read_all(mine))["replications"] == 2);
}

TEST_CASE("A full or closed stdout is an error, never a silent success", "[output][hostile]") {
  const Scratch scratch("stdout");
  const std::string s = tiny_scenario(scratch);
  const std::string log = ccsim::test::source_path("tests/data/calllog/contacts.csv");
  for (const std::string& command : std::vector<std::string>{
           "run " + s + " --json", "erlang --lambda-per-hour 60 --handle-s 60 --agents 2",
           "fit " + log + " --days all --min-day-fraction 0 --out " + (scratch / "f.json"),
           "compare " + s + " " + s}) {
    INFO(command);
    const auto full = ccsim_in(scratch, command + " > /dev/full");
    CHECK(full.status == 1);
    CHECK(contains(full.err, "ccsim: stdout: cannot write: No space left on device"));
    const auto closed = ccsim_in(scratch, command + " >&-");
    CHECK(closed.status == 1);
    CHECK(contains(closed.err, "ccsim: stdout: cannot write: Bad file descriptor"));
  }
}

TEST_CASE("An empty output path is refused, not taken as no output", "[output][hostile]") {
  const Scratch scratch("empty");
  const std::string s = tiny_scenario(scratch);
  for (const std::string& command :
       std::vector<std::string>{"run " + s + " --out ''", "run " + s + " --trace ''",
                                "sweep " + s + " " + kSweep + " --out ''"}) {
    const auto ran = ccsim_in(scratch, command);
    CHECK(ran.status == 2);
    CHECK(contains(ran.err, "expected a file path, got an empty one"));
  }
}

TEST_CASE("ccsim's work file is never a directory or a link it would follow", "[output][hostile]") {
  const Scratch scratch("partial");
  const std::string s = tiny_scenario(scratch);
  const std::string out = scratch / "rows.csv";
  fs::create_directories(out + ".partial");
  const auto ran = ccsim_in(scratch, "sweep " + s + " " + kSweep + " --resume --out " + out);
  CHECK(ran.status == 2);
  CHECK(contains(ran.err, "--out: " + out + ": expected ccsim's work file " + out +
                              ".partial to be a regular file, got a directory; remove it"));
  CHECK(fs::is_directory(out + ".partial"));
}

TEST_CASE("compare keeps every scenario, even two of one name", "[output][hostile]") {
  const Scratch scratch("compare");
  const std::string a = tiny_scenario(scratch, "a.json");
  const std::string b = tiny_scenario(scratch, "b.json", R"("confidence": 0.9)");
  const auto ran = ccsim_in(scratch, "compare " + a + " " + b + " --json");
  REQUIRE(ran.status == 0);
  const auto json = nlohmann::json::parse(ran.out);
  CHECK(json["scenarios"] == nlohmann::json::array({"tiny (" + a + ")", "tiny (" + b + ")"}));
  CHECK(json["metrics"]["abandon_rate"].size() == 2);
  const auto table = ccsim_in(scratch, "compare " + a + " " + b);
  CHECK(contains(table.out, "tiny (" + b + ")"));
}

TEST_CASE("compare --by segment pairs segments by name and says why it cannot",
          "[output][hostile]") {
  const Scratch scratch("segments");
  const std::string full = ccsim::test::source_path("scenarios/france-human-only.json");
  auto reordered = nlohmann::json::parse(read_all(full));
  auto& segments = reordered["population"]["segments"];
  std::reverse(segments.begin(), segments.end());
  reordered["name"] = "reordered";
  write_all(scratch / "reordered.json", reordered.dump());
  const auto paired = ccsim_in(scratch, "compare " + full + " " + (scratch / "reordered.json") +
                                            " -r 2 --by segment --json");
  REQUIRE(paired.status == 0);
  const auto json = nlohmann::json::parse(paired.out);
  CHECK(json["by_segment"].size() == segments.size());
  for (const auto& segment : segments) CHECK(json["by_segment"].contains(segment["name"]));

  const auto different = ccsim_in(scratch, "compare " + full + " " +
                                               ccsim::test::source_path("scenarios/erlang-a.json") +
                                               " -r 2 --by segment");
  CHECK(different.status == 2);
  CHECK(contains(different.err, "--by segment: expected the same segments in every scenario"));
  CHECK(different.out.empty());
}

TEST_CASE("An interrupted trace leaves nothing, and what kill -9 leaves the next run takes over",
          "[output][trace][hostile]") {
  const Scratch scratch("trace-kill");
  const std::string s = tiny_scenario(scratch, "day.json");
  // Long enough to be interrupted: a day of busy traffic, many replications.
  write_all(s, R"({"name": "day", "seed": 5, "replications": 200, "horizon_s": 21600,
    "arrivals": {"per_hour": 3000}, "patience_s": {"dist": "exponential", "mean": 60},
    "human_handle_s": {"dist": "exponential", "mean": 60}, "staffing": {"humans": 50}})");
  const std::string trace = scratch / "t.csv";
  for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGKILL}) {
    INFO("signal " << signal);
    const pid_t pid = ccsim::test::spawn_ccsim({"run", s, "--threads", "2", "--trace", trace});
    // Until the trace has rows in its work file: pieces exist then.
    const auto has_rows = [&] {
      std::error_code ignored;
      return fs::file_size(trace + ".partial", ignored) > 1000 &&
             fs::file_size(trace + ".partial", ignored) != static_cast<std::uintmax_t>(-1);
    };
    for (int i = 0; i < 2000 && !has_rows(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::kill(pid, signal);
    const int status = ccsim::test::wait_for(pid);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal);
    if (signal == SIGKILL) {
      CHECK(scratch.names() == std::set<std::string>{"day.json", "t.csv.partial"});
    } else {
      CHECK(scratch.names() == std::set<std::string>{"day.json"});
    }
  }
  // The next run writing the trace takes over what the kill left.
  REQUIRE(ccsim_in(scratch, "run " + s + " -r 1 --trace " + trace).status == 0);
  CHECK(scratch.names() == std::set<std::string>{"day.json", "t.csv"});
}
