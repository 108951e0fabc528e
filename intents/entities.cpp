#include "intents/entities.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <map>
#include <regex>

#include "intents/text_normalizer.h"

namespace loket::intents {
namespace {

namespace chr = std::chrono;

// Postcodes never use these letter pairs (PTT rule), so "1234 SS" is not a postcode.
// As residents type them: "9701AB", "9701 AB", and (see find_postcodes) "9701-AB", "9701 - AB",
// "9701,AB", "9701  AB", "9701 a b", "9701 a.b.".
const std::regex kPostcode(
    R"((^|[^0-9A-Za-z])([1-9][0-9]{3})(\s*-\s*|,|[ \t]{0,3})([A-Za-z])(\.? ?)([A-Za-z])(?![A-Za-z]))");
const std::regex kHouseNumberAfterPostcode(
    R"(^[ ,]+(?:nr\.? ?)?([0-9]{1,5})(?: ?-? ?([a-zA-Z])(?![A-Za-z]))?)");
const std::regex kHouseNumberWord(
    R"((?:huisnummer|huisnr\.?|house number|nummer|nr\.?)\s*([0-9]{1,5})(?: ?([a-zA-Z])(?![A-Za-z]))?)",
    std::regex::icase);
const std::regex kEmail(
    R"([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24})");
// +31 6 12345678, 06-12345678, 020 123 4567, 0031..., the municipal 14 + area code, and numbers
// abroad with their country code (+49 151 2345678): residents of the programme's other countries.
// A time right after one ("+49 151 2345678 17:00") is not its last digits.
const std::regex kPhone(
    R"((^|[^0-9+])((?:\+|00)31[ -]?\(?0?\)?[1-9](?:[ -]?[0-9]){8}|(?:\+|00)(?!31)[1-9][0-9]{0,2}(?:[ -]?\(0\))?(?:[ -]?[0-9]){6,12}|0[1-9](?:[ -]?[0-9]){8}|14[ -]?0[0-9]{2,3})(?![0-9]|[:.][0-9]))");
const std::regex kNumericDate(
    R"((^|[^0-9])([0-3]?[0-9])[-/.]([01]?[0-9])(?:[-/.]((?:19|20)?[0-9]{2}))?(?![0-9]))");

bool valid_postcode_letters(std::string letters) {
  for (auto& c : letters) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return letters != "SA" && letters != "SD" && letters != "SS";
}

chr::year_month_day add_days(chr::year_month_day d, int days) {
  return chr::year_month_day{chr::sys_days{d} + chr::days{days}};
}

const std::map<std::string, int>& month_names() {
  static const std::map<std::string, int> kMonths = {
      {"januari", 1},   {"jan", 1},      {"january", 1},   {"februari", 2},  {"feb", 2},
      {"february", 2},  {"maart", 3},    {"mrt", 3},       {"march", 3},     {"mar", 3},
      {"april", 4},     {"apr", 4},      {"mei", 5},       {"may", 5},       {"juni", 6},
      {"jun", 6},       {"june", 6},     {"juli", 7},      {"jul", 7},       {"july", 7},
      {"augustus", 8},  {"aug", 8},      {"august", 8},    {"september", 9}, {"sep", 9},
      {"sept", 9},      {"oktober", 10}, {"okt", 10},      {"october", 10},  {"oct", 10},
      {"november", 11}, {"nov", 11},     {"december", 12}, {"dec", 12},
  };
  return kMonths;
}

// ISO weekday: Monday 1 .. Sunday 7.
const std::map<std::string, unsigned>& weekday_names() {
  static const std::map<std::string, unsigned> kDays = {
      {"maandag", 1},   {"monday", 1},    {"dinsdag", 2},  {"tuesday", 2}, {"woensdag", 3},
      {"wednesday", 3}, {"donderdag", 4}, {"thursday", 4}, {"vrijdag", 5}, {"friday", 5},
      {"zaterdag", 6},  {"saturday", 6},  {"zondag", 7},   {"sunday", 7},
  };
  return kDays;
}

const std::map<std::string, int>& relative_days() {
  static const std::map<std::string, int> kRelative = {
      {"vandaag", 0},    {"today", 0},     {"morgen", 1},     {"tomorrow", 1},
      {"overmorgen", 2}, {"gisteren", -1}, {"yesterday", -1}, {"eergisteren", -2},
  };
  return kRelative;
}

// A complete date from day and month: this year, or next year once the date has passed.
std::optional<chr::year_month_day> upcoming(int day, int month, std::optional<int> year,
                                            chr::year_month_day today) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int y = year.value_or(static_cast<int>(today.year()));
  chr::year_month_day d{chr::year{y}, chr::month{static_cast<unsigned>(month)},
                        chr::day{static_cast<unsigned>(day)}};
  if (!d.ok()) return std::nullopt;
  if (!year && chr::sys_days{d} < chr::sys_days{today}) {
    d = chr::year_month_day{chr::year{y + 1}, d.month(), d.day()};
    if (!d.ok()) return std::nullopt;
  }
  return d;
}

struct Word {
  std::string folded;
  std::size_t begin, end;
};

// Words with their byte spans (the tokenizer's folding, re-found in the original text).
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> out;
  out.reserve(text.size() / 5 + 1);
  std::vector<Token> tokens;  // one word's, reused for every word
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i])) &&
           static_cast<unsigned char>(text[i]) < 0x80)
      ++i;
    std::size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) ||
                               static_cast<unsigned char>(text[i]) >= 0x80))
      ++i;
    if (i == start) continue;
    const std::string_view word = text.substr(start, i - start);
    std::string folded;
    if (is_ascii(word)) {
      // Letters and digits only: folding is lower case (most words, and every turn has some).
      folded.reserve(word.size());
      for (const char c : word)
        folded.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      tokenize(word, tokens);
      for (const auto& t : tokens) folded += t.folded;
    }
    if (!folded.empty()) out.push_back({std::move(folded), start, i});
  }
  return out;
}

