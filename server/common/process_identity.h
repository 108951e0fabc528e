// Who this process is, in the rows other instances read (published content, leases of platform
// rates): its host name and process id. Safe from any thread.
#pragma once

#include <string>

namespace loket::server {

std::string process_identity();  // "host:pid"

}  // namespace loket::server
