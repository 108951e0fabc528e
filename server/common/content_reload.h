// Reloading the content while serving: what every trigger (SIGHUP, a file change, the staff
// API) calls. Safe from any I/O thread; the reloads themselves run one at a time.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <string_view>

#include "server/common/content_holder.h"
#include "server/common/content_sync.h"
#include "server/common/metrics.h"

namespace loket::server {

// The content and where its reloads run: loading files and training, off the I/O threads.
struct ContentReloader {
  ContentHolder& content;
  boost::asio::thread_pool& blocking;
  Metrics& metrics;
  ContentSync& sync;
};

// Reloads the content from the disk, logs the outcome and publishes the new content to the
// other instances; `reason` says what asked. `disk`: ContentHolder::reload()'s.
boost::asio::awaitable<ContentHolder::ReloadResult> reload_content(
    const ContentReloader& reloader, std::string_view reason,
    ContentHolder::Disk disk = ContentHolder::Disk::as_it_is);

}  // namespace loket::server
