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

// The addresses a proxy chain names, client first: Forwarded's for= values or X-Forwarded-For's
// list, across every instance of the header in order (a proxy may add its own line rather than
// append to the client's). Empty when there is none; nullopt when one is unreadable.
std::optional<std::vector<asio::ip::address>> forwarded_chain(const Request& request,
                                                              bool forwarded) {
  std::vector<asio::ip::address> chain;
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
      auto a = parse_node(element);
      if (!a) return false;
      chain.push_back(*a);
    }
    return true;
  };
  const auto lines = forwarded ? request.equal_range(http::field::forwarded)
                               : request.equal_range("X-Forwarded-For");
  for (auto line = lines.first; line != lines.second; ++line)
    if (!add_all(line->value())) return std::nullopt;
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
  const auto chain = forwarded_chain(request, forwarded_);
  if (!chain || chain->empty()) return peer.to_string();
  for (auto it = chain->rbegin(); it != chain->rend(); ++it)
    if (!trusts(*it)) return it->to_string();
  return chain->front().to_string();  // every hop is ours: the first one is the client
}

}  // namespace loket::server
