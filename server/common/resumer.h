// A coroutine's completion handler as a copyable function that resumes the coroutine on its own
// executor, from whichever thread calls it (a database thread answering a batch). Internal to
// server/. Call the function once.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>

namespace loket::server {

template <typename... Args, typename Handler>
std::function<void(Args...)> resumer(Handler handler) {
  auto executor = boost::asio::get_associated_executor(handler);
  auto shared = std::make_shared<Handler>(std::move(handler));
  auto work = boost::asio::make_work_guard(executor);
  return [executor, work, shared](Args... args) {
    boost::asio::post(executor,
                      [shared, args...]() mutable { std::move (*shared)(std::move(args)...); });
  };
}

}  // namespace loket::server
