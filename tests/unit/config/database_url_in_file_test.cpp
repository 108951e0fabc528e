// The database a server file names, read on its own when the configuration as a whole is
// refused.
#include "config/database_url_in_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace loket::config {
namespace {

namespace fs = std::filesystem;

class DatabaseUrlInFile : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove(file_); }
  std::string url_in(const std::string& text) {
    std::ofstream(file_) << text;
    return database_url_in_file(file_);
  }
  fs::path file_ =
      fs::temp_directory_path() / ("loket-url-" + std::to_string(std::random_device{}()) + ".yaml");
};

TEST_F(DatabaseUrlInFile, IsReadWhateverElseTheFileHolds) {
  EXPECT_EQ("postgresql:///loket",
            url_in("municipality: X\ncontent: [missing/]\nunknown_key: 1\n"
                   "database: {url: 'postgresql:///loket', pool_size: 999}\n"));
}

TEST_F(DatabaseUrlInFile, IsEmptyWhenTheFileNamesNoneOrDoesNotRead) {
  EXPECT_EQ("", url_in("municipality: X\n"));
  EXPECT_EQ("", url_in("database: postgresql:///loket\n"));
  EXPECT_EQ("", url_in("database: {url: [a, b]}\n"));
  EXPECT_EQ("", url_in("database: {url: 'postgresql:///loket'\n"));
  EXPECT_EQ("", url_in("- a list\n"));
  EXPECT_EQ("", database_url_in_file(file_.string() + ".missing"));
}

}  // namespace
}  // namespace loket::config
