#include "intents/featurizer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "intents/stemmer.h"
#include "intents/text_normalizer.h"

namespace loket::intents {
namespace {

// Share of the similarity each kind of feature carries. Words carry meaning; pairs carry
// phrasing ("bulky waste" vs "waste"); character n-grams catch typos and compound words.
enum Group : std::uint8_t { kWord = 0, kPair = 1, kChars = 2, kGroups = 3 };
constexpr float kGroupWeight[kGroups] = {0.5f, 0.15f, 0.35f};
constexpr std::size_t kMinGram = 3;
constexpr std::size_t kMaxGram = 5;
constexpr std::size_t kMaxTokens = 200;

FeatureHash hash(Group group, std::string_view a, std::string_view b = {}) {
  std::uint64_t h = 1469598103934665603ULL ^ group;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(a);
  if (!b.empty()) {
    h ^= 0xFF;
    h *= 1099511628211ULL;
    mix(b);
  }
  // The group lives in the top bits so vectorize() can normalise groups separately.
  return (h & 0x3FFFFFFFFFFFFFFFULL) | (static_cast<std::uint64_t>(group) << 62);
}

Group group_of(FeatureHash h) { return static_cast<Group>(h >> 62); }

}  // namespace

RawFeatures extract_features(std::string_view text, std::string_view lang) {
  auto tokens = tokenize(text);
  if (tokens.size() > kMaxTokens) tokens.resize(kMaxTokens);
  std::vector<FeatureHash> hashes;
  hashes.reserve(tokens.size() * 12);
  std::string previous;
  for (const auto& token : tokens) {
    std::string stemmed = fold_accents(stem(lang, token.lower));
    hashes.push_back(hash(kWord, stemmed));
    if (!previous.empty()) hashes.push_back(hash(kPair, previous, stemmed));
    previous = stemmed;
    std::string padded = "<" + token.folded + ">";
    for (std::size_t n = kMinGram; n <= kMaxGram; ++n)
      for (std::size_t i = 0; i + n <= padded.size(); ++i)
        hashes.push_back(hash(kChars, std::string_view(padded).substr(i, n)));
  }
  std::sort(hashes.begin(), hashes.end());
  RawFeatures raw;
  for (std::size_t i = 0; i < hashes.size();) {
    std::size_t j = i;
    while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
    raw.items.emplace_back(hashes[i], 1.0f + std::log(static_cast<float>(j - i)));
    i = j;
  }
  return raw;
}

Featurizer::Featurizer(const std::vector<RawFeatures>& documents) {
  std::vector<std::uint32_t> df;
  for (const auto& doc : documents) {
    for (const auto& [h, _] : doc.items) {
      auto [it, inserted] = ids_.try_emplace(h, static_cast<std::uint32_t>(df.size()));
      if (inserted) df.push_back(0);
      ++df[it->second];
    }
  }
  const float n = static_cast<float>(documents.size());
  idf_.resize(df.size());
  for (std::size_t i = 0; i < df.size(); ++i)
    idf_[i] = std::log((n + 1) / (static_cast<float>(df[i]) + 1)) + 1;
  unseen_idf_ = std::log(n + 1) + 1;
}

SparseVector Featurizer::vectorize(const RawFeatures& raw) const {
  SparseVector out;
  std::vector<Group> groups;
  float norm_sq[kGroups] = {0, 0, 0};
  float unknown_sq[kGroups] = {0, 0, 0};
  for (const auto& [h, tf] : raw.items) {
    Group g = group_of(h);
    if (auto it = ids_.find(h); it != ids_.end()) {
      float w = tf * idf_[it->second];
      out.entries.emplace_back(it->second, w);
      groups.push_back(g);
      norm_sq[g] += w * w;
    } else {
      float w = tf * unseen_idf_;
      unknown_sq[g] += w * w;
    }
  }
  float scale[kGroups];
  for (int g = 0; g < kGroups; ++g) {
    float total = norm_sq[g] + unknown_sq[g];
    scale[g] = total > 0 ? std::sqrt(kGroupWeight[g] / total) : 0;
    out.unknown_weight_sq += unknown_sq[g] * scale[g] * scale[g];
  }
  for (std::size_t i = 0; i < out.entries.size(); ++i) out.entries[i].second *= scale[groups[i]];
  std::sort(out.entries.begin(), out.entries.end());
  return out;
}

}  // namespace loket::intents
