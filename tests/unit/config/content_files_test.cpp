// The files a configuration was read from load again anywhere: what one instance publishes,
// another loads into its own folder (the example lists its folders as "content/" and "tests/").
#include <gtest/gtest.h>

#include <filesystem>

#include "config/config.h"

namespace loket::config {
namespace {

namespace fs = std::filesystem;

TEST(ContentFiles, EveryFileReadIsKeptByItsPathFromTheServerFile) {
  const auto loaded = load_config(LOKET_EXAMPLE_CONFIG);
  ASSERT_TRUE(loaded.config);
  EXPECT_EQ("loket.yaml", loaded.files.server_file);
  for (const char* path : {"loket.yaml", "content/afval.yaml", "content/tabellen/afvalwijken.csv",
                           "tests/gesprekken.yaml"})
    EXPECT_EQ(1u, loaded.files.files.count(path)) << path;
}

TEST(ContentFiles, TheFilesLoadAgainInAnotherFolder) {
  const auto loaded = load_config(LOKET_EXAMPLE_CONFIG);
  ASSERT_TRUE(loaded.config);
  const auto again =
      load_config(fs::temp_directory_path() / "loket-nowhere" / "loket.yaml", loaded.files);
  ASSERT_TRUE(again.config) << (again.errors.empty() ? "" : again.errors.front().to_string());
  EXPECT_EQ(loaded.config->intents.size(), again.config->intents.size());
}

TEST(ContentFiles, AServerFileGivenByItsNameAloneLoads) {
  const auto before = fs::current_path();
  fs::current_path(fs::path(LOKET_EXAMPLE_CONFIG).parent_path());
  const auto loaded = load_config("loket.yaml");
  fs::current_path(before);
  ASSERT_TRUE(loaded.config) << (loaded.errors.empty() ? "" : loaded.errors.front().to_string());
  EXPECT_EQ(1u, loaded.files.files.count("content/afval.yaml"));
}

}  // namespace
}  // namespace loket::config
