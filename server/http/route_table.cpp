#include "server/http/route.h"

namespace loket::server {
namespace {

bool matches(const Route& route, std::string_view path) {
  return route.prefix ? path.starts_with(route.path) : path == route.path;
}

}  // namespace

const Route* RouteTable::find(std::string_view path) const {
  for (const auto& route : routes_)
    if (matches(route, path)) return &route;
  return nullptr;
}

Route exact_route(std::string_view path, std::string_view methods, Handler handler) {
  Route route;
  route.path = route.label = path;
  route.methods = methods;
  route.handler = std::move(handler);
  return route;
}

bool allows(const Route& route, std::string_view method) {
  for (std::string_view rest = route.methods; !rest.empty();) {
    const auto comma = rest.find(", ");
    if (rest.substr(0, comma) == method) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  return false;
}

}  // namespace loket::server
