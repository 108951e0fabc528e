// The route table: one list of paths, each with its own metrics label, methods and role.
#include "server/route_table.h"

#include <gtest/gtest.h>

#include <set>

namespace loket::server {
namespace {

TEST(RouteTable, EveryPathHasItsOwnLabel) {
  for (const char* path :
       {"/api/v1/chat", "/api/v1/chat/ws", "/api/v1/topics", "/api/v1/webpush/key",
        "/api/v1/webpush/subscriptions", "/healthz", "/readyz", "/metrics", "/webhooks/telegram",
        "/webhooks/meta", "/webhooks/x", "/admin/v1/stats", "/admin/v1/config:reload",
        "/admin/v1/contacts", "/admin/v1/contacts:import", "/admin/v1/notifications"}) {
    const Route* route = find_route(path);
    ASSERT_NE(nullptr, route) << path;
    EXPECT_EQ(path, route->label);
    EXPECT_EQ(path, route_label(path));
  }
}

TEST(RouteTable, IdsShareOneLabelAndUnknownPathsAreOther) {
  EXPECT_EQ("/admin/v1/contacts/{id}", route_label("/admin/v1/contacts/17"));
  EXPECT_EQ("/admin/v1/notifications/{id}", route_label("/admin/v1/notifications/3:cancel"));
  EXPECT_EQ("/admin/v1/other", route_label("/admin/v1/nope"));
  EXPECT_EQ("other", route_label("/nope"));
  EXPECT_EQ("other", route_label("/webhooks/nope"));
  EXPECT_EQ("/widget.js", route_label("/widget.js")) << "web assets by their own path";
  EXPECT_EQ("/admin/dashboard.js", route_label("/admin/dashboard.js"));
  EXPECT_EQ(nullptr, find_route("/admin/dashboard.js")) << "the dashboard needs no token";
}

TEST(RouteTable, StaffRoutesNameTheirRoleAndTheImportItsLargerBody) {
  EXPECT_EQ("editor", find_route("/admin/v1/stats")->role);
  EXPECT_EQ("campaigns", find_route("/admin/v1/notifications/1")->role);
  EXPECT_EQ("admin", find_route("/admin/v1/contacts")->role);
  EXPECT_TRUE(find_route("/admin/v1/contacts:import")->large_body);
  EXPECT_FALSE(find_route("/admin/v1/contacts")->large_body);
  EXPECT_TRUE(find_route("/api/v1/chat")->role.empty());
  EXPECT_TRUE(find_route("/api/v1/chat/ws")->websocket);
}

TEST(RouteTable, AllowsExactlyTheListedMethods) {
  const Route& chat = *find_route("/api/v1/chat");
  EXPECT_TRUE(allows(chat, "POST"));
  EXPECT_TRUE(allows(chat, "OPTIONS"));
  EXPECT_FALSE(allows(chat, "GET"));
  EXPECT_FALSE(allows(chat, "POS"));
  EXPECT_TRUE(allows(*find_route("/healthz"), "HEAD"));
}

}  // namespace
}  // namespace loket::server
