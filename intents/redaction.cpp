#include "intents/redaction.h"

#include <algorithm>
#include <chrono>
#include <regex>

#include <phonenumbers/phonenumberutil.h>

#include "intents/entities.h"
#include "intents/street_addresses.h"
#include "intents/text_normalizer.h"

namespace loket::intents {
namespace {

// Nine digits in a row, or written in groups as people do (111 222 333, 111-222-333,
// 111.222.333, 1112.22.333: one kind of separator throughout).
const std::regex kNineDigits(
    R"((^|[^0-9])([0-9]{9}|[0-9]{3}([ .-])[0-9]{3}\3[0-9]{3}|[0-9]{4}([ .-])[0-9]{2}\4[0-9]{3})(?![0-9]))");

std::string digits_of(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c >= '0' && c <= '9') out += c;
  return out;
}
const std::regex kIban(
    R"(\b([A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?)\b)");

// A run of digits with the separators people write numbers with, starting with a digit or "+",
// holding 7-15 digits (the shortest national numbers of the programme's countries have 7 or 8,
// ITU's longest 15), not inside a word. Only these go to libphonenumber, which is slow (about
// 13 microseconds per parse), so a message without one costs nothing more.
std::vector<std::pair<std::size_t, std::size_t>> phone_candidates(const std::string& text) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto is_word = [&](char c) {
    return is_digit(c) || std::isalpha(static_cast<unsigned char>(c)) != 0;
  };
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!(is_digit(c) || c == '+') || (i > 0 && is_word(text[i - 1]))) {
      ++i;
      continue;
    }
    int digits = 0, separators_in_a_row = 0;
    std::size_t end = i, j = c == '+' ? i + 1 : i;
    for (; j < text.size() && separators_in_a_row <= 2; ++j) {
      if (is_digit(text[j])) {
        ++digits;
        end = j + 1;
        separators_in_a_row = 0;
      } else if (std::string_view(" -./()").find(text[j]) != std::string_view::npos) {
        ++separators_in_a_row;
      } else {
        break;
      }
    }
    if (digits >= 7 && digits <= 15 && (end == text.size() || !is_word(text[end])))
      out.emplace_back(i, end);
    i = std::max(end, i + 1);
  }
  return out;
}

bool covered(const std::vector<std::pair<std::size_t, std::size_t>>& spans, std::size_t begin,
             std::size_t end) {
  return std::any_of(spans.begin(), spans.end(),
                     [&](const auto& s) { return s.first < end && begin < s.second; });
}

// Numbers with a country code ("+49 30 ...", "0049 30 ...") from anywhere; without one, in the
// national format of the programme's countries: with the trunk prefix 0 (the Netherlands,
// Germany, Belgium, Sweden, the United Kingdom), or eight digits (Denmark, Norway).
bool is_phone_number(const std::string& candidate) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto& util = *PhoneNumberUtil::GetInstance();
  auto valid_in = [&](const char* region) {
    PhoneNumber number;
    return util.Parse(candidate, region, &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
           util.IsValidNumber(number);
  };
  // All of these countries dial abroad with 00.
  if (candidate.starts_with('+') || candidate.starts_with("00")) return valid_in("NL");
  if (candidate.starts_with('0')) {
    for (const char* region : {"NL", "DE", "BE", "SE", "GB"})
      if (valid_in(region)) return true;
    return false;
  }
  const auto digits = std::count_if(candidate.begin(), candidate.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
  return digits == 8 && (valid_in("DK") || valid_in("NO"));
}

void find_international_phones(const std::string& text,
                               std::vector<std::pair<std::size_t, std::size_t>>& spans,
                               std::vector<std::string>& labels) {
  for (const auto& [begin, end] : phone_candidates(text)) {
    if (covered(spans, begin, end)) continue;  // already a BSN, an IBAN or a Dutch number
    if (is_phone_number(text.substr(begin, end - begin))) {
      spans.emplace_back(begin, end);
      labels.emplace_back("[TELEFOON]");
    }
  }
}

void replace_spans(std::string& text, const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                   const std::vector<std::string>& labels) {
  // Of overlapping spans the one that starts first (and then the longest) wins: an IBAN, not
  // the phone-number-like digits inside it.
  std::vector<std::size_t> order(spans.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    return spans[a].first != spans[b].first ? spans[a].first < spans[b].first
                                            : spans[a].second > spans[b].second;
  });
  std::vector<std::size_t> kept;
  std::size_t end = 0;
  for (auto i : order) {
    if (!kept.empty() && spans[i].first < end) continue;
    kept.push_back(i);
    end = spans[i].second;
  }
  // Right to left, so earlier offsets stay valid.
  for (auto it = kept.rbegin(); it != kept.rend(); ++it)
    text.replace(spans[*it].first, spans[*it].second - spans[*it].first, labels[*it]);
}

}  // namespace

