// Names of the model's enumerations (they are also the file format's), each segment's strategy,
// and the expansion of a scenario's shorthands into the full customer-journey form.
#include "ccsim/scenario/model.hpp"

#include <algorithm>
#include <stdexcept>

#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

namespace {

// The width of the by-interval report when the arrivals do not suggest one.
constexpr double kDefaultReportIntervalS = 3600.0;

// Names of the objects the shorthands stand for.
constexpr const char* kShorthandSegment = "all";
constexpr const char* kShorthandReason = "default";
constexpr const char* kShorthandGroup = "humans";

}  // namespace

std::string_view to_string(ReasonKind kind) {
  switch (kind) {
    case ReasonKind::simple:
      return "simple";
    case ReasonKind::complex:
      return "complex";
    case ReasonKind::sensitive:
      return "sensitive";
  }
  return "unknown";
}

std::string_view to_string(Channel channel) {
  switch (channel) {
    case Channel::voice:
      return "voice";
    case Channel::chat:
      return "chat";
  }
  return "unknown";
}

std::string_view to_string(Strategy strategy) {
  switch (strategy) {
    case Strategy::human_only:
      return "human_only";
    case Strategy::bot_only:
      return "bot_only";
    case Strategy::bot_first:
      return "bot_first";
    case Strategy::triage:
      return "triage";
    case Strategy::choice:
      return "choice";
  }
  return "unknown";
}

Strategy strategy_of(const Scenario& scenario, const Segment& segment) {
  return segment.strategy.value_or(scenario.routing.strategy);
}

double bot_resolution_of(const Segment& segment, const Reason& reason) {
  return std::min(1.0, segment.bot_resolution_factor * reason.bot_resolution);
}

double ask_human_after_s_of(const Scenario& scenario, const Segment& segment) {
  return segment.ask_human_after_s.value_or(scenario.routing.ask_human_after_s);
}

bool uses_bots(const Scenario& scenario) {
  if (scenario.segments.empty()) return scenario.routing.strategy != Strategy::human_only;
  return std::any_of(scenario.segments.begin(), scenario.segments.end(),
                     [&scenario](const Segment& segment) {
                       return strategy_of(scenario, segment) != Strategy::human_only;
                     });
}

Scenario expand_shorthands(const Scenario& scenario) {
  Scenario full = scenario;
  // A segment's reason mix is indexed by the reasons, so the two only ever come together; a
  // scenario built in code with one and not the other has no meaning to expand into.
  if (full.segments.empty() != full.reasons.empty()) {
    throw std::invalid_argument(
        "expand_shorthands: a scenario needs both segments and reasons, or neither");
  }
  if (full.segments.empty()) {
    Segment all;
    all.name = kShorthandSegment;
    all.share = 1.0;
    all.patience_s = scenario.patience_s;
    all.human_preference = 0.0;
    all.reason_mix = {1.0};
    full.segments.push_back(std::move(all));

    Reason reason;
    reason.name = kShorthandReason;
    reason.kind = ReasonKind::simple;
    reason.channel = Channel::voice;
    reason.human_handle_s = scenario.human_handle_s;
    reason.bot_resolution = 0.0;
    reason.human_resolution = 1.0;
    full.reasons.push_back(std::move(reason));
  }
  if (full.groups.empty()) {
    AgentGroup humans;  // takes every kind, as its defaults say
    humans.name = kShorthandGroup;
    humans.agents = scenario.humans;
    humans.cost_per_hour = scenario.humans_cost_per_hour;
    full.groups.push_back(std::move(humans));
  }
  if (full.shrinkage > 0.0) {
    // Agents on duty are what the engine staffs; each costs the paid hours behind it.
    for (AgentGroup& g : full.groups) {
      g.cost_per_hour /= 1.0 - full.shrinkage;
      if (g.assist) g.assist->cost_per_agent_hour /= 1.0 - full.shrinkage;
    }
    full.shrinkage = 0.0;
  }
  if (!(full.report_interval_s > 0.0)) {
    const double arrivals_interval_s = scenario.arrivals_per_hour.interval_s;
    full.report_interval_s =
        arrivals_interval_s > 0.0 ? arrivals_interval_s : kDefaultReportIntervalS;
  }
  return full;
}

}  // namespace ccsim
