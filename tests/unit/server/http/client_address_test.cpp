// Who a request is from: the peer, unless the peer is a trusted proxy naming the client.
#include "server/http/client_address.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

asio::ip::address ip(const char* text) {
  return asio::ip::make_address(text);
}

Request with(http::field field, const char* value) {
  Request r{http::verb::post, "/api/v1/chat", 11};
  r.set(field, value);
  return r;
}

Request with_xff(const char* value) {
  Request r{http::verb::post, "/api/v1/chat", 11};
  r.set("X-Forwarded-For", value);
  return r;
}

TEST(TrustedProxies, TrustsTheConfiguredRangesOnly) {
  const TrustedProxies proxies({"10.0.0.0/8", "192.0.2.7", "2001:db8::/32"});
  EXPECT_TRUE(proxies.trusts(ip("10.1.2.3")));
  EXPECT_TRUE(proxies.trusts(ip("192.0.2.7")));
  EXPECT_FALSE(proxies.trusts(ip("192.0.2.8")));
  EXPECT_TRUE(proxies.trusts(ip("2001:db8:1::5")));
  EXPECT_FALSE(proxies.trusts(ip("2001:db9::5")));
  EXPECT_FALSE(proxies.trusts(ip("11.0.0.1")));
  EXPECT_TRUE(TrustedProxies({}).empty());
}

TEST(TrustedProxies, AnUntrustedPeerIsTheClientWhateverItSays) {
  const TrustedProxies proxies({"10.0.0.0/8"});
  EXPECT_EQ("203.0.113.9", proxies.client_of(ip("203.0.113.9"), with_xff("198.51.100.1")));
}

TEST(TrustedProxies, TheRightmostAddressNotOfOurProxiesIsTheClient) {
  const TrustedProxies proxies({"10.0.0.0/8"});
  // The client forged the first entry; its real address is what our proxy appended.
  EXPECT_EQ("198.51.100.7",
            proxies.client_of(ip("10.0.0.2"), with_xff("1.2.3.4, 198.51.100.7, 10.0.0.5")));
  EXPECT_EQ("198.51.100.7", proxies.client_of(ip("10.0.0.2"), with_xff("198.51.100.7")));
  EXPECT_EQ("10.0.0.9", proxies.client_of(ip("10.0.0.2"), with_xff("10.0.0.9, 10.0.0.5")))
      << "every hop ours: the first is the client";
}

TEST(TrustedProxies, EveryLineOfTheHeaderCountsInOrder) {
  // HAProxy's "option forwardfor" adds a line of its own after the one the client sent.
  const TrustedProxies proxies({"127.0.0.1"});
  Request r{http::verb::post, "/api/v1/chat", 11};
  r.insert("X-Forwarded-For", "6.6.6.7");
  r.insert("X-Forwarded-For", "203.0.113.10");
  EXPECT_EQ("203.0.113.10", proxies.client_of(ip("127.0.0.1"), r));
}

TEST(TrustedProxies, OnlyTheHeaderTheProxiesAppendToIsRead) {
  // A proxy that appends to X-Forwarded-For passes a client's own Forwarded on unread.
  const TrustedProxies xff({"127.0.0.1"});
  Request r{http::verb::post, "/api/v1/chat", 11};
  r.set(http::field::forwarded, "for=7.7.7.7");
  r.set("X-Forwarded-For", "203.0.113.10");
  EXPECT_EQ("203.0.113.10", xff.client_of(ip("127.0.0.1"), r));
  EXPECT_EQ("127.0.0.1",
            xff.client_of(ip("127.0.0.1"), with(http::field::forwarded, "for=7.7.7.7")));
  // And the other way round.
  const TrustedProxies forwarded({"127.0.0.1"}, "forwarded");
  r.set(http::field::forwarded, "for=7.7.7.7, for=203.0.113.11");
  r.set("X-Forwarded-For", "6.6.6.6");
  EXPECT_EQ("203.0.113.11", forwarded.client_of(ip("127.0.0.1"), r));
}

TEST(TrustedProxies, ReadsForwardedWithPortsAndIpv6) {
  const TrustedProxies proxies({"127.0.0.1"}, "forwarded");
  EXPECT_EQ("2001:db8:cafe::17",
            proxies.client_of(ip("127.0.0.1"),
                              with(http::field::forwarded, R"(for="[2001:db8:cafe::17]:4711")")));
  EXPECT_EQ("192.0.2.60",
            proxies.client_of(ip("127.0.0.1"),
                              with(http::field::forwarded, "for=192.0.2.60:8080;proto=http;by=x")));
  EXPECT_EQ(
      "198.51.100.17",
      proxies.client_of(ip("127.0.0.1"), with(http::field::forwarded,
                                              "For=192.0.2.43, for=198.51.100.17, for=127.0.0.1")))
      << "the rightmost address that is not ours";
}

TEST(TrustedProxies, AnEntryNamingNobodyDoesNotHideTheHopsToItsRight) {
  const TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8"});
  // nginx appends to an empty header the client sent: ", 203.0.113.10".
  EXPECT_EQ("203.0.113.10", proxies.client_of(ip("127.0.0.1"), with_xff(", 203.0.113.10")));
  EXPECT_EQ("203.0.113.10",
            proxies.client_of(ip("127.0.0.1"), with_xff("garbage, unknown, 203.0.113.10")));
  // Left of an entry naming nobody, no proxy of ours vouched: the last hop that is ours.
  EXPECT_EQ("10.0.0.5", proxies.client_of(ip("127.0.0.1"), with_xff("198.51.100.1, x, 10.0.0.5")));
}

TEST(TrustedProxies, AnUnreadableHeaderLeavesThePeer) {
  const TrustedProxies proxies({"127.0.0.1"});
  EXPECT_EQ("127.0.0.1", proxies.client_of(ip("127.0.0.1"), with_xff("not an address")));
  EXPECT_EQ("127.0.0.1",
            TrustedProxies({"127.0.0.1"}, "forwarded")
                .client_of(ip("127.0.0.1"), with(http::field::forwarded, "for=unknown")));
  EXPECT_EQ("127.0.0.1", proxies.client_of(ip("127.0.0.1"), Request{}));
}

}  // namespace
}  // namespace loket::server
