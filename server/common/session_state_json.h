// A conversation's state as compact JSON text, the form it is kept in the database. Reading
// ignores fields it does not know and defaults the ones missing, so instances of two versions
// (a rolling upgrade) continue each other's conversations. Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "intents/dialogue/session_store.h"

namespace loket::server {

std::string write_session_state(const dialogue::SessionState& state);
// A fresh state when `text` is not a state (damaged, or from a far newer version).
dialogue::SessionState read_session_state(std::string_view text);

}  // namespace loket::server
