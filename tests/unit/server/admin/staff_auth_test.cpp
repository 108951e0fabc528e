// Who holds a staff token: the admin token from the environment, a database token (looked up
// only when the database is ready), or nobody.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "db/database.h"
#include "db/staff_store.h"
#include "server/admin/admin.h"

namespace loket::server {
namespace {

class StaffAuthTest : public ::testing::Test {
 protected:
  Refusable<Staff> authenticate(std::string authorization) {
    asio::io_context io;
    auto done = asio::co_spawn(
        io, authenticate_staff(std::move(authorization), admin_token_, cache_, notifications_),
        asio::use_future);
    io.run();
    return done.get();
  }
  // The refusal's status; 0 when accepted.
  unsigned refused(std::string authorization) {
    const auto staff = authenticate(std::move(authorization));
    return staff ? 0 : staff.error().status;
  }

  Notifications notifications_;
  StaffCache cache_;
  std::string admin_token_ = "the-admin-token-0123456789";
};

TEST_F(StaffAuthTest, TheAdminTokenIsAnAdmin) {
  const auto staff = authenticate("Bearer the-admin-token-0123456789");
  ASSERT_TRUE(staff);
  EXPECT_EQ("admin", staff->role);
  EXPECT_EQ("LOKET_ADMIN_TOKEN", staff->name);
}

TEST_F(StaffAuthTest, AnythingElseIsNobody) {
  EXPECT_EQ(401u, refused(""));
  EXPECT_EQ(401u, refused("the-admin-token-0123456789")) << "without 'Bearer '";
  EXPECT_EQ(401u, refused("Bearer the-admin-token-012345678"));
  EXPECT_EQ(401u, refused("Basic the-admin-token-0123456789"));
  EXPECT_EQ(401u, refused("Bearer lkt_" + std::string(200, 'a'))) << "too long to look up";
}

TEST_F(StaffAuthTest, ADatabaseTokenWithoutADatabaseIsNobody) {
  EXPECT_EQ(401u, refused("Bearer lkt_0123456789abcdef"));
}

TEST_F(StaffAuthTest, ADatabaseTokenWhileTheDatabaseIsAwayIsNotRefusedAsRevoked) {
  // Configured (its connections are opened only when used) but not ready: no dispatcher.
  db::Database away("postgresql:///loket_unit_test_never_opened", 1);
  notifications_.database = &away;
  const auto staff = authenticate("Bearer lkt_0123456789abcdef");
  notifications_.database = nullptr;
  ASSERT_FALSE(staff);
  EXPECT_EQ(503u, staff.error().status) << staff.error().message;
}

TEST_F(StaffAuthTest, ARecentlyCheckedDatabaseTokenComesFromTheCache) {
  const std::string token = "lkt_0123456789abcdef";
  cache_.put(db::token_hash(token), Staff{"anna", "editor"});
  const auto staff = authenticate("Bearer " + token);
  ASSERT_TRUE(staff);
  EXPECT_EQ("anna", staff->name);
  EXPECT_EQ("editor", staff->role);
  EXPECT_FALSE(authenticate("Bearer lkt_0123456789abcdeX"));
}

TEST_F(StaffAuthTest, NoAdminTokenConfiguredMeansNoneMatches) {
  admin_token_.clear();
  EXPECT_EQ(401u, refused("Bearer "));
  EXPECT_EQ(401u, refused("Bearer x"));
}

}  // namespace
}  // namespace loket::server
