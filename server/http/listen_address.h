// Where an HTTP listener binds: the server's address, or the dispatcher's probes. A plain value.
#pragma once

#include <cstdint>
#include <string>

namespace loket::server {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;  // 0: any free port (logged as event=listening)
};

}  // namespace loket::server
