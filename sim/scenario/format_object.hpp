// Keys and objects of the scenario format (format.hpp): the declarations of one kind of part,
// Part, and how they are read into it.
#pragma once

#include <algorithm>
#include <cassert>
#include <initializer_list>

#include "scenario/format.hpp"

namespace ccsim::format {

template <typename Part>
class ObjectRead;

template <typename Part>
struct Key {
  // Reads the key into the part; false when its value is invalid, or missing and required.
  using Read = std::function<bool(const KeyContext&, const KeySpec&, const Field&, Part&)>;
  // A rule across keys that reads the key in its place (its validity, as Read's).
  using Rule = bool (*)(ObjectRead<Part>&, Part&);

  KeySpec spec;
  Read read;
  Rule rule = nullptr;
  bool by_rule = false;  // read by a rule of the object (in `rule`, or in the object's rules)

  Key required() && {
    spec.need = Need::required;
    spec.default_text.clear();
    spec.default_json = nullptr;
    return std::move(*this);
  }
  Key full_form() && {
    spec.form = Form::full;
    return std::move(*this);
  }
  Key defaults_to(std::string text) && {
    spec.default_text = std::move(text);
    spec.default_json = nullptr;
    return std::move(*this);
  }
  Key checked_with(std::string_view rule_text) && {
    spec.rule = rule_text;
    return std::move(*this);
  }
  // The same, for a rule the schema states too (a required key, two keys never together).
  Key checked_with_schema(std::string_view rule_text) && {
    spec.rule = rule_text;
    spec.rule_in_schema = true;
    return std::move(*this);
  }
  Key read_by(Rule in_place) && {
    rule = in_place;
    by_rule = true;
    return std::move(*this);
  }
  Key read_by_object_rules() && {
    by_rule = true;
    return std::move(*this);
  }
};

// The keys of one kind of object, read into a Part.
template <typename Part>
class Object {
 public:
  // A rule across the object's keys; it reports what it finds wrong and invalidates the read.
  using Rule = void (*)(ObjectRead<Part>&, Part&);

  Object(ObjectSpec spec, std::vector<Key<Part>> keys, Rule before = nullptr, Rule after = nullptr)
      : spec_(std::move(spec)), before_(before), after_(after) {
    for (Key<Part>& key : keys) {
      spec_.keys.push_back(std::move(key.spec));
      reads_.push_back({std::move(key.read), key.rule, key.by_rule});
    }
  }

  const ObjectSpec& spec() const { return spec_; }

  // Reads the object at `field` into `part`: its keys in order (of the file's form), its rules,
  // then the keys nobody declared are reported. True when every value is valid (an absent
  // optional object is).
  bool read(Reading& reading, const Field& field, Part& part) const;
  // Reads only `keys` of the object `json` (values given apart from a file), reporting nothing
  // else about it.
  void read_only(Reading& reading, const JsonDocument& json,
                 std::initializer_list<std::string_view> keys, Part& part) const;
  // The same for an element of a list.
  bool read_element(Reading& reading, const JsonDocument& value, const JsonPath& where,
                    Part& part) const {
    return read(reading, Field(reading.checker, &value, where, true), part);
  }

 private:
  friend class ObjectRead<Part>;
  struct KeyRead {
    typename Key<Part>::Read read;
    typename Key<Part>::Rule rule;
    bool by_rule;
  };
  ObjectSpec spec_;
  std::vector<KeyRead> reads_;
  Rule before_;
  Rule after_;
};

// One object being read: what its rules see.
template <typename Part>
class ObjectRead {
 public:
  ObjectRead(const Object<Part>& declaration, Reading& reading, ObjectReader& object,
             const JsonDocument* json)
      : declaration_(declaration),
        reading_(reading),
        object_(object),
        json_(object.is_object() ? json : nullptr) {
    const ObjectSpec& spec = declaration.spec();
    for (const KeySpec& key : spec.keys) {
      if (key.form == Form::full && reading.form == Form::minimal) {
        fields_.emplace_back(reading.checker, nullptr, object.where() / key.name, false);
      } else {
        fields_.push_back(key.need == Need::required ? object.required(key.name)
                                                     : object.optional(key.name));
      }
    }
    key_valid_.assign(spec.keys.size(), true);
  }

