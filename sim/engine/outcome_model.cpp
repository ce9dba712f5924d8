#include "engine/outcome_model.hpp"

#include <cmath>

namespace ccsim {

namespace {

constexpr double kSecondsPerMinute = 60.0;

double satisfaction_term(const SatisfactionModel& m, ContactEnd how) {
  switch (how) {
    case ContactEnd::resolved:
      return m.resolved;
    case ContactEnd::unresolved:
      return m.unresolved;
    case ContactEnd::gave_up:
    case ContactEnd::unfinished:
      return m.gave_up;
  }
  return 0.0;
}

}  // namespace

OutcomeModel::OutcomeModel(const SatisfactionModel& satisfaction, const ChurnModel& churn)
    : m_(satisfaction),
      per_s_waited_(satisfaction.per_minute_waited / kSecondsPerMinute),
      per_s_with_bot_(satisfaction.per_minute_with_bot / kSecondsPerMinute) {
  for (int h = 0; h < kContactEnds; ++h) {
    const auto how = static_cast<ContactEnd>(h);
    base_[h] = m_.intercept + satisfaction_term(m_, how);
    no_wait_[h] = logistic(base_[h]);
    for (int unmet = 0; unmet < 2; ++unmet) {
      for (int told = 0; told < 2; ++told) {
        double c = churn.intercept;
        if (how == ContactEnd::gave_up || how == ContactEnd::unfinished) c += churn.gave_up;
        if (how == ContactEnd::unresolved) c += churn.unresolved;
        if (unmet) c += churn.empathy_unmet;
        if (told) c += churn.bot_disclosed;
        churn_[h][unmet][told] = {logistic(c), logistic(c + churn.dissatisfied)};
      }
    }
  }
  // By the same functions as a customer's: a perfect journey's excess is 0 to the bit.
  const Experience perfect;
  perfect_churn_ = p_churn(perfect, p_satisfied(perfect));
}

}  // namespace ccsim
