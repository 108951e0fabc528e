// An executor that runs each function given to it inside a log::MunicipalityScope, so that every
// line written by a hosted municipality's coroutines (whatever thread resumes them) names it.
// Thread-safe as the executor it wraps.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>

#include <string>
#include <type_traits>
#include <utility>

#include "server/common/log.h"

namespace loket::server {

template <typename Inner>
class LoggedExecutor {
 public:
  LoggedExecutor(Inner inner, const std::string* municipality) noexcept
      : inner_(std::move(inner)), municipality_(municipality) {}

  template <typename Property>
  auto query(const Property& p) const
      noexcept(noexcept(boost::asio::query(std::declval<const Inner&>(), p)))
          -> decltype(boost::asio::query(std::declval<const Inner&>(), p)) {
    return boost::asio::query(inner_, p);
  }
  template <typename Property>
  auto require(const Property& p) const -> LoggedExecutor<
      std::decay_t<decltype(boost::asio::require(std::declval<const Inner&>(), p))>> {
    return {boost::asio::require(inner_, p), municipality_};
  }
  template <typename Property>
  auto prefer(const Property& p) const -> LoggedExecutor<
      std::decay_t<decltype(boost::asio::prefer(std::declval<const Inner&>(), p))>> {
    return {boost::asio::prefer(inner_, p), municipality_};
  }
  template <typename Function>
  void execute(Function&& f) const {
    inner_.execute(Scoped<std::decay_t<Function>>{municipality_, std::forward<Function>(f)});
  }

  friend bool operator==(const LoggedExecutor& a, const LoggedExecutor& b) noexcept {
    return a.inner_ == b.inner_ && a.municipality_ == b.municipality_;
  }
  friend bool operator!=(const LoggedExecutor& a, const LoggedExecutor& b) noexcept {
    return !(a == b);
  }

 private:
  template <typename Function>
  struct Scoped {
    const std::string* municipality;
    Function function;
    void operator()() {
      log::MunicipalityScope scope(municipality);
      std::move(function)();
    }
  };

  Inner inner_;
  const std::string* municipality_;
};

// `executor`, naming `municipality` on the lines logged from what runs on it; `executor` itself
// when there is none to name (a process serving one municipality).
template <typename Executor>
boost::asio::any_io_executor logged_as(const Executor& executor, const std::string* municipality) {
  if (municipality == nullptr || municipality->empty()) return executor;
  return LoggedExecutor<Executor>(executor, municipality);
}

}  // namespace loket::server
