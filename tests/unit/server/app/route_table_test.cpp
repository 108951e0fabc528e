// The route table `loket serve` builds: one list of paths, each with its own metrics label,
// methods and role, and the web assets among them.
#include <gtest/gtest.h>

#include <memory>

#include "config/config.h"
#include "server/app/server_state.h"

namespace loket::server {
namespace {

class RouteTableTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = config::load_config(LOKET_EXAMPLE_CONFIG);
    ASSERT_TRUE(loaded.config);
    content_ = new ContentHolder(std::make_shared<dialogue::Dialogue>(std::move(*loaded.config)),
                                 LOKET_EXAMPLE_CONFIG, std::move(loaded.files));
    process_ = new ProcessParts(1, 16);
    state_ = new ServerState(*content_, *process_);
    routes_ = new RouteTable(make_route_table(*state_));
  }
  static void TearDownTestSuite() {
    delete routes_;
    delete state_;
    delete process_;
    delete content_;
  }

  static const Route* find(std::string_view path) { return routes_->find(path); }
  // What /metrics calls a request for `path`.
  static std::string_view label(std::string_view path) {
    const Route* route = find(path);
    return route != nullptr ? route->label : "other";
  }

  static inline ContentHolder* content_ = nullptr;
  static inline ProcessParts* process_ = nullptr;
  static inline ServerState* state_ = nullptr;
  static inline RouteTable* routes_ = nullptr;
};

TEST_F(RouteTableTest, EveryPathHasItsOwnLabel) {
  for (const char* path :
       {"/api/v1/chat", "/api/v1/chat/ws", "/api/v1/topics", "/api/v1/webpush/key",
        "/api/v1/webpush/subscriptions", "/healthz", "/readyz", "/metrics", "/webhooks/telegram",
        "/webhooks/meta", "/webhooks/x", "/admin/v1/stats", "/admin/v1/config:reload",
        "/admin/v1/contacts", "/admin/v1/contacts:import", "/admin/v1/notifications"}) {
    const Route* route = find(path);
    ASSERT_NE(nullptr, route) << path;
    EXPECT_EQ(path, route->label);
    EXPECT_TRUE(route->handler) << path;
  }
}

TEST_F(RouteTableTest, IdsShareOneLabelAndUnknownPathsAreOther) {
  EXPECT_EQ("/admin/v1/contacts/{id}", label("/admin/v1/contacts/17"));
  EXPECT_EQ("/admin/v1/notifications/{id}", label("/admin/v1/notifications/3:cancel"));
  EXPECT_EQ("/admin/v1/other", label("/admin/v1/nope"));
  EXPECT_EQ("other", label("/nope"));
  EXPECT_EQ("other", label("/webhooks/nope"));
}

TEST_F(RouteTableTest, WebAssetsAreRoutesByTheirOwnPathWithoutAToken) {
  for (const char* path : {"/", "/widget.js", "/admin", "/admin/dashboard.js", "/sw.js"}) {
    const Route* route = find(path);
    ASSERT_NE(nullptr, route) << path;
    EXPECT_EQ(path, route->label);
    EXPECT_EQ("GET, HEAD", route->methods);
    EXPECT_TRUE(route->role.empty()) << path << ": the page needs no token, its API does";
  }
}

TEST_F(RouteTableTest, StaffRoutesNameTheirRoleAndTheImportItsLargerBody) {
  EXPECT_EQ("editor", find("/admin/v1/stats")->role);
  EXPECT_EQ("campaigns", find("/admin/v1/notifications/1")->role);
  EXPECT_EQ("admin", find("/admin/v1/contacts")->role);
  EXPECT_TRUE(find("/admin/v1/contacts:import")->large_body);
  EXPECT_FALSE(find("/admin/v1/contacts")->large_body);
  EXPECT_TRUE(find("/api/v1/chat")->role.empty());
}

TEST_F(RouteTableTest, OnlyTheChatSocketUpgrades) {
  EXPECT_TRUE(find("/api/v1/chat/ws")->upgrade);
  EXPECT_FALSE(find("/api/v1/chat")->upgrade);
  EXPECT_FALSE(find("/admin/v1/stats")->upgrade);
}

TEST_F(RouteTableTest, AllowsExactlyTheListedMethods) {
  const Route& chat = *find("/api/v1/chat");
  EXPECT_TRUE(allows(chat, "POST"));
  EXPECT_TRUE(allows(chat, "OPTIONS"));
  EXPECT_FALSE(allows(chat, "GET"));
  EXPECT_FALSE(allows(chat, "POS"));
  EXPECT_TRUE(allows(*find("/healthz"), "HEAD"));
}

}  // namespace
}  // namespace loket::server
