// What a new version of the content takes away from the one in service: a deleted file's topics,
// a local change that is gone (the shared answer returns), and a file emptied by accident. A
// renamed file takes nothing away.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "config/content_loss.h"

namespace loket::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kServerFile = R"(municipality: Zuiderdam
languages: {default: nl, supported: [nl, en]}
content:
  - ../regio/content/
  - content/
)";

constexpr const char* kShared = R"(messages:
  fallback: {nl: "De regio begrijpt het niet."}
intents:
  - id: paspoort
    title: {nl: Paspoort}
    examples:
      nl: [hoe vraag ik een paspoort aan, paspoort verlengen]
    answer: {nl: "Een paspoort kost € 80."}
)";

constexpr const char* kLocal = R"(# Zuiderdam's own
intents:
  - id: paspoort
    override: true
    answer: {nl: "Een paspoort kost € 82,50 in Zuiderdam."}
  - id: strandpas
    title: {nl: Strandpas}
    examples:
      nl: [hoe krijg ik een strandpas, strandpas aanvragen]
    answer: {nl: "De strandpas haalt u bij het strandpaviljoen."}
)";

class WhatAChangeTakes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loket-loss-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_ / "regio" / "content");
    fs::create_directories(dir_ / "gemeente" / "content");
    write("regio/content/gedeeld.yaml", kShared);
    write("gemeente/loket.yaml", kServerFile);
    write("gemeente/content/lokaal.yaml", kLocal);
    write("gemeente/content/overig.yaml", "# nog leeg\n");
    before_ = load();
    ASSERT_TRUE(before_.config);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  LoadResult load() { return load_config(dir_ / "gemeente" / "loket.yaml"); }
  config::ContentLoss loss_to(const LoadResult& after) {
    EXPECT_TRUE(after.config);
    return content_loss(*before_.config, *after.config, after.files);
  }

  fs::path dir_;
  LoadResult before_;
};

TEST_F(WhatAChangeTakes, NothingIsLostWhenNothingChanged) {
  EXPECT_TRUE(loss_to(load()).empty());
}

TEST_F(WhatAChangeTakes, ADeletedFileTakesItsTopicsAndItsLocalChanges) {
  fs::remove(dir_ / "gemeente/content/lokaal.yaml");
  const auto loss = loss_to(load());
  ASSERT_EQ(1u, loss.removed.size());
  EXPECT_EQ("strandpas", loss.removed[0].id);
  EXPECT_EQ("Strandpas", loss.removed[0].title);
  EXPECT_TRUE(loss.removed[0].where.ends_with("gemeente/content/lokaal.yaml:6"))
      << loss.removed[0].where;
  ASSERT_EQ(1u, loss.lost_overrides.size());
  EXPECT_EQ("paspoort", loss.lost_overrides[0].id);
  EXPECT_TRUE(loss.lost_overrides[0].where.ends_with("lokaal.yaml:3"));
  EXPECT_TRUE(loss.lost_overrides[0].now.ends_with("regio/content/gedeeld.yaml:4"))
      << "the shared answer answers again: " << loss.lost_overrides[0].now;
  EXPECT_TRUE(loss.emptied_files.empty()) << "deleted, not emptied";
  const auto lines = describe(loss);
  ASSERT_EQ(2u, lines.size());
  EXPECT_NE(std::string::npos, lines[0].find("topic 'strandpas' (Strandpas) is gone")) << lines[0];
  EXPECT_NE(std::string::npos, lines[1].find("the change to 'paspoort' (Paspoort) is gone;"))
      << lines[1];
}

TEST_F(WhatAChangeTakes, AnEmptiedFileIsNamedWithWhatItHeld) {
  write("gemeente/content/lokaal.yaml", "# Zuiderdam's own\n---\n  \n");
  const auto loss = loss_to(load());
  ASSERT_EQ(1u, loss.emptied_files.size());
  EXPECT_TRUE(loss.emptied_files[0].file.ends_with("gemeente/content/lokaal.yaml"));
  EXPECT_EQ((std::vector<std::string>{"paspoort", "strandpas"}), loss.emptied_files[0].ids);
  const auto lines = describe(config::ContentLoss{{}, {}, loss.emptied_files});
  ASSERT_EQ(1u, lines.size());
  EXPECT_NE(std::string::npos,
            lines[0].find("lokaal.yaml:1:1: this file is empty now; it defined or changed 2 "
                          "topics (paspoort, strandpas)"))
      << lines[0];
}

TEST_F(WhatAChangeTakes, AFileWhoseTopicsMovedElsewhereIsNotEmptied) {
  write("gemeente/content/zuiderdam.yaml", kLocal);
  write("gemeente/content/lokaal.yaml", "# verplaatst naar zuiderdam.yaml\n");
  const auto loss = loss_to(load());
  EXPECT_TRUE(loss.empty()) << (describe(loss).empty() ? "" : describe(loss).front());
}

TEST_F(WhatAChangeTakes, AFileThatWasEmptyBeforeIsNotEmptied) {
  write("gemeente/content/lokaal.yaml", std::string(kLocal) + "\n");
  EXPECT_TRUE(loss_to(load()).emptied_files.empty()) << "overig.yaml held nothing before either";
}

TEST_F(WhatAChangeTakes, ARenamedFileTakesNothingAway) {
  fs::rename(dir_ / "gemeente/content/lokaal.yaml", dir_ / "gemeente/content/zuiderdam.yaml");
  const auto loss = loss_to(load());
  EXPECT_TRUE(loss.empty()) << (describe(loss).empty() ? "" : describe(loss).front());
}

TEST_F(WhatAChangeTakes, ARemovedOverrideInAFileThatStaysIsNamed) {
  write("gemeente/content/lokaal.yaml", R"(intents:
  - id: strandpas
    title: {nl: Strandpas}
    examples:
      nl: [hoe krijg ik een strandpas, strandpas aanvragen]
    answer: {nl: "De strandpas haalt u bij het strandpaviljoen."}
)");
  const auto loss = loss_to(load());
  EXPECT_TRUE(loss.removed.empty());
  ASSERT_EQ(1u, loss.lost_overrides.size());
  EXPECT_EQ("paspoort", loss.lost_overrides[0].id);
}

}  // namespace
}  // namespace loket::config
