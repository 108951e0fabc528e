// Finds the entities residents mention in chat messages: Dutch postcodes (1234 AB), house
// numbers, dates and relative days (morgen, volgende week dinsdag, 12 maart, tomorrow), e-mail
// addresses and phone numbers, each with a normalised value. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loket::intents {

enum class EntityType { postcode, house_number, date, email, phone };

struct Entity {
  EntityType type;
  std::string value;  // normalised: "1234AB", "12a", "2026-11-28", "a@b.nl", "+31612345678"
  std::size_t begin = 0, end = 0;  // byte span in the message
};

std::string_view entity_type_name(EntityType type);
std::optional<EntityType> parse_entity_type(std::string_view name);

// `today` anchors relative days ("morgen" is today + 1).
std::vector<Entity> extract_entities(std::string_view text, std::chrono::year_month_day today);

// The municipality's calendar day: the server's local time zone (set TZ to Europe/Amsterdam).
std::chrono::year_month_day local_today();
// "2026-11-28".
std::string iso_date(std::chrono::year_month_day d);
// `text` as a whole is one postcode ("1234 ab " -> "1234AB"); nullopt when it is not.
std::optional<std::string> normalise_postcode(std::string_view text);

// The first entity of `type` in `text`, if any.
std::optional<Entity> find_entity(std::string_view text, EntityType type,
                                  std::chrono::year_month_day today);

}  // namespace loket::intents
