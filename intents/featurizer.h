// Turns a text into sparse TF-IDF features: stemmed words, stemmed word pairs and character
// n-grams of accent-folded words (which survive typos and compounds). Internal to intents/.
// A trained Featurizer is immutable and safe to use from many threads.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "intents/id_table.h"
#include "intents/text_normalizer.h"

namespace loket::intents {

using FeatureHash = std::uint64_t;

struct SparseVector {
  std::vector<std::pair<std::uint32_t, float>> entries;  // known features
  float unknown_weight_sq = 0;  // squared weight of features unseen in training
};

// Raw features of one text: hash -> weight before IDF, grouped so each group can be normalised.
struct RawFeatures {
  std::vector<std::pair<FeatureHash, float>> items;
};

RawFeatures extract_features(std::string_view text, std::string_view lang);
// The same into `out`, reusing its memory (the per-message path allocates nothing then).
void extract_features(std::string_view text, std::string_view lang, RawFeatures& out);
// The same from the message's tokens, made once for all of a turn's steps.
void extract_features(const std::vector<Token>& tokens, std::string_view lang, RawFeatures& out);

class Featurizer {
 public:
  // Learns the vocabulary and IDF from the training documents' raw features.
  explicit Featurizer(const std::vector<RawFeatures>& documents);

  // Weighted, L2-normalised vector. Features unseen in training still count in the norm, so a
  // long text that shares one word with an example is not mistaken for it.
  SparseVector vectorize(const RawFeatures& raw) const;
  void vectorize(const RawFeatures& raw, SparseVector& out) const;  // reusing out's memory

  std::size_t size() const { return idf_.size(); }

 private:
  IdTable ids_;  // keys are never IdTable::kEmpty: no group sets both top bits
  std::vector<float> idf_;
  std::vector<std::uint32_t> df_;
  std::vector<std::uint8_t> group_;  // words, word pairs or character n-grams
  float unseen_idf_ = 1;
};

}  // namespace loket::intents