void find_word_dates(std::string_view text, chr::year_month_day today, std::vector<Entity>& out) {
  auto words = words_of(text);
  const auto today_weekday = chr::weekday{chr::sys_days{today}}.iso_encoding();
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i].folded;
    if (auto r = relative_days().find(w); r != relative_days().end()) {
      out.push_back(
          {EntityType::date, iso_date(add_days(today, r->second)), words[i].begin, words[i].end});
      continue;
    }
    // "12 maart [2027]" and "march 12[, 2027]"
    if (i + 1 < words.size() && std::all_of(w.begin(), w.end(), ::isdigit) && w.size() <= 2) {
      if (auto m = month_names().find(words[i + 1].folded); m != month_names().end()) {
        std::optional<int> year;
        std::size_t end = words[i + 1].end;
        if (i + 2 < words.size() && words[i + 2].folded.size() == 4 &&
            std::all_of(words[i + 2].folded.begin(), words[i + 2].folded.end(), ::isdigit)) {
          year = std::stoi(words[i + 2].folded);
          end = words[i + 2].end;
        }
        if (auto d = upcoming(std::stoi(w), m->second, year, today))
          out.push_back({EntityType::date, iso_date(*d), words[i].begin, end});
        ++i;
        continue;
      }
    }
    if (auto m = month_names().find(w);
        m != month_names().end() && w.size() > 3 && i + 1 < words.size() &&
        words[i + 1].folded.size() <= 2 &&
        std::all_of(words[i + 1].folded.begin(), words[i + 1].folded.end(), ::isdigit)) {
      if (auto d = upcoming(std::stoi(words[i + 1].folded), m->second, std::nullopt, today))
        out.push_back({EntityType::date, iso_date(*d), words[i].begin, words[i + 1].end});
      ++i;
      continue;
    }
    // "dinsdag" (the coming one, today included), "volgende week dinsdag", "next tuesday",
    // "dinsdag volgende week".
    if (auto d = weekday_names().find(w); d != weekday_names().end()) {
      int ahead = static_cast<int>((d->second + 7 - today_weekday) % 7);
      std::size_t begin = words[i].begin, end = words[i].end;
      bool next_week = false;
      if (i >= 2 && words[i - 2].folded == "volgende" && words[i - 1].folded == "week") {
        next_week = true;
        begin = words[i - 2].begin;
      } else if (i >= 1 && (words[i - 1].folded == "next" || words[i - 1].folded == "volgende" ||
                            words[i - 1].folded == "komende")) {
        next_week = words[i - 1].folded != "komende";
        begin = words[i - 1].begin;
      } else if (i + 2 < words.size() && words[i + 1].folded == "volgende" &&
                 words[i + 2].folded == "week") {
        next_week = true;
        end = words[i + 2].end;
      }
      if (next_week) {
        // The named day in the week (Monday to Sunday) after this one.
        const int to_next_monday = static_cast<int>(8 - today_weekday);
        ahead = to_next_monday + static_cast<int>(d->second) - 1;
      }
      out.push_back({EntityType::date, iso_date(add_days(today, ahead)), begin, end});
    }
  }
}

