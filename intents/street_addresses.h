// Internal to intents/: where a message names a home by its street ("Kerkstraat 5",
// "Burgemeester de Withstraat 12a, 9701 AB Noorderhaven", "Hauptstraße 5", "12 Baker Street"),
// for redaction. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace loket::intents {

// Byte spans [begin, end) of `text` (NFKC UTF-8), each a street name with its house number, and
// the postcode and place when they follow.
std::vector<std::pair<std::size_t, std::size_t>> find_street_addresses(const std::string& text);

}  // namespace loket::intents
