// Removes personal data from a resident's message before it is stored: Dutch BSN numbers that pass
// the 11-test (also written in groups: 111 222 333, 111-222-333, 1112.22.333), IBANs that pass
// mod-97, e-mail addresses, phone numbers (Dutch ones, and any with a country code or in the
// national format of the programme's countries, checked by libphonenumber), postcodes with a
// house number, and street addresses (a street and house number, with the postcode and place
// after it). Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace loket::intents {

// "mijn bsn is 111222333" -> "mijn bsn is [BSN]"
std::string redact_personal_data(std::string_view text);

bool is_valid_bsn(std::string_view digits);  // 9 digits, 11-test
bool is_valid_iban(std::string_view iban);   // without spaces, mod-97

}  // namespace loket::intents
