// A hosting file: one process serving several municipalities, each with its own loket.yaml,
// chosen by the request's Host or a /m/{id}/ path prefix. Reading it is a pure function of the
// file; safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace loket::config {

struct HostedMunicipality {
  std::string id;                  // [a-z0-9-], at most 40: in paths, metrics and schema names
  std::vector<std::string> hosts;  // lower case, without port
  std::filesystem::path config;    // its loket.yaml, resolved against the hosting file's folder
};

struct Hosting {
  std::string listen_host = "0.0.0.0";
  std::uint16_t listen_port = 8080;
  // In the file's order: the first answers requests whose host no municipality names.
  std::vector<HostedMunicipality> municipalities;
};

struct HostingResult {
  std::optional<Hosting> hosting;  // set only when there are no errors
  std::vector<Diagnostic> errors;
};

inline constexpr std::size_t kMaxMunicipalities = 500;

// Whether `file` is a hosting file (a mapping with `municipalities:`) rather than a
// municipality's own loket.yaml. False when it cannot be read: load_config then says why.
bool is_hosting_file(const std::filesystem::path& file);

HostingResult load_hosting(const std::filesystem::path& file);

// Whether `id` may name a municipality: lower-case letters, digits and '-', at most 40.
bool is_municipality_id(const std::string& id);

// The PostgreSQL schema that keeps a hosted municipality's data apart from the others'.
std::string schema_of(const std::string& municipality_id);

}  // namespace loket::config
