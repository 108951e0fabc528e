// The database a server file names, read on its own when the configuration as a whole is
// refused (a content file with a mistake): the content the other instances published can then be
// served instead. Thread-safe (reads the file; no shared state).
#pragma once

#include <filesystem>
#include <string>

namespace loket::config {

// database.url in `server_file`; empty when the file does not name one or does not read as YAML.
std::string database_url_in_file(const std::filesystem::path& server_file);

}  // namespace loket::config
