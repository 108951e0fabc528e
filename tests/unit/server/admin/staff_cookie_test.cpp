// The staff session cookie: found among the browser's other cookies, anything loket could not
// have made ignored, and given with the attributes that keep it from scripts and other sites.
#include <gtest/gtest.h>

#include "server/admin/staff_session.h"

namespace loket::server {
namespace {

Request with_header(http::field field, std::string value) {
  Request request{http::verb::get, "/admin/v1/stats", 11};
  request.set(field, value);
  return request;
}

TEST(StaffCookie, IsFoundAmongOtherCookies) {
  EXPECT_EQ("lks_abc-DEF_123",
            staff_cookie_of(with_header(http::field::cookie, "a=1; loket_staff=lks_abc-DEF_123")));
  EXPECT_EQ("lks_x", staff_cookie_of(with_header(http::field::cookie, "loket_staff=lks_x;b=2")));
  EXPECT_EQ("lks_y", staff_cookie_of(with_header(http::field::cookie,
                                                 "loket_staff=garbage; loket_staff=lks_y")));
}

TEST(StaffCookie, IgnoresWhatLoketCouldNotHaveMade) {
  EXPECT_EQ("", staff_cookie_of(Request{http::verb::get, "/admin", 11}));
  EXPECT_EQ("", staff_cookie_of(with_header(http::field::cookie, "loket_staff=")));
  EXPECT_EQ("", staff_cookie_of(with_header(http::field::cookie, "loket_staff=lkt_token")));
  EXPECT_EQ("", staff_cookie_of(with_header(http::field::cookie, "loket_staff=lks_a\"b")));
  EXPECT_EQ("", staff_cookie_of(with_header(http::field::cookie, "xloket_staff=lks_a")));
  EXPECT_EQ("", staff_cookie_of(
                    with_header(http::field::cookie, "loket_staff=lks_" + std::string(200, 'a'))));
  EXPECT_EQ("", staff_cookie_of(with_header(http::field::cookie, ";;;=;loket_staff")));
}

TEST(StaffCookie, IsHttpOnlyStrictAndSecureOverTls) {
  const Request plain{http::verb::post, "/admin/v1/session", 11};
  EXPECT_EQ("loket_staff=lks_v; Path=/admin; Max-Age=60; HttpOnly; SameSite=Strict",
            staff_cookie_header(plain, "", "lks_v", std::chrono::seconds(60)));
  Request forwarded{http::verb::post, "/admin/v1/session", 11};
  forwarded.set("X-Forwarded-Proto", "https");
  EXPECT_EQ("loket_staff=lks_v; Path=/admin; Max-Age=60; HttpOnly; SameSite=Strict; Secure",
            staff_cookie_header(forwarded, "", "lks_v", std::chrono::seconds(60)));
  EXPECT_NE(std::string::npos,
            staff_cookie_header(with_header(http::field::forwarded, "for=192.0.2.1;Proto=HTTPS"),
                                "", "", std::chrono::seconds(0))
                .find("Max-Age=0; HttpOnly; SameSite=Strict; Secure"));
}

TEST(StaffCookie, AHostedMunicipalitysCookieGoesToItsOwnPagesOnly) {
  const Request request{http::verb::post, "/admin/v1/session", 11};
  EXPECT_EQ("loket_staff=lks_v; Path=/m/zuiderdam/admin; Max-Age=60; HttpOnly; SameSite=Strict",
            staff_cookie_header(request, "/m/zuiderdam", "lks_v", std::chrono::seconds(60)));
}

TEST(StaffCookie, ASocketOpensFromTheSitesOwnPagesOnly) {
  Request request{http::verb::get, "/admin/v1/handoffs/ws", 11};
  request.set(http::field::host, "chat.noorderhaven.example");
  EXPECT_TRUE(from_own_origin(request)) << "no Origin: not a browser's cross-site request";
  request.set(http::field::origin, "https://chat.noorderhaven.example");
  EXPECT_TRUE(from_own_origin(request));
  request.set(http::field::origin, "https://evil.example");
  EXPECT_FALSE(from_own_origin(request));
  request.set(http::field::origin, "null");
  EXPECT_FALSE(from_own_origin(request));
  request.set("X-Forwarded-Host", "evil.example");
  request.set(http::field::origin, "https://evil.example");
  EXPECT_TRUE(from_own_origin(request)) << "behind a proxy that names the host it was asked for";
}

TEST(StaffCookie, AdminHasEveryRole) {
  EXPECT_EQ((std::vector<std::string>{"admin", "editor", "campaigns", "agent"}), roles_of("admin"));
  EXPECT_EQ(std::vector<std::string>{"campaigns"}, roles_of("campaigns"));
}

}  // namespace
}  // namespace loket::server
