// LISTEN/NOTIFY channels belong to the whole database, while a hosted municipality's tables are
// in its own schema: a channel's name carries the schema (loket_content_loket_zuiderdam), so a
// NOTIFY wakes only the municipality whose data changed. A plain loket.yaml's connections keep
// the plain names, whatever their schema. At most 63 bytes: "loket_deliveries" (16), '_' and a
// schema of at most 46 (kMaxIdLength 40 + "loket_"). Constants only; safe from any thread.
#pragma once

#include <string>

namespace loket::db {

// SQL for the scoped name of the channel given as $1: with the hosted municipality's schema
// (kTenantSetting, set on its connections), plain without one.
inline constexpr const char* kScopedChannel =
    "($1 || coalesce('_' || nullif(current_setting('loket.tenant', true), ''), ''))";

// Announces payload $2 on channel $1.
inline const std::string kNotifyScoped =
    std::string("SELECT pg_notify(") + kScopedChannel + ", $2)";

}  // namespace loket::db
