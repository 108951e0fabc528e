#include "server/http/client_address.h"

#include <algorithm>

namespace loket::server {
namespace {

// IPv4 addresses compared as IPv4-mapped IPv6 ones, so one kind of range covers both.
asio::ip::address_v6 as_v6(const asio::ip::address& a) {
  return a.is_v4() ? asio::ip::make_address_v6(asio::ip::v4_mapped, a.to_v4()) : a.to_v6();
}

// "192.0.2.43:47011", "[2001:db8::1]:4711", "\"[2001:db8::1]\"", "unknown": the address, if any.
std::optional<asio::ip::address> parse_node(std::string_view node) {
  while (!node.empty() && (node.front() == ' ' || node.front() == '"')) node.remove_prefix(1);
  while (!node.empty() && (node.back() == ' ' || node.back() == '"')) node.remove_suffix(1);
  if (node.starts_with('[')) {
    const auto close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    node = node.substr(1, close - 1);
  } else if (std::count(node.begin(), node.end(), ':') == 1) {
    node = node.substr(0, node.find(':'));  // IPv4 with a port
  }
  boost::system::error_code ec;
  auto a = asio::ip::make_address(std::string(node), ec);
  if (ec) return std::nullopt;
  return a.is_v6() && a.to_v6().is_v4_mapped()
             ? asio::ip::address(asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()))
             : a;
}

// A proxy chain longer than this is cut from the left: only its right end is read.
constexpr std::size_t kMaxHops = 64;

// The addresses a proxy chain names, client first: Forwarded's for= values or X-Forwarded-For's
// list, across every instance of the header in order (a proxy may add its own line rather than
// append to the client's). An element that names no address ("unknown", "", a for= missing)
// is kept as nothing: the hops to its right still count.
std::vector<std::optional<asio::ip::address>> forwarded_chain(const Request& request,
                                                              bool forwarded) {
  std::vector<std::optional<asio::ip::address>> chain;
  const auto add_all = [&](std::string_view list) {
    while (!list.empty()) {
      const auto comma = list.find(',');
      std::string_view element = list.substr(0, comma);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      if (forwarded) {
        // for=192.0.2.60;proto=http;by=203.0.113.43: the for= pair, case-insensitive.
        std::string_view node;
        while (!element.empty()) {
          const auto semi = element.find(';');
          std::string_view pair = element.substr(0, semi);
          element = semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1);
          while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
          if (pair.size() > 4 && beast::iequals(pair.substr(0, 4), "for=")) node = pair.substr(4);
        }
        element = node;
      }
      chain.push_back(parse_node(element));
      if (chain.size() > 2 * kMaxHops)
        chain.erase(chain.begin(), chain.end() - static_cast<std::ptrdiff_t>(kMaxHops));
    }
  };
  const auto lines = forwarded ? request.equal_range(http::field::forwarded)
                               : request.equal_range("X-Forwarded-For");
  for (auto line = lines.first; line != lines.second; ++line) add_all(line->value());
  return chain;
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& ranges, std::string_view header)
    : forwarded_(header == "forwarded") {
  for (const auto& text : ranges) {
    const auto slash = text.find('/');
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(text.substr(0, slash), ec);
    if (ec) throw std::invalid_argument("not an address range: " + text);
    Range r;
    r.bytes = as_v6(address).to_bytes();
    const unsigned bits = slash == std::string::npos ? (address.is_v4() ? 32 : 128)
                                                     : std::stoul(text.substr(slash + 1));
    r.prefix = address.is_v4() ? 96 + bits : bits;
    ranges_.push_back(r);
  }
}

bool TrustedProxies::trusts(const asio::ip::address& address) const {
  const auto bytes = as_v6(address).to_bytes();
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const Range& r) {
    for (unsigned bit = 0; bit < r.prefix; bit += 8) {
      const unsigned take = std::min(8u, r.prefix - bit);
      const auto mask = static_cast<unsigned char>(0xFF << (8 - take));
      if ((bytes[bit / 8] & mask) != (r.bytes[bit / 8] & mask)) return false;
    }
    return true;
  });
}

std::string TrustedProxies::client_of(const asio::ip::address& peer, const Request& request) const {
  if (!trusts(peer)) return peer.to_string();
  // From the right: each hop a trusted proxy names the one before it. The first address that is
  // not ours is the client; an element naming nobody ends the walk at the last hop that is ours
  // (what lies left of it no trusted proxy vouched for).
  asio::ip::address last_ours = peer;
  const auto chain = forwarded_chain(request, forwarded_);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!*it) break;
    if (!trusts(**it)) return (*it)->to_string();
    last_ours = **it;
  }
  return last_ours.to_string();
}

}  // namespace loket::server
