#include "io/trace_row.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

namespace ccsim {

namespace {

constexpr double kSecondsPerDay = 86400.0;
constexpr int kSecondsDecimals = 3;      // milliseconds
constexpr int kProbabilityDecimals = 6;  // P(satisfied), P(churn)
constexpr std::chrono::year_month_day kFirstDate{std::chrono::year{2000}, std::chrono::January,
                                                 std::chrono::day{1}};

// Generic contact CSV columns first (what `fit` reads), then the trace's own.
constexpr std::string_view kHeader =
    "date,arrival_s,segment,waited_s,outcome,handle_s,agent,"
    "replication,day,customer,contact,kind,reason,reason_kind,channel,warmup,path,"
    "bot_s,bot_wait_s,bot_end,queue_entry_s,group,end_s,resolved,escalated,callback,empathy,"
    "frustrated,wants_human,next,last,satisfied,churned";

std::string_view to_string(ContactOutcome o) {
  switch (o) {
    case ContactOutcome::answered:
      return "answered";
    case ContactOutcome::abandoned:
      return "abandoned";
    case ContactOutcome::unfinished:
      return "unfinished";
    case ContactOutcome::callback_served:
      return "callback_served";
    case ContactOutcome::callback_unreached:
      return "callback_unreached";
    case ContactOutcome::callback_unfinished:
      return "callback_unfinished";
    case ContactOutcome::bot_resolved:
      return "bot_resolved";
    case ContactOutcome::bot_unresolved:
      return "bot_unresolved";
    case ContactOutcome::bot_abandoned:
      return "bot_abandoned";
    case ContactOutcome::bot_unfinished:
      return "bot_unfinished";
    case ContactOutcome::balked:
      return "balked";
  }
  return "";
}

std::string_view to_string(BotLegEnd e) {
  switch (e) {
    case BotLegEnd::none:
      return "";
    case BotLegEnd::resolved:
      return "resolved";
    case BotLegEnd::failed:
      return "failed";
    case BotLegEnd::asked_for_human:
      return "asked_for_human";
    case BotLegEnd::gave_up:
      return "gave_up";
    case BotLegEnd::gave_up_waiting:
      return "gave_up_waiting";
    case BotLegEnd::unfinished:
      return "unfinished";
  }
  return "";
}

std::string_view to_string(NextStep n) {
  switch (n) {
    case NextStep::none:
      return "";
    case NextStep::retrial:
      return "retrial";
    case NextStep::repeat:
      return "repeat";
  }
  return "";
}

std::string_view to_string(ContactKind k) {
  switch (k) {
    case ContactKind::first:
      return "first";
    case ContactKind::retrial:
      return "retrial";
    case ContactKind::repeat:
      return "repeat";
  }
  return "";
}

// Appends `value` with `decimals` fixed decimals; NaN (not reached) is an empty field.
void append_fixed(std::string& out, double value, int decimals) {
  if (std::isnan(value)) return;
  char buffer[64];
  const auto end =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals).ptr;
  out.append(buffer, end);
}

void append_integer(std::string& out, std::uint64_t value) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void append_flag(std::string& out, bool value) {
  out.push_back(value ? '1' : '0');
}

// YYYY-MM-DD of the day `days` after 2000-01-01.
void append_date(std::string& out, long days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{kFirstDate} +
                                        std::chrono::days{days}};
  char buffer[16];
  char* p = buffer;
  const int year = static_cast<int>(ymd.year());
  p = std::to_chars(p, buffer + sizeof buffer, year).ptr;
  const unsigned parts[] = {static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
  for (unsigned part : parts) {
    *p++ = '-';
    *p++ = static_cast<char>('0' + part / 10);
    *p++ = static_cast<char>('0' + part % 10);
  }
  out.append(buffer, p);
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted.push_back('"');
    quoted.push_back(ch);
  }
  quoted.push_back('"');
  return quoted;
}

