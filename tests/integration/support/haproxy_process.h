// Test support: Debian's HAProxy in front of loket instances on loopback ports, run with the
// shipped deploy/haproxy/haproxy.cfg (its bind address and servers replaced, a stats page and an
// X-Served-By header added). One per test; not shared between threads.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace loket::testing {

class HAProxyProcess {
 public:
  // Where the haproxy binary is missing, tests skip.
  static bool available();

  explicit HAProxyProcess(const std::vector<unsigned short>& backends);
  ~HAProxyProcess();

  unsigned short port() const { return port_; }
  // How many servers HAProxy's health checks have up now.
  std::size_t servers_up() const;
  std::string log() const;

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  unsigned short port_ = 0, stats_port_ = 0;
};

// A loopback port nobody listens on now.
unsigned short free_port();

}  // namespace loket::testing
