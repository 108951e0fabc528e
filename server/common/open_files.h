// Whether the process may open as many files as its connections need: checked at start by
// `loket serve` and `loket dispatch`, raising the soft limit to the hard one where that helps.
// Call from the main thread before any I/O starts.
#pragma once

#include <cstddef>
#include <string_view>

namespace loket::server {

// True when `connections` file descriptors fit beside the process's own (database, content
// files, platforms) under the open-files limit, after raising it if needed; else logs what to
// change (`setting`, the configuration that asks for them) and returns false.
bool enough_open_files(std::size_t connections, std::string_view setting);

}  // namespace loket::server
