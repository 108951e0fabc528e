#include "config/scheme_settings.h"

#include "config/web_link.h"
#include "config/yaml_checker.h"

#include <algorithm>
#include <regex>

namespace loket::config {
namespace {

constexpr std::string_view kQuestionFields[] = {"business_type", "lives_here", "age", "household",
                                                "income",        "savings",    "home"};

std::optional<std::vector<Household>> read_households(YamlChecker& c, const YAML::Node& node,
                                                      const std::string& what) {
  auto list = c.string_list(node, what);
  if (!list) return std::nullopt;
  std::vector<Household> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto h = parse_household((*list)[i]);
    if (!h) {
      c.error(node[i], what + ": '" + (*list)[i] +
                           "' is not a household type (single, single_parent, couple, "
                           "couple_with_children)");
      return std::nullopt;
    }
    out.push_back(*h);
  }
  return out;
}

// An amount for every household type ({single: 1401.40, ...}), or one for all (`all` = true).
std::optional<std::map<Household, double>> read_amounts(YamlChecker& c, const YAML::Node& node,
                                                        const std::string& what, bool need_all) {
  constexpr double kMaxAmount = 10'000'000;
  std::map<Household, double> out;
  if (node.IsScalar()) {
    auto v = c.number(node, what, 0, kMaxAmount);
    if (!v) return std::nullopt;
    for (int h = 0; h < static_cast<int>(kHouseholdNames.size()); ++h)
      out[static_cast<Household>(h)] = *v;
    return out;
  }
  if (!c.expect_any_map(node, what)) return std::nullopt;
  bool ok = true;
  for (const auto& kv : node) {
    const auto h = parse_household(kv.first.Scalar());
    if (!h) {
      c.error(kv.first, what + ": '" + kv.first.Scalar() +
                            "' is not a household type (single, single_parent, couple, "
                            "couple_with_children)");
      ok = false;
      continue;
    }
    auto v = c.number(kv.second, what + "." + kv.first.Scalar(), 0, kMaxAmount);
    if (!v) {
      ok = false;
      continue;
    }
    out[*h] = *v;
  }
  if (ok && need_all && out.size() != kHouseholdNames.size()) {
    std::string missing;
    for (int h = 0; h < static_cast<int>(kHouseholdNames.size()); ++h)
      if (!out.count(static_cast<Household>(h)))
        missing.append(missing.empty() ? "" : ", ").append(kHouseholdNames[h]);
    c.error(node, what + " has no amount for " + missing);
    ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

void read_age(YamlChecker& c, const YAML::Node& node, const std::string& what,
              SchemeConditions& out) {
  if (!c.expect_map(node, what, {"min", "max"})) return;
  if (auto n = node["min"]) {
    if (auto v = c.integer(n, what + ".min", 0, 120)) out.age_min = static_cast<int>(*v);
  }
  if (auto n = node["max"]) {
    if (auto v = c.integer(n, what + ".max", 0, 120)) out.age_max = static_cast<int>(*v);
  }
  if (out.age_min && out.age_max && *out.age_min > *out.age_max)
    c.error(node, what + ": min " + std::to_string(*out.age_min) + " is above max " +
                      std::to_string(*out.age_max) + ": no one can meet it");
}

void read_conditions(YamlChecker& c, const YAML::Node& node, const std::string& what,
                     Scheme& scheme) {
  if (!c.expect_any_map(node, what)) return;
  // An unknown key is reported, and the known ones are still checked.
  c.expect_map(node, what,
               {"lives_here", "age", "household", "children", "income_max_percent", "savings_max",
                "home", "business_type"});
  auto& out = scheme.conditions;
  if (auto n = node["lives_here"]) out.lives_here = c.boolean(n, what + ".lives_here");
  if (auto n = node["age"]) read_age(c, n, what + ".age", out);
  if (auto n = node["household"])
    if (auto list = read_households(c, n, what + ".household")) out.households = *list;
  if (auto n = node["children"]) out.children = c.boolean(n, what + ".children");
  if (auto n = node["income_max_percent"])
    out.income_max_percent = c.number(n, what + ".income_max_percent", 1, 1000);
  if (auto n = node["savings_max"])
    if (auto amounts = read_amounts(c, n, what + ".savings_max", false)) out.savings_max = *amounts;
  if (auto n = node["home"]) {
    if (auto s = c.string(n, what + ".home")) {
      if (*s == "rent" || *s == "own")
        out.rents = *s == "rent";
      else
        c.error(n, what + ".home must be rent or own");
    }
  }
  if (auto n = node["business_type"])
    if (auto list = c.string_list(n, what + ".business_type")) out.business_types = *list;
  if (out.children && !out.households.empty() &&
      std::none_of(out.households.begin(), out.households.end(),
                   [&](Household h) { return has_children(h) == *out.children; }))
    c.error(node["children"], what + ": children: " + (*out.children ? "true" : "false") +
                                  " cannot hold for the households listed: no one can meet it");
  if (!out.business_types.empty() && scheme.audience != Audience::businesses)
    c.error(node["business_type"], what + ".business_type is for schemes with for: businesses");
}

}  // namespace

std::optional<Household> parse_household(std::string_view name) {
  for (std::size_t i = 0; i < kHouseholdNames.size(); ++i)
    if (kHouseholdNames[i] == name) return static_cast<Household>(i);
  return std::nullopt;
}

const SocialMinimum* SchemeSettings::social_minimum_on(std::string_view date) const {
  const SocialMinimum* in_force = nullptr;
  for (const auto& m : social_minimums)
    if (m.valid_from <= date) in_force = &m;
  return in_force;
}

void read_schemes(YamlChecker& c, const YAML::Node& node, Config& config) {
  if (!c.expect_sequence(node, "schemes")) return;
  for (const auto& item : node) {
    if (!c.expect_map(item, "a scheme",
                      {"id", "for", "name", "answer", "link", "conditions", "source", "review_by"}))
      continue;
    Scheme scheme;
    scheme.file = c.file();
    scheme.line = YamlChecker::line_of(item);
    static const std::regex kIdPattern("[a-z0-9][a-z0-9_.-]{0,79}");
    auto id = c.non_empty_string(item["id"], "scheme id");
    if (!item["id"]) c.error(item, "a scheme needs an id");
    if (!id) continue;
    if (!std::regex_match(*id, kIdPattern)) {
      c.error(item["id"], "scheme id '" + *id +
                              "' must be lower-case letters, digits, '-', '_' or '.' (at most 80)");
      continue;
    }
    const auto& schemes = config.schemes.schemes;
    if (auto dup = std::find_if(schemes.begin(), schemes.end(),
                                [&](const Scheme& s) { return s.id == *id; });
        dup != schemes.end()) {
      c.error(item["id"], "duplicate scheme id '" + *id + "' (first defined at " + dup->file + ":" +
                              std::to_string(dup->line) + ")");
      continue;
    }
    scheme.id = *id;
    const std::string what = "scheme '" + scheme.id + "'";
    if (auto n = item["for"]) {
      if (auto s = c.string(n, what + " for")) {
        if (*s == "residents" || *s == "businesses")
          scheme.audience = *s == "residents" ? Audience::residents : Audience::businesses;
        else
          c.error(n, what + " for must be residents or businesses");
      }
    }
    for (auto [key, field] :
         {std::pair{"name", &scheme.name}, std::pair{"answer", &scheme.answer}}) {
      if (auto n = item[key]) {
        if (auto t = read_lang_text(c, n, what + " " + key, config)) *field = *t;
      } else {
        c.error(item, what + " has no " + key);
      }
    }
    if (auto n = item["link"]) {
      if (auto s = c.non_empty_string(n, what + " link")) {
        if (const auto problem = web_link_problem(*s))
          c.error(n, what + " link '" + *s + "' " + *problem);
        else
          scheme.link = *s;
      }
    }
    if (auto n = item["source"])
      if (auto s = c.non_empty_string(n, what + " source")) scheme.source = *s;
    if (auto n = item["review_by"]) {
      if (auto s = c.string(n, what + " review_by")) {
        if (is_iso_date(*s)) {
          scheme.review_by = *s;
          scheme.review_by_line = YamlChecker::line_of(n);
        } else
          c.error(n, what + " review_by " + iso_date_problem(*s));
      }
    }
    if (auto n = item["conditions"]) read_conditions(c, n, what + " conditions", scheme);
    config.schemes.schemes.push_back(std::move(scheme));
  }
}

void read_social_minimum(YamlChecker& c, const YAML::Node& node, Config& config) {
  if (!c.expect_sequence(node, "social_minimum")) return;
  auto& minimums = config.schemes.social_minimums;
  for (const auto& item : node) {
    if (!c.expect_map(item, "a social_minimum entry", {"valid_from", "monthly"})) continue;
    if (!item["valid_from"] || !item["monthly"]) {
      c.error(item, "a social_minimum entry needs valid_from and monthly");
      continue;
    }
    auto from = c.string(item["valid_from"], "social_minimum valid_from");
    if (!from) continue;
    if (!is_iso_date(*from)) {
      c.error(item["valid_from"],
              "social_minimum valid_from must be a date, YYYY-MM-DD; found '" + *from + "'");
      continue;
    }
    if (std::any_of(minimums.begin(), minimums.end(),
                    [&](const SocialMinimum& m) { return m.valid_from == *from; })) {
      c.error(item["valid_from"], "social_minimum for " + *from + " is given twice");
      continue;
    }
    auto monthly = read_amounts(c, item["monthly"], "social_minimum " + *from + " monthly", true);
    if (!monthly) continue;
    minimums.push_back({*from, *monthly, c.file(), YamlChecker::line_of(item)});
  }
  std::sort(minimums.begin(), minimums.end(), [](const SocialMinimum& a, const SocialMinimum& b) {
    return a.valid_from < b.valid_from;
  });
}

void read_business_types(YamlChecker& c, const YAML::Node& node, Config& config) {
  if (!c.expect_sequence(node, "business_types")) return;
  auto& types = config.schemes.business_types;
  for (const auto& item : node) {
    if (!c.expect_map(item, "a business type", {"id", "name"})) continue;
    auto id = c.non_empty_string(item["id"], "business type id");
    auto name =
        item["name"] ? read_lang_text(c, item["name"], "business type name", config) : std::nullopt;
    if (!item["id"] || !item["name"]) c.error(item, "a business type needs an id and a name");
    if (!id || !name) continue;
    if (std::any_of(types.begin(), types.end(), [&](const auto& t) { return t.id == *id; })) {
      c.error(item["id"], "duplicate business type '" + *id + "'");
      continue;
    }
    types.push_back({*id, *name});
  }
}

void read_scheme_questions(YamlChecker& c, const YAML::Node& node, Config& config) {
  if (!c.expect_map(
          node, "scheme_questions",
          {"business_type", "lives_here", "age", "household", "income", "savings", "home"}))
    return;
  for (const auto& field : kQuestionFields)
    if (auto n = node[std::string(field)])
      if (auto t = read_lang_text(c, n, "scheme_questions." + std::string(field), config))
        config.schemes.questions[std::string(field)] = *t;
}

void check_schemes(Config& config, std::vector<Diagnostic>& errors) {
  const auto& settings = config.schemes;
  for (const auto& scheme : settings.schemes) {
    const std::string what = "scheme '" + scheme.id + "'";
    if (scheme.conditions.income_max_percent && settings.social_minimums.empty())
      errors.push_back({scheme.file, scheme.line, 1,
                        what + " has income_max_percent, but no social_minimum is configured"});
    for (const auto& type : scheme.conditions.business_types)
      if (std::none_of(settings.business_types.begin(), settings.business_types.end(),
                       [&](const BusinessType& t) { return t.id == type; }))
        errors.push_back({scheme.file, scheme.line, 1,
                          what + " business_type '" + type + "' is not in business_types"});
    if (!scheme.name.count(config.default_language) ||
        !scheme.answer.count(config.default_language))
      errors.push_back({scheme.file, scheme.line, 1,
                        what + " needs its name and answer in the default language '" +
                            config.default_language + "'"});
  }
  for (const auto& intent : config.intents) {
    if (!intent.finds_schemes) continue;
    const auto audience = *intent.finds_schemes;
    if (std::none_of(settings.schemes.begin(), settings.schemes.end(),
                     [&](const Scheme& s) { return s.audience == audience; }))
      errors.push_back({intent.file, intent.line, 1,
                        "intent '" + intent.id + "' finds schemes for " +
                            (audience == Audience::residents ? "residents" : "businesses") +
                            ", but there are none"});
  }
}

}  // namespace loket::config
