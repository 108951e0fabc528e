// Runs loket's HTTP and WebSocket server until SIGTERM or SIGINT, then drains: stops accepting,
// lets in-flight requests finish (up to the configured drain timeout) and returns.
// Call from the main thread; it blocks and serves on its own pool of I/O threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/http/listen_address.h"
#include "server/notify/dispatcher_setup.h"

namespace loket::server {

class ContentHolder;

// One municipality the process serves.
struct HostedSetup {
  std::string id;  // from the hosting file; empty for a plain loket.yaml
  std::vector<std::string> hosts;
  ContentHolder* content = nullptr;
  NotificationSetup notifications;
  // The problems of this instance's own content files when they were refused at start and
  // `content` is the newest published content instead (none: `content` is its own files').
  std::vector<std::string> refused_files;
};

// An environment variable's name for a hosted municipality: NAME_<ID> (upper case, '_' for '-'),
// so that no secret is every municipality's; NAME for a plain loket.yaml (empty id).
std::string municipal_name(std::string name, const std::string& municipality);

// Returns the process exit code: 0 after a clean stop, 1 if the address cannot be bound.
// SIGHUP, a change to the configuration's files and POST /admin/v1/config:reload reload the
// content while serving (a municipality's own; SIGHUP every one's). The first municipality's
// server and limits settings are the process's (threads, connections, drain, shutdown delay).
int serve(const std::vector<HostedSetup>& municipalities, const ListenAddress& address,
          unsigned threads);
int serve(ContentHolder& content, const ListenAddress& address, unsigned threads,
          const NotificationSetup& notifications);

}  // namespace loket::server
