// The databases of the municipalities one process serves. Hosted municipalities on one database
// (with_schema() URLs) share one pool of connections, as large as the largest any of them asks
// for, instead of each keeping its own: thirty municipalities do not need thirty pools. Made
// once at start; not thread-safe, but the databases it returns are.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db/database.h"

namespace loket::db {

class DatabasePools {
 public:
  struct Wanted {
    std::string url;  // empty: no database
    std::size_t pool_size = 1;
    std::size_t pinned = 0;
    std::chrono::seconds statement_timeout{30};
  };

  // One database for each of `wanted`, in order (null for an empty URL); a shared pool lives
  // while any of its municipalities' does. Call once, with every municipality.
  std::vector<std::unique_ptr<Database>> open(const std::vector<Wanted>& wanted);

 private:
  std::map<std::string, std::shared_ptr<Database>> shared_;  // by without_schema()
};

}  // namespace loket::db
