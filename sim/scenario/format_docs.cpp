// The key tables of docs/scenario-keys.md, written from the format's declarations (format.hpp).
#include <sstream>

#include "ccsim/scenario/schema.hpp"
#include "scenario/limits.hpp"
#include "scenario/scenario_keys.hpp"

namespace ccsim {

namespace format {

namespace {

// "a number in [0, 1]" as a table cell says it: "number in [0, 1]".
std::string without_article(std::string text) {
  for (const std::string_view article : {"a ", "an "}) {
    if (text.rfind(article, 0) == 0) return text.substr(article.size());
  }
  return text;
}

std::string code(std::string_view text) {
  // Appended rather than "`" + … + "`", which g++ 12 wrongly flags under -Wrestrict.
  std::string out(1, '`');
  out += text;
  out += '`';
  return out;
}

std::string codes(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + code(n);
  return out;
}

// Table cells hold no pipe of their own.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string number_text(const Value& value, const ObjectSpec& parent) {
  NumberRange range = value.range;
  if (!value.bound_key.empty() && parent.find(value.bound_key) != nullptr) {
    range.high = Bound{0.0, !value.bound_strict, code(value.bound_key)};
  }
  std::string text = range.describe("number");
  if (value.positive_unless_zero_allowed) {
    NumberRange zero = range;
    zero.low = Bound{0.0, true, {}};
    constexpr std::string_view kIn = " in ";  // describe("") is " in [0, 1e9]"
    text += "; " + zero.describe("").substr(kIn.size()) + " where zero is allowed";
  }
  return text;
}

// The format's integers are never negative.
std::string integer_text(const Value& value) {
  return without_article(
      describe_integer_range(static_cast<std::uint64_t>(value.min), value.max, !value.open_ended));
}

std::string accepts(const Value& value, const ObjectSpec& parent) {
  switch (value.type) {
    case Type::number:
      return number_text(value, parent);
    case Type::integer:
      return integer_text(value);
    case Type::boolean:
      return "true or false";
    case Type::name:
      return "non-empty string";
    case Type::choice:
      return codes(*value.choices);
    case Type::free_text:
      return "string, or list of strings (ignored by the engine)";
    case Type::distribution:
      return value.zero_mean == ZeroMean::allowed ? "distribution (below), zero allowed"
                                                  : "distribution (below), mean > 0";
    case Type::schedule: {
      const std::string one = value.integers ? integer_text(value) : number_text(value, parent);
      return one + ", or " +
             code("{\"interval_s\": S, \"" + std::string(value.list_key) + "\": [...]}") +
             " (a schedule)";
    }
    case Type::rates:
      return number_text(value, parent) + ", or a non-empty list of them (a schedule)";
    case Type::numbers:
    case Type::distinct_choices:
      return without_article(value.shape);
    case Type::mix:
      return code("{\"REASON\": probability, …}");
    case Type::object:
      return value.object->title.empty() ? "object"
                                         : "object: " + code(value.object->title) + " below";
    case Type::list:
      return "1 to " + std::to_string(kMaxNamedItems) + " objects: " + code(value.object->title) +
             " below";
  }
  return {};
}

class TableWriter {
 public:
  std::string write() {
    out_ << "<!-- Written by `ccsim schema --markdown` from the declarations in "
            "sim/scenario/scenario_keys_*.cpp: edit those, not this file. -->\n"
         << "# Scenario keys\n\n"
         << "Every key of a scenario file: what it accepts, its unit, its default and what it "
            "is. [scenario.md](scenario.md) says how a file is checked, the rules across keys "
            "and the format's limits; [model.md](model.md) what each part means. Keys without a "
            "default are required where they appear; ranges: (a, b] excludes a.\n";
    object(scenario_object().spec());
    distributions();
    return out_.str();
  }

 private:
  void object(const ObjectSpec& spec) {
    out_ << "\n## " << (spec.title == "Top level" ? std::string(spec.title) : code(spec.title))
         << "\n\n"
         << spec.doc << "\n\n"
         << "| key | accepts | unit | default | what it is |\n|---|---|---|---|---|\n";
    std::vector<const ObjectSpec*> below;
    rows(spec, "", below);
    for (const ObjectSpec* next : below) object(*next);
  }

  void rows(const ObjectSpec& spec, const std::string& prefix,
            std::vector<const ObjectSpec*>& below) {
    for (const KeySpec& key : spec.keys) {
      const std::string path = prefix + std::string(key.name);
      std::string what = accepts(key.value, spec);
      if (!key.rule.empty()) what += "; " + std::string(key.rule);
      const std::string fallback = key.need == Need::required ? "required"
                                   : key.default_text.empty() ? "—"
                                                              : key.default_text;
      out_ << "| " << code(path) << " | " << cell(what) << " | " << cell(key.value.unit) << " | "
           << cell(fallback) << " | " << cell(key.doc) << " |\n";
      const ObjectSpec* nested = key.value.object;
      if (nested == nullptr) continue;
      if (key.value.type == Type::object && nested->title.empty()) {
        rows(*nested, path + ".", below);
      } else {
        below.push_back(nested);
      }
    }
  }

  void distributions() {
    out_ << "\n## Distributions\n\n"
         << "`{\"dist\": NAME, …}` with the keys of its family only, every time in seconds. "
            "Where a key says \"mean > 0\" a zero mean is refused; \"zero allowed\" (patience, "
            "delays) accepts a deterministic 0.\n\n"
         << "| `dist` | keys | what it is |\n|---|---|---|\n";
    for (const Family& family : distribution_families()) {
      const ObjectSpec& spec = family.object->spec();
      std::string keys;
      for (const KeySpec& key : spec.keys) {
        if (key.name == "dist") continue;
        std::string text = code(key.name) + ": " + accepts(key.value, spec);
        if (!key.rule.empty()) text += ", " + std::string(key.rule);
        if (key.need != Need::required) text += " (default: " + key.default_text + ")";
        keys += (keys.empty() ? "" : "; ") + text;
      }
      out_ << "| " << code(to_string(family.kind)) << " | " << cell(keys) << " | " << cell(spec.doc)
           << " |\n";
    }
  }

  std::ostringstream out_;
};

}  // namespace

}  // namespace format

std::string scenario_key_tables() {
  return format::TableWriter().write();
}

}  // namespace ccsim
