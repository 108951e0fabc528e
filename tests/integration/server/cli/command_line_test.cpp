// The command line's own options, refused with a clear message before anything starts.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <string>

#include "server_process.h"

namespace loket::testing {
namespace {

namespace asio = boost::asio;

const std::string kExample = LOKET_EXAMPLE_CONTENT "/../loket.yaml";

TEST(CommandLine, ThreadsOutsideWhatTheConfigurationAllowsAreRefused) {
  for (const std::string command : {"serve", "dispatch"})
    for (const std::string threads : {"-1", "99999", "abc", "4x", ""}) {
      const auto r = run_loket(command + " --config " + kExample +
                               " --listen 127.0.0.1:0 --threads '" + threads + "'");
      EXPECT_EQ(2, r.status) << command << " --threads '" << threads << "': " << r.out;
      EXPECT_NE(std::string::npos, r.out.find("--threads must be a whole number from 0 to 256"))
          << r.out;
    }
}

TEST(CommandLine, ADatabaseUrlPostgreSqlCannotReadStopsTheStart) {
  for (const std::string command :
       {"serve --listen 127.0.0.1:0", "dispatch --listen 127.0.0.1:0", "migrate"})
    for (const std::string url : {"mysql://x", "postgresql://anna:geh%zzeim@localhost/loket"}) {
      const auto r = run_loket(command + " --config " + kExample, {{"LOKET_DATABASE_URL", url}});
      EXPECT_EQ(1, r.status) << command << ": " << r.out;
      EXPECT_NE(std::string::npos, r.out.find("the database URL (LOKET_DATABASE_URL or "
                                              "database.url) cannot be read"))
          << r.out;
      EXPECT_EQ(std::string::npos, r.out.find("zzeim")) << "no part of the password: " << r.out;
    }
}

TEST(CommandLine, MigrateGivesUpOnADatabaseThatNeverAnswers) {
  // Takes the connection (the kernel's backlog) and never says a word, as a hung server or
  // pooler does; a migration Job must end rather than wait for ever.
  asio::io_context io;
  asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = silent.local_endpoint().port();
  const auto started = std::chrono::steady_clock::now();
  const auto r = run_loket(
      "migrate --config " + kExample,
      {{"LOKET_DATABASE_URL", "postgresql://loket@127.0.0.1:" + std::to_string(port) + "/loket"}});
  EXPECT_EQ(1, r.status) << r.out;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60)) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("loket migrate:")) << r.out;
}

TEST(CommandLine, AListenAddressThatCannotBeOneIsRefusedSayingWhatIs) {
  for (const std::string command : {"serve", "dispatch"})
    for (const std::string listen : {"localhost:8080", "127.0.0.1:80000", "127.0.0.1:80x", ""}) {
      const auto r = run_loket(command + " --config " + kExample + " --listen '" + listen + "'");
      EXPECT_EQ(2, r.status) << command << " --listen '" << listen << "': " << r.out;
      EXPECT_NE(std::string::npos, r.out.find("--listen must be an IP address and a port from 0 "
                                              "to 65535, as 127.0.0.1:8080"))
          << r.out;
    }
  EXPECT_EQ(
      std::string::npos,
      run_loket("serve --config /nonexistent.yaml --listen localhost:1").out.find("cannot read"))
      << "the flag is refused before the configuration is read";
}

TEST(CommandLine, APortInUseIsSaidBeforeTheContentIsTrained) {
  ServerProcess first;  // holds a port
  const std::string listen = "127.0.0.1:" + std::to_string(first.port());
  const auto r =
      run_loket("serve --config " + kExample + " --listen " + listen, {{"LOKET_DATABASE_URL", ""}});
  EXPECT_EQ(1, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("loket: cannot listen: port " +
                                          std::to_string(first.port()) + " on 127.0.0.1 is in use"))
      << r.out;
  EXPECT_EQ(std::string::npos, r.out.find("content loaded")) << "before the training: " << r.out;
}

TEST(CommandLine, AFolderForTheConfigurationIsNamedAsOne) {
  const auto r = run_loket(std::string("check-config --config ") + LOKET_EXAMPLE_CONTENT);
  EXPECT_EQ(1, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("is a folder, not a file (name the YAML file in it"))
      << r.out;
}

TEST(CommandLine, VersionSaysWhichReleaseRuns) {
  const auto r = run_loket("--version");
  EXPECT_EQ(0, r.status) << r.out;
  EXPECT_TRUE(r.out.starts_with("loket ") && r.out.find('.') != std::string::npos) << r.out;
  EXPECT_EQ(r.out, run_loket("version").out);
}

TEST(CommandLine, HelpPrintsTheUsage) {
  const auto r = run_loket("--help");
  EXPECT_EQ(0, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("loket serve --config PATH")) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("loket nlu-eval")) << "every command: " << r.out;
}

// A command's --help is about that command: its usage and what its options do.
TEST(CommandLine, ACommandsHelpIsItsOwn) {
  const auto serve = run_loket("serve --help");
  EXPECT_EQ(0, serve.status) << serve.out;
  EXPECT_TRUE(serve.out.starts_with("usage:\n  loket serve --config PATH")) << serve.out;
  EXPECT_NE(std::string::npos, serve.out.find("--threads N         I/O threads")) << serve.out;
  EXPECT_EQ(std::string::npos, serve.out.find("loket dispatch")) << serve.out;
  const auto diff = run_loket("content diff --help");
  EXPECT_EQ(0, diff.status);
  EXPECT_NE(std::string::npos, diff.out.find("loket content diff --config NEW")) << diff.out;
  EXPECT_EQ(std::string::npos, diff.out.find("loket content show")) << diff.out;
  const auto token = run_loket("token -h");
  EXPECT_NE(std::string::npos, token.out.find("loket token revoke")) << token.out;
  EXPECT_NE(std::string::npos, token.out.find("create prints the new token once")) << token.out;
  // A mistake prints the command's own usage, not all of them.
  const auto wrong = run_loket("dispatch --config x.yaml --lisen :9090");
  EXPECT_EQ(2, wrong.status);
  EXPECT_NE(std::string::npos, wrong.out.find("unknown option --lisen")) << wrong.out;
  EXPECT_NE(std::string::npos, wrong.out.find("loket dispatch --config PATH")) << wrong.out;
  EXPECT_EQ(std::string::npos, wrong.out.find("loket serve")) << wrong.out;
}

}  // namespace
}  // namespace loket::testing
