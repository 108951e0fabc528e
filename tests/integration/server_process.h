// Test support: runs the real `loket serve` binary on a free loopback port with a test config,
// and speaks HTTP to it. One ServerProcess per test; not shared between threads.
#pragma once

#include <boost/beast/http.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace loket::testing {

namespace http = boost::beast::http;

class ServerProcess {
 public:
  // `extra_server_yaml` is appended to a server file that uses the example content.
  using Environment = std::vector<std::pair<std::string, std::string>>;
  explicit ServerProcess(const std::string& extra_server_yaml = "", const Environment& env = {},
                         const std::string& content_dir = LOKET_EXAMPLE_CONTENT);
  ~ServerProcess();

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends `signal` and waits up to `timeout` for the exit; returns the exit status or -1.
  int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits up to `timeout` for the process to exit by itself (SIGKILL after); the exit status.
  int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::string log() const;
  // True once `needle` shows up in the log (lines are written just after the reply is sent).
  bool wait_for_log(const std::string& needle,
                    std::chrono::milliseconds timeout = std::chrono::seconds(3)) const;

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  int stderr_fd_ = -1;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::string log_;
};

// Runs `loket <args>` to completion with `env` set, capturing stdout and stderr together.
struct CommandResult {
  int status = -1;  // the exit status, or -1 when the process did not exit normally
  std::string out;
};
CommandResult run_loket(const std::string& args, const ServerProcess::Environment& env = {});

struct HttpReply {
  unsigned status = 0;
  std::string body;
  http::fields headers;
};

HttpReply http_request(unsigned short port, http::verb method, const std::string& target,
                       const std::string& body = "",
                       const std::string& content_type = "application/json",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace loket::testing
