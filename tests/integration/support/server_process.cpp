#include "server_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <future>
#include <random>
#include <regex>
#include <stdexcept>

namespace loket::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

const char* loket_binary() {
  // Benchmarks compare another build's binary against this one's.
  const char* other = std::getenv("LOKET_BINARY");
  return other != nullptr && *other != '\0' ? other : LOKET_BINARY;
}

ServerProcess::ServerProcess(const std::string& extra_server_yaml, const Environment& env,
                             const std::string& content_dir, const std::string& command,
                             unsigned short port) {
  dir_ = std::filesystem::temp_directory_path() /
         ("loket-it-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir_);
  const auto config = dir_ / "loket.yaml";
  // Tests talk faster from one address than residents do: the chat's limits per client and
  // per session are off unless a test sets `limits` itself (the limits' own tests do).
  const bool own_limits = extra_server_yaml.find("limits:") != std::string::npos;
  const bool fixed_threshold = kTrainingSlowdown > 1 && content_dir == LOKET_EXAMPLE_CONTENT &&
                               extra_server_yaml.find("matcher:") == std::string::npos;
  std::ofstream(config) << "municipality: Test\n"
                           "languages: {default: nl, supported: [nl, en, de]}\n"
                        << "content: "
                        << (content_dir == LOKET_EXAMPLE_CONTENT ? kExampleContentLayers
                            : content_dir.starts_with('[')       ? content_dir
                                                                 : "['" + content_dir + "']")
                        << "\n"
                        << (own_limits ? "" : kNoChatLimitsYaml)
                        << (fixed_threshold
                                ? "matcher: {threshold: " + std::string(kExampleThreshold) + "}\n"
                                : "")
                        << extra_server_yaml;
  start(config, env, command, port);
}

ServerProcess::ServerProcess(const Files& files, const Environment& env,
                             const std::string& command) {
  dir_ = std::filesystem::temp_directory_path() /
         ("loket-it-" + std::to_string(std::random_device{}()));
  for (const auto& [path, text] : files.files) {
    std::filesystem::create_directories((dir_ / path).parent_path());
    std::ofstream(dir_ / path) << text;
  }
  start(dir_ / files.config, env, command, 0);
}

void ServerProcess::start(const std::filesystem::path& config, const Environment& env,
                          const std::string& command, unsigned short port) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    const std::string config_path = config.string();
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    execl(loket_binary(), loket_binary(), command.c_str(), "--config", config_path.c_str(),
          "--listen", listen.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  stderr_fd_ = fds[0];

  std::promise<unsigned short> port_promise;
  auto port_future = port_promise.get_future();
  reader_ = std::thread([this, promise = std::move(port_promise)]() mutable {
    // logfmt or JSON (server.log_format).
    static const std::regex kListening(
        R"((?:event=listening .*port=|"event":"listening".*"port":)([0-9]+))");
    bool announced = false;
    char buf[4096];
    ssize_t n;
    while ((n = read(stderr_fd_, buf, sizeof buf)) > 0) {
      std::lock_guard lock(mutex_);
      log_.append(buf, static_cast<std::size_t>(n));
      std::smatch m;
      if (!announced && std::regex_search(log_, m, kListening)) {
        announced = true;
        promise.set_value(static_cast<unsigned short>(std::stoi(m[1])));
      }
    }
    if (!announced) promise.set_value(0);
  });
  // It listens once its content is trained, which a sanitizer build takes several times longer
  // for (19 s of the example's under ThreadSanitizer on a busy machine).
  if (port_future.wait_for(std::chrono::seconds(20) * kTrainingSlowdown) !=
          std::future_status::ready ||
      (port_ = port_future.get()) == 0) {
    stop(SIGKILL);
    throw std::runtime_error("loket did not start; its log:\n" + log());
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop(SIGKILL);
  if (reader_.joinable()) reader_.join();
  if (stderr_fd_ >= 0) close(stderr_fd_);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

int ServerProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  return wait_exit(timeout);
}

int ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (reader_.joinable()) reader_.join();
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::string ServerProcess::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

bool ServerProcess::wait_for_log(const std::string& needle,
                                 std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    if (log().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

HttpReply http_request(unsigned short port, http::verb method, const std::string& target,
                       const std::string& body, const std::string& content_type,
                       const std::vector<std::pair<std::string, std::string>>& headers) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!body.empty()) req.set(http::field::content_type, content_type);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  res = parser.release();
  HttpReply reply{res.result_int(), res.body(), {}};
  for (const auto& field : res) reply.headers.insert(field.name_string(), field.value());
  return reply;
}

CommandResult run_loket(const std::string& args, const ServerProcess::Environment& env) {
  std::string command;
  for (const auto& [name, value] : env) command += name + "='" + value + "' ";
  command += std::string(loket_binary()) + " " + args + " 2>&1";
  CommandResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) r.out.append(buf, n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

HttpReply staff_request(unsigned short port, const std::string& token, http::verb method,
                        const std::string& path, const std::string& body) {
  return http_request(port, method, "/admin/v1/" + path, body, "application/json",
                      {{"Authorization", "Bearer " + token}});
}

std::string iso_in(long long seconds) {
  const std::time_t t = std::time(nullptr) + seconds;
  std::tm utc{};
  gmtime_r(&t, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
  return out;
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  for (auto end = std::chrono::steady_clock::now() + timeout;
       std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(std::chrono::milliseconds(20)))
    if (done()) return true;
  return done();
}

}  // namespace loket::testing
