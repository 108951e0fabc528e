#include "server/common/open_files.h"

#include <sys/resource.h>

#include <algorithm>
#include <string>

#include "server/common/log.h"

namespace loket::server {
namespace {

// Beside the connections, the database's connections, the platforms' and the content files
// are file descriptors too: with fewer than these, accept() fails under load and a reload
// cannot open its files.
constexpr rlim_t kFilesBesideConnections = 256;

}  // namespace

bool enough_open_files(std::size_t connections, std::string_view setting) {
  const rlim_t needed = static_cast<rlim_t>(connections) + kFilesBesideConnections;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return true;  // cannot tell: go on
  if (limit.rlim_cur >= needed) return true;
  rlimit raised = limit;
  raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? needed : std::min(needed, limit.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &raised) == 0 && raised.rlim_cur >= needed) {
    log::info("open files limit raised",
              {{"from", static_cast<unsigned long long>(limit.rlim_cur)},
               {"to", static_cast<unsigned long long>(raised.rlim_cur)}});
    return true;
  }
  log::error("too few open files", {{"for", setting},
                                    {"connections", connections},
                                    {"needed", static_cast<unsigned long long>(needed)},
                                    {"limit", static_cast<unsigned long long>(limit.rlim_max)},
                                    {"fix", "raise the limit (LimitNOFILE=, ulimit -n) or lower " +
                                                std::string(setting)}});
  return false;
}

}  // namespace loket::server
