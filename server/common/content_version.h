// The identity of a content: a SHA-256 over its files' paths and bytes, so that instances that
// serve the same files show the same version, whoever loaded them from where. Pure function;
// safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"

namespace loket::server {

// 64 hex digits.
std::string content_digest(const config::ContentFiles& files);
// What /readyz and /metrics show: the digest's first 12 hex digits.
inline std::string_view short_version(std::string_view digest) {
  return digest.substr(0, 12);
}

}  // namespace loket::server
