#include "stats/tally_codec.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace ccsim {

namespace {

// Plain structs are copied as their bytes: exact, and no field can be forgotten when one is
// added. Padding would copy indeterminate bytes; there is none (checked below).
static_assert(std::is_trivially_copyable_v<Counters>);
static_assert(std::is_trivially_copyable_v<IntervalTime>);
static_assert(std::is_trivially_copyable_v<WaitHistogram>);
static_assert(sizeof(Counters) % sizeof(std::uint64_t) == 0);
static_assert(sizeof(IntervalTime) == 4 * sizeof(double));
// Every member of Tally is written below: a new member fails this check until it is added.
static_assert(sizeof(Tally) == 2 * sizeof(std::uint64_t) + sizeof(Counters) +
                                   4 * sizeof(std::vector<Counters>) + 5 * sizeof(double) +
                                   sizeof(WaitHistogram));

constexpr std::uint64_t kMagic = 0x43435349'4D54414CULL;  // "CCSIMTAL"

// The layout this build writes: a reader of another layout refuses the bytes.
constexpr std::uint64_t kLayout = (std::uint64_t{sizeof(Counters)} << 32) ^
                                  (std::uint64_t{sizeof(IntervalTime)} << 16) ^
                                  std::uint64_t{sizeof(WaitHistogram)};

class Writer {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* bytes = reinterpret_cast<const char*>(&value);
    out_.append(bytes, sizeof(T));
  }
  template <typename T>
  void put_vector(const std::vector<T>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    for (const T& v : values) put(v);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    if (bytes_.size() - offset_ < sizeof(T)) throw std::runtime_error("tallies: truncated bytes");
    T value;
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return value;
  }
  template <typename T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (n > (bytes_.size() - offset_) / sizeof(T)) {
      throw std::runtime_error("tallies: a length beyond the bytes");
    }
    std::vector<T> values;
    values.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) values.push_back(get<T>());
    return values;
  }
  bool done() const { return offset_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

}  // namespace

std::string encode_tallies(std::span<const Tally> tallies) {
  Writer w;
  w.put(kMagic);
  w.put(kLayout);
  w.put(static_cast<std::uint64_t>(tallies.size()));
  for (const Tally& t : tallies) {
    w.put(t.arrivals);
    w.put(t.counted_arrivals);
    w.put(t.total);
    w.put_vector(t.by_segment);
    w.put_vector(t.by_kind);
    w.put_vector(t.by_interval);
    w.put_vector(t.interval_time);
    w.put(t.busy_agent_s);
    w.put(t.available_agent_s);
    w.put(t.chat_session_s);
    w.put(t.chat_slot_s);
    w.put(t.human_cost);
    w.put(t.waits);
  }
  return w.take();
}

std::vector<Tally> decode_tallies(std::string_view bytes) {
  Reader r(bytes);
  if (r.get<std::uint64_t>() != kMagic || r.get<std::uint64_t>() != kLayout) {
    throw std::runtime_error("tallies: bytes from another program or build");
  }
  const auto count = r.get<std::uint64_t>();
  std::vector<Tally> tallies;
  for (std::uint64_t i = 0; i < count; ++i) {
    Tally t;
    t.arrivals = r.get<std::uint64_t>();
    t.counted_arrivals = r.get<std::uint64_t>();
    t.total = r.get<Counters>();
    t.by_segment = r.get_vector<Counters>();
    t.by_kind = r.get_vector<Counters>();
    t.by_interval = r.get_vector<Counters>();
    t.interval_time = r.get_vector<IntervalTime>();
    t.busy_agent_s = r.get<double>();
    t.available_agent_s = r.get<double>();
    t.chat_session_s = r.get<double>();
    t.chat_slot_s = r.get<double>();
    t.human_cost = r.get<double>();
    t.waits = r.get<WaitHistogram>();
    tallies.push_back(std::move(t));
  }
  if (!r.done()) throw std::runtime_error("tallies: trailing bytes");
  return tallies;
}

}  // namespace ccsim