  Reading& reading() const { return reading_; }
  // The object read, or nullptr when the value is not one.
  const JsonDocument* json() const { return json_; }
  JsonChecker& checker() const { return reading_.checker; }
  ObjectReader& object() const { return object_; }
  const ObjectSpec& spec() const { return declaration_.spec(); }
  const KeySpec& spec(std::string_view key) const { return spec().keys[index(key)]; }
  // The key's field: absent when the file does not give it, or when its form has no such key.
  const Field& field(std::string_view key) const { return fields_[index(key)]; }

  // Reads `key` as declared (a rule decided it should be); `required` makes a missing key a
  // problem even when the declaration does not. False when invalid.
  bool read(std::string_view key, Part& part, bool required = false) {
    const std::size_t i = index(key);
    const Field& declared = fields_[i];
    // Under a value that is not an object, a missing key would only repeat the first problem.
    const Field field = required && object_.is_object()
                            ? Field(checker(), declared.value(), declared.where(), true)
                            : declared;
    return record(i, declaration_.reads_[i].read(context(), spec().keys[i], field, part));
  }
  // A number key read by a rule, checked as declared.
  std::optional<double> number(std::string_view key) {
    const std::size_t i = index(key);
    const auto value = read_number(context(), spec().keys[i].value, fields_[i]);
    record(i, value.has_value() || !fields_[i].present());
    return value;
  }
  // Whether `key`, read so far, is valid (or absent).
  bool valid(std::string_view key) const { return key_valid_[index(key)]; }
  bool valid() const {
    return object_.is_object() && !invalid_ &&
           std::all_of(key_valid_.begin(), key_valid_.end(), [](bool v) { return v; });
  }
  void invalidate() { invalid_ = true; }

  // The object's keys in order: each read as declared, or by its rule; keys read by the
  // object's rules are left to them.
  void read_keys(Part& part) {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const auto& key = declaration_.reads_[i];
      if (key.rule != nullptr) {
        record(i, key.rule(*this, part));
      } else if (!key.by_rule) {
        record(i, key.read(context(), spec().keys[i], fields_[i], part));
      }
    }
  }

 private:
  KeyContext context() const { return KeyContext{reading_, json_, spec()}; }
  std::size_t index(std::string_view key) const {
    const auto& keys = spec().keys;
    const auto it =
        std::find_if(keys.begin(), keys.end(), [key](const KeySpec& k) { return k.name == key; });
    assert(it != keys.end());
    return static_cast<std::size_t>(it - keys.begin());
  }
  bool record(std::size_t i, bool valid) {
    key_valid_[i] = key_valid_[i] && valid;
    return valid;
  }

  const Object<Part>& declaration_;
  Reading& reading_;
  ObjectReader& object_;
  const JsonDocument* json_;
  std::vector<Field> fields_;
  std::vector<bool> key_valid_;
  bool invalid_ = false;
};

template <typename Part>
bool Object<Part>::read(Reading& reading, const Field& field, Part& part) const {
  const std::string& shape = spec_.shape_in(reading.form);
  const JsonDocument* json = field.get(shape);
  if (json == nullptr) return !field.required();
  ObjectReader object(reading.checker, *json, field.where(), shape);
  ObjectRead<Part> read(*this, reading, object, json);
  if (before_ != nullptr) before_(read, part);
  read.read_keys(part);
  if (after_ != nullptr) after_(read, part);
  object.reject_unknown_keys(spec_.context);
  return read.valid();
}

template <typename Part>
void Object<Part>::read_only(Reading& reading, const JsonDocument& json,
                             std::initializer_list<std::string_view> keys, Part& part) const {
  ObjectReader object(reading.checker, json, JsonPath{});
  ObjectRead<Part> read(*this, reading, object, &json);
  for (const std::string_view key : keys) read.read(key, part);
}

// --- Reading a value into a field of the member's type.

