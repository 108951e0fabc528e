// The hosting file: which municipalities one process serves, and every mistake in it named by
// file:line:column.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "config/hosting.h"

namespace loket::config {
namespace {

namespace fs = std::filesystem;

class HostingFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loket-hosting-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& text) {
    const auto file = dir_ / "hosting.yaml";
    std::ofstream(file) << text;
    return file;
  }
  std::string errors_of(const std::string& text) {
    const auto result = load_hosting(write(text));
    EXPECT_FALSE(result.hosting) << text;
    std::string out;
    for (const auto& e : result.errors) out += e.to_string() + "\n";
    return out;
  }

  fs::path dir_;
};

TEST_F(HostingFile, ListsTheMunicipalitiesWithTheirHostsAndFiles) {
  const auto file = write(
      "server: {listen: 127.0.0.1:9090}\n"
      "municipalities:\n"
      "  - {id: noorderhaven, hosts: [Chat.Noorderhaven.Example], config: nh/loket.yaml}\n"
      "  - {id: zuider-dam, config: zd/loket.yaml}\n");
  EXPECT_TRUE(is_hosting_file(file));
  const auto result = load_hosting(file);
  ASSERT_TRUE(result.hosting) << result.errors.front().to_string();
  const Hosting& h = *result.hosting;
  EXPECT_EQ("127.0.0.1", h.listen_host);
  EXPECT_EQ(9090, h.listen_port);
  ASSERT_EQ(2u, h.municipalities.size());
  EXPECT_EQ("noorderhaven", h.municipalities[0].id);
  EXPECT_EQ(std::vector<std::string>{"chat.noorderhaven.example"}, h.municipalities[0].hosts);
  EXPECT_EQ(dir_ / "nh/loket.yaml", h.municipalities[0].config);
  EXPECT_TRUE(h.municipalities[1].hosts.empty()) << "reached by its /m/ prefix alone";
  EXPECT_EQ("loket_zuider_dam", schema_of("zuider-dam"));
}

TEST_F(HostingFile, AMunicipalitysOwnFileIsNoHostingFile) {
  EXPECT_FALSE(is_hosting_file(write("municipality: X\ncontent: [content/]\n")));
  EXPECT_FALSE(is_hosting_file(write("municipalities: [\n")));
  EXPECT_FALSE(is_hosting_file(dir_ / "missing.yaml"));
}

TEST_F(HostingFile, MistakesAreNamedWhereTheyAre) {
  const std::string where = (dir_ / "hosting.yaml").string() + ":";
  EXPECT_NE(std::string::npos,
            errors_of("municipalities:\n  - {id: A_b, config: a.yaml}\n")
                .find(where + "2:10: id must be lower-case letters, digits and '-'"));
  EXPECT_NE(std::string::npos, errors_of("municipalities:\n"
                                         "  - {id: a, config: a.yaml}\n"
                                         "  - {id: a, config: b.yaml}\n")
                                   .find(where + "3:10: municipality 'a' is listed twice"));
  EXPECT_NE(std::string::npos, errors_of("municipalities:\n"
                                         "  - {id: a, hosts: [x.example], config: a.yaml}\n"
                                         "  - {id: b, hosts: [X.example], config: b.yaml}\n")
                                   .find("host 'x.example' is listed for two municipalities"));
  EXPECT_NE(std::string::npos,
            errors_of("municipalities:\n  - {id: a, hosts: ['x.example:80'], config: a.yaml}\n")
                .find("is not a host name"));
  EXPECT_NE(std::string::npos,
            errors_of("municipalities:\n  - {id: a}\n").find("needs id and config"));
  EXPECT_NE(std::string::npos, errors_of("municipalities: []\n").find("municipalities lists none"));
  EXPECT_NE(std::string::npos,
            errors_of("municipalities:\n  - {id: a, config: a.yaml, x: 1}\n").find("unknown key"));
  EXPECT_NE(std::string::npos, errors_of("server: {listen: nowhere}\nmunicipalities: []\n")
                                   .find(where + "1:18: server.listen must be HOST:PORT"));
  EXPECT_NE(std::string::npos, errors_of("municipalities: [\n").find(where + "2:1:"));
}

}  // namespace
}  // namespace loket::config
