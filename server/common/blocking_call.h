// Runs a blocking function (loading files, training the matcher) on a thread pool and resumes
// the calling coroutine on its own executor with the result or the exception. Internal to
// server/. Call sites pass a named function object (GCC 12: no temporaries in co_await).
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <type_traits>

#include "server/common/log.h"

namespace loket::server {

template <typename F>
auto blocking_call(boost::asio::thread_pool& pool, const F& fn)
    -> boost::asio::awaitable<std::invoke_result_t<F>> {
  using Result = std::invoke_result_t<F>;
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                     void(std::exception_ptr, Result)>(
      [&pool](auto handler, F fn) {
        auto executor = boost::asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto work = boost::asio::make_work_guard(executor);
        boost::asio::post(pool, [executor, work, fn = std::move(fn), shared,
                                 municipality = log::MunicipalityScope::current()]() mutable {
          const log::MunicipalityScope scope(municipality);  // the caller's, on what fn logs
          std::exception_ptr error;
          Result result{};
          try {
            result = fn();
          } catch (...) {
            error = std::current_exception();
          }
          boost::asio::post(executor, [shared, error, result = std::move(result)]() mutable {
            std::move (*shared)(error, std::move(result));
          });
        });
      },
      boost::asio::use_awaitable, fn);
}

}  // namespace loket::server