TraceRowFormat::TraceRowFormat(const Scenario& scenario) {
  const Scenario full = expand_shorthands(scenario);
  for (const Segment& seg : full.segments) segments_.push_back(csv_field(seg.name));
  for (const Reason& reason : full.reasons) {
    reasons_.push_back(csv_field(reason.name));
    reason_kinds_.emplace_back(to_string(reason.kind));
    channels_.emplace_back(to_string(reason.channel));
  }
  for (const AgentGroup& group : full.groups) {
    agent_prefixes_.push_back(group.name + "-");
    agent_plain_.push_back(csv_field(agent_prefixes_.back()) == agent_prefixes_.back());
    groups_.push_back(csv_field(group.name));
  }
  days_per_replication_ = std::max(1.0, std::ceil(full.horizon_s / kSecondsPerDay));
}

std::string_view TraceRowFormat::header() {
  return kHeader;
}

void TraceRowFormat::append(std::string& out, const ContactRecord& r) const {
  const double day = std::floor(r.arrival_s / kSecondsPerDay);
  const double midnight_s = day * kSecondsPerDay;
  auto clock = [&](double t) { append_fixed(out, t - midnight_s, kSecondsDecimals); };
  auto seconds = [&](double s) { append_fixed(out, s, kSecondsDecimals); };
  const bool served = r.group >= 0;
  const bool queued = !std::isnan(r.queue_entry_s);

  append_date(out,
              static_cast<long>(static_cast<double>(r.replication) * days_per_replication_ + day));
  out.push_back(',');
  clock(r.arrival_s);
  out.push_back(',');
  out += segments_[r.segment];
  out.push_back(',');
  seconds(r.waited_s);
  out.push_back(',');
  out += to_string(r.outcome);
  out.push_back(',');
  if (served) seconds(r.handle_s);
  out.push_back(',');
  if (served) {
    // Agents are numbered from 1 within their group: "generalists-12".
    const std::string& prefix = agent_prefixes_[static_cast<std::size_t>(r.group)];
    const auto number = static_cast<std::uint64_t>(r.agent) + 1;
    if (agent_plain_[static_cast<std::size_t>(r.group)]) {
      out += prefix;
      append_integer(out, number);
    } else {  // a group name that needs quoting: rare, so built apart
      std::string agent = prefix;
      append_integer(agent, number);
      out += csv_field(agent);
    }
  }
  out.push_back(',');
  append_integer(out, r.replication);
  out.push_back(',');
  append_integer(out, static_cast<std::uint64_t>(day));
  out.push_back(',');
  append_integer(out, r.customer);
  out.push_back(',');
  append_integer(out, static_cast<std::uint64_t>(r.contact));
  out.push_back(',');
  out += to_string(r.kind);
  out.push_back(',');
  out += reasons_[r.reason];
  out.push_back(',');
  out += reason_kinds_[r.reason];
  out.push_back(',');
  out += channels_[r.reason];
  out.push_back(',');
  append_flag(out, r.warmup);
  out.push_back(',');
  // The steps the contact went through, in order.
  const bool bot = !std::isnan(r.bot_s);
  std::string_view separator;
  auto step = [&](bool taken, std::string_view name) {
    if (!taken) return;
    out += separator;
    out += name;
    separator = ">";
  };
  step(bot, "bot");
  step(queued, "queue");
  step(r.callback, "callback");
  step(served, "agent");
  out.push_back(',');
  seconds(r.bot_s);
  out.push_back(',');
  seconds(r.bot_wait_s);
  out.push_back(',');
  out += to_string(r.bot_end);
  out.push_back(',');
  if (queued) clock(r.queue_entry_s);
  out.push_back(',');
  if (served) out += groups_[static_cast<std::size_t>(r.group)];
  out.push_back(',');
  clock(r.end_s);
  out.push_back(',');
  append_flag(out, r.resolved);
  out.push_back(',');
  append_flag(out, r.escalated);
  out.push_back(',');
  append_flag(out, r.callback);
  out.push_back(',');
  if (r.empathy_needed) out += r.empathy_met ? "met" : "unmet";
  out.push_back(',');
  append_flag(out, r.frustrated);
  out.push_back(',');
  append_flag(out, r.wants_human);
  out.push_back(',');
  out += to_string(r.next);
  out.push_back(',');
  append_flag(out, r.last);
  out.push_back(',');
  append_fixed(out, r.p_satisfied, kProbabilityDecimals);
  out.push_back(',');
  append_fixed(out, r.churned, kProbabilityDecimals);
  out.push_back('\n');
}

}  // namespace ccsim
