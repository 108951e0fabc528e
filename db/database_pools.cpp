#include "db/database_pools.h"

namespace loket::db {

std::vector<std::unique_ptr<Database>> DatabasePools::open(const std::vector<Wanted>& wanted) {
  std::map<std::string, const Wanted*> largest;
  for (const auto& w : wanted) {
    if (w.url.empty() || schema_in(w.url).empty()) continue;
    auto& l = largest[without_schema(w.url)];
    if (l == nullptr || w.pool_size > l->pool_size) l = &w;
  }
  for (const auto& [url, w] : largest)
    shared_.emplace(url, std::make_shared<Database>(url, w->pool_size, 0, w->statement_timeout));
  std::vector<std::unique_ptr<Database>> out;
  for (const auto& w : wanted) {
    if (w.url.empty())
      out.push_back(nullptr);
    else if (const auto it = shared_.find(without_schema(w.url)); it != shared_.end())
      out.push_back(std::make_unique<Database>(it->second, w.url, w.pinned, w.statement_timeout));
    else
      out.push_back(std::make_unique<Database>(w.url, w.pool_size, w.pinned, w.statement_timeout));
  }
  return out;
}

}  // namespace loket::db
