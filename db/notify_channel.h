// LISTEN/NOTIFY channels belong to the whole database, while a hosted municipality's tables are
// in its own schema: a channel's name carries the schema (loket_content_loket_zuiderdam), so a
// NOTIFY wakes only the municipality whose data changed. The default schema keeps the plain
// names. Constants only; safe from any thread.
#pragma once

#include <string>

namespace loket::db {

// SQL for the scoped name of the channel given as $1, in the connection's own schema.
inline constexpr const char* kScopedChannel =
    "($1 || CASE WHEN current_schema() = 'public' THEN '' ELSE '_' || current_schema() END)";

// Announces payload $2 on channel $1.
inline const std::string kNotifyScoped =
    std::string("SELECT pg_notify(") + kScopedChannel + ", $2)";

}  // namespace loket::db