bool is_valid_bsn(std::string_view d) {
  if (d.size() != 9 || !std::all_of(d.begin(), d.end(), ::isdigit)) return false;
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (9 - i) * (d[static_cast<std::size_t>(i)] - '0');
  sum -= d[8] - '0';
  return sum % 11 == 0 && d != "000000000";
}

bool is_valid_iban(std::string_view iban) {
  std::string s;
  for (char c : iban)
    if (c != ' ') s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.size() < 15 || s.size() > 34) return false;
  std::string moved = s.substr(4) + s.substr(0, 4);
  int remainder = 0;
  for (char c : moved) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      const int v = c - 'A' + 10;
      remainder = (remainder * 100 + v) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

std::string redact_personal_data(std::string_view input) {
  // Normalised first: full-width digits are digits, so "１１１２２２３３３" is a BSN too.
  std::string text = normalize_unicode(input.substr(0, 4096));
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::vector<std::string> labels;
  // An IBAN and a BSN both hold digits: most questions have none, and std::regex is slow
  // (these two scans were 3 % of the chat's time when every question was logged).
  const bool digits =
      std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  for (auto it = digits ? std::sregex_iterator(text.begin(), text.end(), kIban)
                        : std::sregex_iterator();
       it != std::sregex_iterator(); ++it)
    if (is_valid_iban(it->str(1))) {
      spans.emplace_back(static_cast<std::size_t>(it->position(1)),
                         static_cast<std::size_t>(it->position(1) + it->length(1)));
      labels.emplace_back("[IBAN]");
    }
  for (auto it = digits ? std::sregex_iterator(text.begin(), text.end(), kNineDigits)
                        : std::sregex_iterator();
       it != std::sregex_iterator(); ++it)
    if (is_valid_bsn(digits_of(it->str(2)))) {
      spans.emplace_back(static_cast<std::size_t>(it->position(2)),
                         static_cast<std::size_t>(it->position(2) + it->length(2)));
      labels.emplace_back("[BSN]");
    }
  // The date does not matter for these kinds.
  const std::chrono::year_month_day any{std::chrono::year{2026}, std::chrono::January,
                                        std::chrono::day{1}};
  auto entities = extract_entities(text, any);
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const auto& e = entities[i];
    if (e.type == EntityType::email) {
      spans.emplace_back(e.begin, e.end);
      labels.emplace_back("[E-MAIL]");
    } else if (e.type == EntityType::phone) {
      spans.emplace_back(e.begin, e.end);
      labels.emplace_back("[TELEFOON]");
    } else if (e.type == EntityType::postcode && i + 1 < entities.size() &&
               entities[i + 1].type == EntityType::house_number) {
      // A postcode alone is a district; with a house number it is a home.
      spans.emplace_back(e.begin, entities[i + 1].end);
      labels.emplace_back("[ADRES]");
    }
  }
  // A street and house number name a home as much as a postcode and house number do.
  for (const auto& span : find_street_addresses(text)) {
    spans.push_back(span);
    labels.emplace_back("[ADRES]");
  }
  find_international_phones(text, spans, labels);
  replace_spans(text, spans, labels);
  return text;
}

}  // namespace loket::intents
