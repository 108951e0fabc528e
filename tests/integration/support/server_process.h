// Test support: runs the real `loket serve` binary on a free loopback port with a test config,
// and speaks HTTP to it. One ServerProcess per test; not shared between threads.
#pragma once

#include <boost/beast/http.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace loket::testing {

namespace http = boost::beast::http;

// The loket binary the tests run: $LOKET_BINARY when set, else this build's.
const char* loket_binary();

class ServerProcess {
 public:
  // `extra_server_yaml` is appended to a server file that uses the example content (with the
  // region's under it when `content_dir` is the example's); `content_dir` may also be a YAML
  // list of layers ("['a/', 'b/']").
  using Environment = std::vector<std::pair<std::string, std::string>>;
  // `command`: "serve", or "dispatch" (its probes on the same kind of free port). `port`: the
  // loopback port to listen on (0: a free one).
  explicit ServerProcess(const std::string& extra_server_yaml = "", const Environment& env = {},
                         const std::string& content_dir = LOKET_EXAMPLE_CONTENT,
                         const std::string& command = "serve", unsigned short port = 0);
  // Serves `config` from a fresh folder holding `files` (each path relative to the folder, and
  // its text): a hosting file with its municipalities, say.
  struct Files {
    std::vector<std::pair<std::string, std::string>> files;
    std::string config;
  };
  explicit ServerProcess(const Files& files, const Environment& env = {},
                         const std::string& command = "serve");
  ~ServerProcess();

  // The folder the configuration was written to.
  const std::filesystem::path& dir() const { return dir_; }

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
  void start(const std::filesystem::path& config, const Environment& env,
             const std::string& command, unsigned short port);

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

// A staff API call (/admin/v1/PATH) with a bearer token.
HttpReply staff_request(unsigned short port, const std::string& token, http::verb method,
                        const std::string& path, const std::string& body = "");

// How much slower the servers train their model in this build (a sanitized one): a wait that
// covers a training is this many times its Release bound.
#ifdef LOKET_TRAINING_SLOWDOWN
inline constexpr int kTrainingSlowdown = LOKET_TRAINING_SLOWDOWN;
#else
inline constexpr int kTrainingSlowdown = 1;
#endif

// The UTC time `seconds` from now as ISO 8601 ("2026-12-06T16:40:00.000Z"), for a send_at or a
// platform's reset header.
std::string iso_in(long long seconds);

// Polls `done` every 20 ms until it holds or `timeout` has passed; its last answer.
bool wait_until(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The example municipality's content layers (the region's, then its own), as a server file's
// `content:` list.
#ifdef LOKET_EXAMPLE_CONTENT
inline const std::string kExampleContentLayers =
    "['" LOKET_REGION_CONTENT "', '" LOKET_EXAMPLE_CONTENT "']";
#endif

// The threshold cross-validation chooses for the example's content, as the log prints it. A
// sanitized build's servers are given it instead of cross-validating at each start (three
// trainings more, a dozen seconds under ThreadSanitizer); Release runs check that the two agree.
inline constexpr const char* kExampleThreshold = "0.100";

// The chat's limits per client and per session off (a test's own `limits` may add these keys).
inline constexpr const char* kNoChatLimitsYaml =
    "limits: {chat_per_client_per_minute: 0, chat_per_session_per_minute: 0}\n";

// Notifications without waiting: fast polling and retries, no quiet hours (tests run at any
// hour), a one-second send timeout (a hanging platform costs one second). Server YAML.
inline constexpr const char* kFastNotificationsYaml =
    "notifications:\n"
    "  poll_interval_ms: 100\n"
    "  retry_base_ms: 50\n"
    "  retry_max_s: 1\n"
    "  send_timeout_s: 1\n"
    "  quiet_hours: {start: \"00:00\", end: \"00:00\"}\n";

}  // namespace loket::testing