namespace detail {

// Stores `value` when valid; a missing key is valid unless required.
template <typename T, typename U>
bool store(const Field& field, std::optional<U> value, T& target) {
  if (value) {
    target = std::move(*value);
    return true;
  }
  return !field.present() && !field.required();
}

template <typename T>
inline constexpr bool is_enum_v = std::is_enum_v<T>;

// An optional choice (a segment's own strategy): absent, it stays empty.
template <typename T>
inline constexpr bool is_optional_enum_v = false;
template <typename T>
inline constexpr bool is_optional_enum_v<std::optional<T>> = std::is_enum_v<T>;

template <typename T>
bool read_into(const KeyContext& context, const KeySpec& key, const Field& field, T& target) {
  const Value& value = key.value;
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, std::optional<double>>) {
    // An optional number stays empty when its key is absent: "none" is its default.
    return store(field, read_number(context, value, field), target);
  } else if constexpr (std::is_same_v<T, bool>) {
    return store(field, read_bool(field), target);
  } else if constexpr (std::is_integral_v<T>) {
    return store(field, field.integer<T>(static_cast<T>(value.min), static_cast<T>(value.max)),
                 target);
  } else if constexpr (is_enum_v<T>) {
    const auto index = read_choice(value, field);
    return store(field, index ? std::optional<T>(static_cast<T>(*index)) : std::nullopt, target);
  } else if constexpr (is_optional_enum_v<T>) {
    const auto index = read_choice(value, field);
    using E = typename T::value_type;
    return store(field, index ? std::optional<E>(static_cast<E>(*index)) : std::nullopt, target);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return store(field, read_name(field), target);
  } else if constexpr (std::is_same_v<T, DistributionSpec> ||
                       std::is_same_v<T, std::optional<DistributionSpec>>) {
    return store(field, read_distribution(context.reading, value, field), target);
  } else if constexpr (std::is_same_v<T, Schedule>) {
    return store(field, read_schedule(context.reading, value, field), target);
  } else if constexpr (std::is_same_v<T, std::vector<double>>) {
    return store(field,
                 value.type == Type::mix ? read_mix(context.reading, value, field)
                                         : read_numbers(value, field),
                 target);
  } else {
    static_assert(std::is_same_v<T, std::vector<ReasonKind>>, "no reader for this field");
    const auto indices = read_distinct_choices(value, field);
    if (!indices) return store(field, std::optional<T>(), target);
    T kinds;
    for (const std::size_t i : *indices) kinds.push_back(static_cast<ReasonKind>(i));
    target = std::move(kinds);
    return true;
  }
}

template <typename T>
Default default_for(const T& value) {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double>) {
    return default_of(value);
  } else if constexpr (std::is_integral_v<T>) {
    return default_of(static_cast<std::int64_t>(value));
  } else if constexpr (is_enum_v<T>) {
    return default_of(to_string(value));
  } else if constexpr (std::is_same_v<T, DistributionSpec> ||
                       std::is_same_v<T, std::optional<DistributionSpec>> ||
                       std::is_same_v<T, Schedule>) {
    return default_of(value);
  } else if constexpr (std::is_same_v<T, std::vector<ReasonKind>>) {
    std::vector<std::string> names;
    for (const ReasonKind kind : value) names.emplace_back(to_string(kind));
    return default_of(names);
  } else {
    return {};  // a name, a list: nothing to show
  }
}

// Whether a list element has a valid name, and which.
std::optional<std::string> element_name(const JsonDocument& element);
// Reports `name` at `where` when an earlier element of the list has it.
bool check_unique_name(JsonChecker& checker, const JsonPath& where, const std::string& name,
                       std::span<const std::optional<std::string>> earlier, std::string_view noun);
// Reports a list longer than its limit at `where`; a value that is not a list passes.
bool check_list_size(JsonChecker& checker, const JsonDocument& list, const JsonPath& where,
                     std::string_view noun);
KeySpec spec_of(std::string_view name, Value value, std::string_view doc, Default fallback);
// The value of a key that holds an object of `spec`'s keys.
inline Value object_value(const ObjectSpec& spec) {
  Value value;
  value.type = Type::object;
  value.object = &spec;
  return value;
}

}  // namespace detail

// A key that fills `member` of Part.
template <typename Part, typename T>
Key<Part> key(std::string_view name, Value value, T Part::*member, std::string_view doc) {
  return Key<Part>{
      detail::spec_of(name, std::move(value), doc, detail::default_for(Part{}.*member)),
      [member](const KeyContext& context, const KeySpec& key, const Field& field, Part& part) {
        return detail::read_into(context, key, field, part.*member);
      }};
}