bool overlaps(const Entity& e, std::size_t begin, std::size_t end) {
  return e.begin < end && begin < e.end;
}

bool taken(const std::vector<Entity>& found, std::size_t begin, std::size_t end) {
  return std::any_of(found.begin(), found.end(),
                     [&](const Entity& x) { return overlaps(x, begin, end); });
}

void find_emails(const std::string& s, std::vector<Entity>& out) {
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kEmail); it != std::sregex_iterator();
       ++it) {
    const auto b = static_cast<std::size_t>(it->position(0));
    out.push_back({EntityType::email, it->str(0), b, b + it->str(0).size()});
    for (auto& c : out.back().value)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
}

void find_postcodes(const std::string& s, std::vector<Entity>& out) {
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kPostcode); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    const auto b = static_cast<std::size_t>(m.position(2));
    const auto e = static_cast<std::size_t>(m.position(6) + m.length(6));
    const std::string letters = m.str(4) + m.str(6);
    if (!valid_postcode_letters(letters) || taken(out, b, e)) continue;
    // A dash, a comma or a space between the letters is also "sinds 2020 - nu" or "2019 - we
    // moved": such a postcode is written in capitals, or ends the message.
    const bool loose = m.length(3) > 1 || m.str(3) == "," || m.str(3) == "-" || m.length(5) > 0;
    if (loose &&
        !(std::isupper(static_cast<unsigned char>(letters[0])) &&
          std::isupper(static_cast<unsigned char>(letters[1]))) &&
        s.find_first_not_of(" \t\r\n.!?", e) != std::string::npos)
      continue;
    std::string value = m.str(2) + letters;
    for (auto& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out.push_back({EntityType::postcode, value, b, e});
    // "1234 AB 12a": the number right after a postcode is the house number.
    std::smatch n;
    std::string rest = s.substr(e);
    if (std::regex_search(rest, n, kHouseNumberAfterPostcode)) {
      std::string number = n.str(1) + n.str(2);
      for (auto& c : number) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back({EntityType::house_number, number, e + static_cast<std::size_t>(n.position(1)),
                     e + static_cast<std::size_t>(n.position(0) + n.length(0))});
    }
  }
}

void find_house_numbers(const std::string& s, std::vector<Entity>& out) {
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kHouseNumberWord);
       it != std::sregex_iterator(); ++it) {
    const auto b = static_cast<std::size_t>(it->position(1));
    const auto e = static_cast<std::size_t>(it->position(0) + it->length(0));
    if (taken(out, b, e)) continue;
    std::string number = it->str(1) + it->str(2);
    for (auto& c : number) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back({EntityType::house_number, number, b, e});
  }
}

