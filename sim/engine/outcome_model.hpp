// Satisfaction and churn of a customer, evaluated after their last contact (docs/model.md).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "ccsim/scenario/model.hpp"

namespace ccsim {

inline double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

// How a contact ended.
enum class ContactEnd : std::uint8_t { resolved, unresolved, gave_up, unfinished };
inline constexpr int kContactEnds = 4;

// What the models read of a customer's journey.
struct Experience {
  double wait_total_s = 0.0;              // in human queues, over all contacts
  ContactEnd how = ContactEnd::resolved;  // how the last contact ended
  bool empathy_unmet = false;
  int repeat_contacts = 0;  // contacts after the first
  int transfers = 0;
  int transfers_without_context = 0;
  double bot_lost_s = 0.0;  // with bots on contacts they did not resolve (their queue included)
  int bot_failures = 0;     // bot sessions that ended unable to resolve the need
  bool undisclosed_bot = false;  // met a bot that did not say it was one
  bool used_callback = false;
  bool told_bot = false;  // met a bot that said it was one (every bot under `choice`)
};

// The scenario's logistic models with their constant parts worked out once:
//
//   logit P(satisfied) = (intercept + term of how it ended) + per_minute_waited / 60 × wait
//                        + the terms of the rest of the experience, in the model's order
//   P(churn) = p σ(c) + (1 − p) σ(c + dissatisfied), c from the experience's flags
//
// σ(c) and σ(c + dissatisfied) take a handful of values, one per combination of the flags, all
// computed here; the satisfaction of a customer who never waited, with no other term, too.
class OutcomeModel {
 public:
  OutcomeModel(const SatisfactionModel& satisfaction, const ChurnModel& churn);

  // A term that does not apply is not added: adding a zero (or -0) to the logit changes no bit
  // of the probability, so skipping it gives the same figure in fewer steps.
  double p_satisfied(const Experience& e) const {
    const auto h = static_cast<std::size_t>(e.how);
    const bool other_terms = e.empathy_unmet || e.repeat_contacts > 0 || e.transfers > 0 ||
                             e.undisclosed_bot || e.used_callback || e.bot_lost_s > 0.0 ||
                             e.bot_failures > 0;
    if (e.wait_total_s == 0.0 && !other_terms) return no_wait_[h];
    double x = base_[h] + per_s_waited_ * e.wait_total_s;
    if (other_terms) {
      if (e.bot_lost_s > 0.0) x += per_s_with_bot_ * e.bot_lost_s;
      if (e.bot_failures > 0) x += m_.bot_failure * e.bot_failures;
      if (e.empathy_unmet) x += m_.empathy_unmet;
      if (e.repeat_contacts > 0) x += m_.per_repeat_contact * e.repeat_contacts;
      if (e.transfers > 0) {
        x += m_.per_transfer * e.transfers;
        x += m_.no_context_on_transfer * e.transfers_without_context;
      }
      if (e.undisclosed_bot) x += m_.undisclosed_bot;
      if (e.used_callback) x += m_.callback;
    }
    return logistic(x);
  }
  // P(churn) of a perfect experience: served at once, resolved at the first contact, nothing
  // else (the default Experience). Churn beyond it is what the contact experience caused.
  double perfect_churn() const { return perfect_churn_; }
  double p_churn(const Experience& e, double p_satisfied) const {
    const auto& [when_satisfied, when_dissatisfied] =
        churn_[static_cast<std::size_t>(e.how)][e.empathy_unmet][e.told_bot];
    return p_satisfied * when_satisfied + (1.0 - p_satisfied) * when_dissatisfied;
  }

 private:
  SatisfactionModel m_;
  double per_s_waited_ = 0.0;
  double per_s_with_bot_ = 0.0;
  std::array<double, kContactEnds> base_{};     // intercept + the term of how it ended
  std::array<double, kContactEnds> no_wait_{};  // σ(base): no wait, no other term
  // [how][empathy unmet][told bot]: σ(c), σ(c + dissatisfied).
  std::array<std::array<std::array<std::array<double, 2>, 2>, 2>, kContactEnds> churn_{};
  double perfect_churn_ = 0.0;
};

}  // namespace ccsim