// A key that fills no field: documentation, or a value only a rule uses (then read_by…()).
template <typename Part>
Key<Part> key(std::string_view name, Value value, std::string_view doc) {
  return Key<Part>{detail::spec_of(name, std::move(value), doc, {}),
                   [](const KeyContext& context, const KeySpec& key, const Field& field, Part&) {
                     const bool absent_ok = !field.present() && !field.required();
                     switch (key.value.type) {
                       case Type::free_text:
                         check_free_text(field);
                         return true;
                       case Type::number:
                         return read_number(context, key.value, field).has_value() || absent_ok;
                       case Type::name:
                         return read_name(field).has_value() || absent_ok;
                       default:
                         return true;  // read by a rule of its object
                     }
                   }};
}

// A nested object whose keys fill the same part ("routing": {"bot_first": {…}}).
template <typename Part>
Key<Part> section(std::string_view name, const Object<Part>& object, std::string_view doc) {
  return Key<Part>{detail::spec_of(name, detail::object_value(object.spec()), doc, {}),
                   [&object](const KeyContext& context, const KeySpec&, const Field& field,
                             Part& part) { return object.read(context.reading, field, part); }};
}

// A nested object that fills a member of its own type (an optional one only when valid).
template <typename Part, typename Sub>
Key<Part> key(std::string_view name, const Object<Sub>& object, Sub Part::*member,
              std::string_view doc) {
  return Key<Part>{
      detail::spec_of(name, detail::object_value(object.spec()), doc, {}),
      [&object, member](const KeyContext& context, const KeySpec&, const Field& field, Part& part) {
        return object.read(context.reading, field, part.*member);
      }};
}

template <typename Part, typename Sub>
Key<Part> key(std::string_view name, const Object<Sub>& object, std::optional<Sub> Part::*member,
              std::string_view doc) {
  return Key<Part>{
      detail::spec_of(name, detail::object_value(object.spec()), doc, {}),
      [&object, member](const KeyContext& context, const KeySpec&, const Field& field, Part& part) {
        if (!field.present()) return !field.required();
        Sub sub{};
        if (!object.read(context.reading, field, sub)) return false;
        part.*member = std::move(sub);
        return true;
      }};
}

// A rule on a whole list, once its elements are read (`elements` when all are valid); false when
// the list is rejected.
template <typename Elem>
using ListRule = bool (*)(Reading& reading, const Field& field, const JsonDocument& list,
                          const std::optional<std::vector<Elem>>& elements);

// A non-empty list of named objects, at most kMaxNamedItems, names unique among them. NOUN
// ("segments") and ITEM ("segment") name them in messages, SHAPE says what is expected.
template <typename Part, typename Elem>
Key<Part> list(std::string_view name, const Object<Elem>& element, std::vector<Elem> Part::*member,
               std::string_view noun, std::string_view item, std::string shape,
               std::string_view doc, ListRule<Elem> rule = nullptr) {
  Value value;
  value.type = Type::list;
  value.object = &element.spec();
  value.noun = noun;
  value.list_key = item;
  value.shape = std::move(shape);
  return Key<Part>{
      detail::spec_of(name, std::move(value), doc, {}),
      [&element, member, rule](const KeyContext& context, const KeySpec& key, const Field& field,
                               Part& part) {
        Reading& reading = context.reading;
        JsonChecker& checker = reading.checker;
        const Value& list_value = key.value;
        const JsonDocument* json = field.get(list_value.shape);
        if (json == nullptr) return !field.required();
        if (!detail::check_list_size(checker, *json, field.where(), list_value.noun)) return false;
        auto outer_names = std::move(reading.list_names);
        const std::size_t outer_index = reading.list_index;
        reading.list_names = peek_names(*json);
        std::vector<std::optional<std::string>> seen;
        std::size_t index = 0;
        auto elements = checker.list<Elem>(
            *json, field.where(), list_value.shape,
            [&](JsonChecker&, const JsonDocument& item, const JsonPath& where) {
              reading.list_index = index++;
              Elem elem{};
              bool valid = element.read_element(reading, item, where, elem);
              std::optional<std::string> item_name = detail::element_name(item);
              if (item_name && !detail::check_unique_name(checker, where / "name", *item_name, seen,
                                                          list_value.list_key)) {
                valid = false;
              }
              seen.push_back(std::move(item_name));
              return valid ? std::optional<Elem>(std::move(elem)) : std::nullopt;
            });
        reading.list_names = std::move(outer_names);
        reading.list_index = outer_index;
        if (rule != nullptr && !rule(reading, field, *json, elements)) return false;
        if (!elements) return false;
        part.*member = std::move(*elements);
        return true;
      }};
}

}  // namespace ccsim::format