void find_phones(const std::string& s, std::vector<Entity>& out) {
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kPhone); it != std::sregex_iterator();
       ++it) {
    const auto b = static_cast<std::size_t>(it->position(2));
    const auto e = b + static_cast<std::size_t>(it->length(2));
    if (taken(out, b, e)) continue;
    std::string number = it->str(2);
    // "+49 (0)151 ...": the trunk zero in brackets is not dialled from abroad.
    if (const auto trunk = number.find("(0)"); trunk != std::string::npos) number.erase(trunk, 3);
    std::string digits;
    for (char c : number)
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '+') digits += c;
    if (digits.rfind("00", 0) == 0) digits.replace(0, 2, "+");
    if (digits.rfind("+310", 0) == 0) digits = "+31" + digits.substr(4);  // +31 0 6 ...
    if (digits.rfind("0", 0) == 0) digits = "+31" + digits.substr(1);
    out.push_back({EntityType::phone, digits, b, e});
  }
}

void find_numeric_dates(const std::string& s, chr::year_month_day today, std::vector<Entity>& out) {
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kNumericDate);
       it != std::sregex_iterator(); ++it) {
    const auto b = static_cast<std::size_t>(it->position(2));
    const auto e = static_cast<std::size_t>(it->position(0) + it->length(0));
    if (taken(out, b, e)) continue;
    std::optional<int> year;
    if (it->length(4) > 0) {
      year = std::stoi(it->str(4));
      if (*year < 100) *year += 2000;
    }
    if (auto d = upcoming(std::stoi(it->str(2)), std::stoi(it->str(3)), year, today))
      out.push_back({EntityType::date, iso_date(*d), b, e});
  }
}

}  // namespace

std::string_view entity_type_name(EntityType type) {
  switch (type) {
    case EntityType::postcode:
      return "postcode";
    case EntityType::house_number:
      return "house_number";
    case EntityType::date:
      return "date";
    case EntityType::email:
      return "email";
    case EntityType::phone:
      return "phone";
  }
  return "";
}

std::optional<EntityType> parse_entity_type(std::string_view name) {
  for (auto t : {EntityType::postcode, EntityType::house_number, EntityType::date,
                 EntityType::email, EntityType::phone})
    if (entity_type_name(t) == name) return t;
  return std::nullopt;
}

std::vector<Entity> extract_entities(std::string_view text, chr::year_month_day today) {
  std::vector<Entity> out;
  if (text.size() > 4096) text = text.substr(0, 4096);  // regexes are not linear on long input
  // std::regex is slow: most messages have no digit and no '@', and then none of the patterns
  // below can match; only the word dates (morgen, dinsdag) are looked for.
  const bool digits =
      std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool at_sign = text.find('@') != std::string_view::npos;
  if (!digits && !at_sign) {
    find_word_dates(text, today, out);
    return out;
  }
  // Earlier patterns win where matches overlap, so the order of these calls matters.
  const std::string s(text);
  if (at_sign) find_emails(s, out);
  find_postcodes(s, out);
  find_house_numbers(s, out);
  find_phones(s, out);
  find_numeric_dates(s, today, out);
  std::vector<Entity> dates;
  find_word_dates(text, today, dates);
  for (auto& d : dates)
    if (!taken(out, d.begin, d.end)) out.push_back(std::move(d));
  std::sort(out.begin(), out.end(),
            [](const Entity& a, const Entity& b) { return a.begin < b.begin; });
  return out;
}

std::optional<Entity> find_entity(std::string_view text, EntityType type,
                                  chr::year_month_day today) {
  for (auto& e : extract_entities(text, today))
    if (e.type == type) return e;
  return std::nullopt;
}

chr::year_month_day local_today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return chr::year_month_day{chr::year{local.tm_year + 1900},
                             chr::month{static_cast<unsigned>(local.tm_mon + 1)},
                             chr::day{static_cast<unsigned>(local.tm_mday)}};
}

std::string iso_date(chr::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<std::string> normalise_postcode(std::string_view text) {
  static const std::regex kWholePostcode(
      R"(^\s*([1-9][0-9]{3})(?:\s*[-,]\s*|[ \t]{0,3})([A-Za-z])\.? ?([A-Za-z])\.?\s*$)");
  std::cmatch m;
  if (!std::regex_match(text.begin(), text.end(), m, kWholePostcode) ||
      !valid_postcode_letters(m.str(2) + m.str(3)))
    return std::nullopt;
  std::string out = m.str(1) + m.str(2) + m.str(3);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace loket::intents
