#include "server/common/staff_cache.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

TEST(StaffCache, RemembersACheckedTokenForItsTtlOnly) {
  StaffCache cache;
  const auto t0 = StaffCache::Clock::now();
  cache.put("hash-a", Staff{"anna", "editor"}, t0);
  auto found = cache.find("hash-a", t0 + std::chrono::seconds(1));
  ASSERT_TRUE(found);
  EXPECT_EQ("anna", found->name);
  EXPECT_EQ("editor", found->role);
  EXPECT_FALSE(cache.find("hash-a", t0 + StaffCache::kTtl + std::chrono::seconds(1)))
      << "a revoked token stops working within the TTL";
  EXPECT_FALSE(cache.find("hash-b", t0));
}

TEST(StaffCache, StaysWithinItsSize) {
  StaffCache cache;
  const auto t0 = StaffCache::Clock::now();
  for (std::size_t i = 0; i <= StaffCache::kMaxEntries; ++i)
    cache.put("hash-" + std::to_string(i), Staff{"n", "admin"}, t0);
  EXPECT_FALSE(cache.find("hash-0", t0)) << "full: started again";
  EXPECT_TRUE(cache.find("hash-" + std::to_string(StaffCache::kMaxEntries), t0));
}

}  // namespace
}  // namespace loket::server
