// The HTTP layer's route lookup: exact paths, prefixes, and the Allow list.
#include <gtest/gtest.h>

#include "server/http/route.h"

namespace loket::server {
namespace {

Route route(std::string_view path, bool prefix, std::string_view methods = "GET") {
  Route r;
  r.path = r.label = path;
  r.prefix = prefix;
  r.methods = methods;
  return r;
}

TEST(RouteLookup, ExactPathsMatchOnlyThemselves) {
  const RouteTable table({route("/", false), route("/healthz", false)});
  EXPECT_EQ("/", table.find("/")->path);
  EXPECT_EQ("/healthz", table.find("/healthz")->path);
  EXPECT_EQ(nullptr, table.find("/healthz/more"));
  EXPECT_EQ(nullptr, table.find("/nope")) << "'/' is a page, not every path";
}

TEST(RouteLookup, APrefixServesEveryPathUnderItInTableOrder) {
  const RouteTable table({route("/admin/v1/stats", false), route("/admin/v1/", true)});
  EXPECT_EQ("/admin/v1/stats", table.find("/admin/v1/stats")->path);
  EXPECT_EQ("/admin/v1/", table.find("/admin/v1/stat")->path);
  EXPECT_EQ("/admin/v1/", table.find("/admin/v1/")->path);
  EXPECT_EQ(nullptr, table.find("/admin/v1"));
  EXPECT_EQ(nullptr, table.find("/admin"));
}

TEST(RouteLookup, AllowsExactlyTheListedMethods) {
  const Route r = route("/x", false, "POST, DELETE, OPTIONS");
  EXPECT_TRUE(allows(r, "POST"));
  EXPECT_TRUE(allows(r, "DELETE"));
  EXPECT_TRUE(allows(r, "OPTIONS"));
  EXPECT_FALSE(allows(r, "GET"));
  EXPECT_FALSE(allows(r, "DEL"));
  EXPECT_FALSE(allows(route("/y", false, ""), "GET"));
}

}  // namespace
}  // namespace loket::server
