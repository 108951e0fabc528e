// Schemes (regelingen) residents or businesses may be entitled to, the conditions under which
// each may apply, and the social minimum the income conditions are measured against, as staff
// describe them in content (`schemes:`, `social_minimum:`). Plain immutable data once loaded.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loket::config {

// Text per language code ("nl" -> "...").
using LangText = std::map<std::string, std::string>;

enum class Household { single, single_parent, couple, couple_with_children };
inline constexpr std::array<std::string_view, 4> kHouseholdNames = {
    "single", "single_parent", "couple", "couple_with_children"};
std::optional<Household> parse_household(std::string_view name);
inline bool has_children(Household h) {
  return h == Household::single_parent || h == Household::couple_with_children;
}

enum class Audience { residents, businesses };

// Every condition is optional; one that is set must hold for the scheme to apply.
struct SchemeConditions {
  std::optional<int> age_min, age_max;  // years, both inclusive
  std::vector<Household> households;    // empty: any
  std::optional<bool> children;         // children under 18 in the household (or none)
  // Net monthly household income at most this share (percent) of the household's social minimum.
  std::optional<double> income_max_percent;
  // Savings and other assets at most this (euros), per household type; absent types: no limit.
  std::map<Household, double> savings_max;
  std::optional<bool> rents;                // true: tenants only; false: home owners only
  std::optional<bool> lives_here;           // residents: living here; businesses: established here
  std::vector<std::string> business_types;  // businesses: these kinds only (ids); empty: any

  bool empty() const {
    return !age_min && !age_max && households.empty() && !children && !income_max_percent &&
           savings_max.empty() && !rents && !lives_here && business_types.empty();
  }
};

struct Scheme {
  std::string id;
  LangText name;
  LangText answer;  // what it is and how to apply, briefly
  std::string link;
  Audience audience = Audience::residents;
  SchemeConditions conditions;
  std::string source;     // the regulation it rests on
  std::string review_by;  // YYYY-MM-DD
  std::string file;
  int line = 0;
  int review_by_line = 0;  // where staff change the date, for the warning when it has passed
};

// The net monthly social minimum per household type, from a date on (it changes on 1 January and
// 1 July). The one in force on a day is the latest whose valid_from is not after it.
struct SocialMinimum {
  std::string valid_from;  // YYYY-MM-DD
  std::map<Household, double> monthly;
  std::string file;
  int line = 0;
};

// A kind of business the business schemes distinguish (zzp, a shop, ...).
struct BusinessType {
  std::string id;
  LangText name;
};

struct SchemeSettings {
  std::vector<Scheme> schemes;
  std::vector<SocialMinimum> social_minimums;  // sorted by valid_from
  std::vector<BusinessType> business_types;
  // The finder's questions in staff's words, by field (age, household, ...), over loket's own.
  std::map<std::string, LangText> questions;

  const SocialMinimum* social_minimum_on(std::string_view date) const;
};

}  // namespace loket::config
