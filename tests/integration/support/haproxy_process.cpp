#include "haproxy_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "server_process.h"

namespace loket::testing {

unsigned short free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool HAProxyProcess::available() {
  return std::system("command -v haproxy >/dev/null") == 0;
}

HAProxyProcess::HAProxyProcess(const std::vector<unsigned short>& backends) {
  dir_ = std::filesystem::temp_directory_path() /
         ("loket-haproxy-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir_);
  port_ = free_port();
  stats_port_ = free_port();
  std::ifstream shipped(LOKET_SOURCE_DIR "/deploy/haproxy/haproxy.cfg");
  std::ostringstream config;
  for (std::string line; std::getline(shipped, line);) {
    if (line == "  bind :8080") line = "  bind 127.0.0.1:" + std::to_string(port_);
    // Within a test's open-files limit: HAProxy needs two descriptors a connection.
    if (line.rfind("  maxconn ", 0) == 0) line = "  maxconn 2000";
    if (line.rfind("  server ", 0) == 0) continue;
    config << line << "\n";
  }
  // The backend is the file's last section: these lines are its.
  config << "  http-response set-header X-Served-By %s\n";
  for (std::size_t i = 0; i < backends.size(); ++i)
    config << "  server loket" << i << " 127.0.0.1:" << backends[i] << " check\n";
  config << "\nfrontend stats\n  bind 127.0.0.1:" << stats_port_
         << "\n  stats enable\n  stats uri /stats\n";
  std::ofstream(dir_ / "haproxy.cfg") << config.str();

  pid_ = fork();
  if (pid_ == 0) {
    const std::string cfg = (dir_ / "haproxy.cfg").string(), out = (dir_ / "log").string();
    if (freopen(out.c_str(), "w", stdout) == nullptr ||
        freopen(out.c_str(), "a", stderr) == nullptr)
      _exit(126);
    execlp("haproxy", "haproxy", "-db", "-f", cfg.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (!wait_until([this] {
        try {
          http_request(stats_port_, http::verb::get, "/stats;csv");
          return true;
        } catch (const std::exception&) {
          return false;
        }
      }))
    throw std::runtime_error("haproxy did not start: " + log());
}

HAProxyProcess::~HAProxyProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::size_t HAProxyProcess::servers_up() const {
  std::size_t up = 0;
  std::istringstream csv(http_request(stats_port_, http::verb::get, "/stats;csv").body);
  // # pxname,svname,...,status (the 18th field),...
  for (std::string line; std::getline(csv, line);) {
    if (line.rfind("loket,loket", 0) != 0) continue;
    std::istringstream fields(line);
    std::string field;
    for (int i = 0; i < 18 && std::getline(fields, field, ','); ++i) {
    }
    if (field == "UP") ++up;
  }
  return up;
}

std::string HAProxyProcess::log() const {
  std::ifstream in(dir_ / "log");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace loket::testing
