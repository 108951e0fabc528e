// Reads a lookup table (CSV, RFC 4180: comma-separated, optional double quotes, a header row)
// that answers draw values from. Internal to config/. Pure function; thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace loket::config {

// A table is read whole; no table may be larger.
inline constexpr std::size_t kMaxTableBytes = 8 * 1024 * 1024;

// The table in `data` (the bytes of `file`). On failure, adds a diagnostic pointing into the
// table and returns nullopt.
std::optional<LookupTable> read_lookup_table(const std::filesystem::path& file, std::string data,
                                             std::vector<Diagnostic>& errors);

}  // namespace loket::config
