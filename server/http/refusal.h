// A request loket will not serve: the HTTP status and a message that names the problem, sent as
// {"error": message}. The one type for normal failures of bad requests, returned in a
// Refusable<T>; exceptions stay for broken invariants. A plain value.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/system/result.hpp>

#include <string>

namespace loket::server {

struct Refusal {
  Refusal() = default;
  Refusal(unsigned status, std::string message) : status(status), message(std::move(message)) {}
  Refusal(boost::beast::http::status status, std::string message)
      : Refusal(static_cast<unsigned>(status), std::move(message)) {}

  unsigned status = 400;
  std::string message;
};

template <class T>
using Refusable = boost::system::result<T, Refusal>;

// What Refusable<T>::value() throws when it holds a refusal: a caller that did not look first.
[[noreturn]] void throw_exception_from_error(const Refusal& refusal,
                                             const boost::source_location& where);

}  // namespace loket::server
