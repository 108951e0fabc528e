// `loket content show` and check-config's origins: an intent as residents get it once shared
// content and local overrides are layered, with the file:line each part comes from.
// Plain functions over an immutable Config.
#pragma once

#include <ostream>
#include <string_view>

#include "config/config.h"

namespace loket::server {

// The effective intent as YAML, each part preceded by a comment naming where it was written.
// False (nothing printed) when the content has no intent `id`.
bool print_effective_intent(const config::Config& config, std::string_view id, std::ostream& out);

// One line per intent: where it is defined and which overrides changed what. Only for content
// in more than one layer; prints nothing otherwise.
void print_intent_origins(const config::Config& config, std::ostream& out);

}  // namespace loket::server
