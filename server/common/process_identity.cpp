#include "server/common/process_identity.h"

#include <unistd.h>

namespace loket::server {

std::string process_identity() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace loket::server
