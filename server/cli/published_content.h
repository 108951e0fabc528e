// At start, when this instance's own content files are refused: the newest content the
// instances sharing its database published, served instead, so that a mistake in a ConfigMap
// does not keep every restarted instance down while a good version is at hand. Blocking (one
// database connection): call before serving. Thread-safe (no shared state).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "config/config.h"

namespace loket::server {

struct PublishedContent {
  std::optional<config::Config> config;  // set when the newest published content loads here
  config::ContentFiles files;            // what it was loaded from
  std::string why_not;                   // when `config` is unset: what a person can act on
};

// The newest content published in the database at `url`, loaded as if its files were beside
// `server_file`, under `server_file` as it is on this instance's disk (its settings are its own).
PublishedContent newest_published_content(const std::filesystem::path& server_file,
                                          const std::string& url);

}  // namespace loket::server
