// The fixture the dialogue's rule tests share: the example municipality's dialogue, loaded once
// per test suite (training takes a while), and its replies' text. Tests run one at a time.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "intents/dialogue/dialogue.h"

namespace loket::dialogue {

class ExampleDialogue : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = config::load_config(LOKET_EXAMPLE_CONFIG);
    ASSERT_TRUE(loaded.config);
    chat_ = new Dialogue(std::move(*loaded.config));
  }
  static void TearDownTestSuite() {
    delete chat_;
    chat_ = nullptr;
  }
  // Every message of `r`, a line each.
  static std::string text(const Reply& r) {
    std::string out;
    for (const auto& m : r.messages) out += m.text + "\n";
    return out;
  }

  static inline Dialogue* chat_ = nullptr;
};

}  // namespace loket::dialogue
