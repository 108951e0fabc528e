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
// Chosen by cross-validation over CLINC150, xSID (nl, de, en), COVID-QA and the example
// municipality together; see docs/benchmarks.md.
constexpr float kGroupWeight[kGroups] = {0.35f, 0.1f, 0.55f};
// Character 4-grams of the padded word ("<pas", "pasp", ... "ort>"): as accurate as 3- to
// 5-grams on every data set, with a third of the features, so classification is faster.
constexpr std::size_t kGram = 4;

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
  RawFeatures raw;
  extract_features(text, lang, raw);
  return raw;
}

void extract_features(std::string_view text, std::string_view lang, RawFeatures& raw) {
  auto tokens = tokenize(text);
  if (tokens.size() > kMaxTokens) tokens.resize(kMaxTokens);
  // Reused per thread: extraction runs for every message and should not allocate per word.
  thread_local std::vector<FeatureHash> hashes;
  thread_local std::string previous, stemmed, padded;
  hashes.clear();
  previous.clear();
  for (const auto& token : tokens) {
    stemmed = fold_accents(stem(lang, token.lower));
    hashes.push_back(hash(kWord, stemmed));
    if (!previous.empty()) hashes.push_back(hash(kPair, previous, stemmed));
    previous.swap(stemmed);
    padded.assign(1, '<');
    padded += token.folded;
    padded += '>';
    for (std::size_t i = 0; i + kGram <= padded.size(); ++i)
      hashes.push_back(hash(kChars, std::string_view(padded).substr(i, kGram)));
  }
  std::sort(hashes.begin(), hashes.end());
  raw.items.clear();
  raw.items.reserve(hashes.size());
  for (std::size_t i = 0; i < hashes.size();) {
    std::size_t j = i;
    while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
    raw.items.emplace_back(hashes[i], 1.0f + std::log(static_cast<float>(j - i)));
    i = j;
  }
}

void Featurizer::IdTable::reserve(std::size_t n) {
  std::size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  keys_.assign(capacity, kEmpty);
  values_.assign(capacity, 0);
  mask_ = capacity - 1;
  size_ = 0;
}

std::uint32_t Featurizer::IdTable::insert(FeatureHash h, std::uint32_t next_id) {
  if (2 * (size_ + 1) > keys_.size()) {
    auto old_keys = std::move(keys_);
    auto old_values = std::move(values_);
    reserve(size_ + 1);
    for (std::size_t i = 0; i < old_keys.size(); ++i)
      if (old_keys[i] != kEmpty) insert(old_keys[i], old_values[i]);
  }
  for (std::size_t i = (h ^ (h >> 29)) & mask_;; i = (i + 1) & mask_) {
    if (keys_[i] == h) return values_[i];
    if (keys_[i] == kEmpty) {
      keys_[i] = h;
      values_[i] = next_id;
      ++size_;
      return next_id;
    }
  }
}

const std::uint32_t* Featurizer::IdTable::find(FeatureHash h) const {
  if (keys_.empty()) return nullptr;
  for (std::size_t i = (h ^ (h >> 29)) & mask_;; i = (i + 1) & mask_) {
    if (keys_[i] == h) return &values_[i];
    if (keys_[i] == kEmpty) return nullptr;
  }
}

Featurizer::Featurizer(const std::vector<RawFeatures>& documents) {
  std::size_t total = 0;
  for (const auto& doc : documents) total += doc.items.size();
  ids_.reserve(total / 4 + 16);
  for (const auto& doc : documents) {
    for (const auto& [h, _] : doc.items) {
      const auto next = static_cast<std::uint32_t>(df_.size());
      const auto id = ids_.insert(h, next);
      if (id == next) {
        df_.push_back(0);
        group_.push_back(group_of(h));
      }
      ++df_[id];
    }
  }
  const float n = static_cast<float>(documents.size());
  idf_.resize(df_.size());
  for (std::size_t i = 0; i < df_.size(); ++i)
    idf_[i] = std::log((n + 1) / (static_cast<float>(df_[i]) + 1)) + 1;
  unseen_idf_ = std::log(n + 1) + 1;
}

SparseVector Featurizer::vectorize(const RawFeatures& raw) const {
  SparseVector out;
  vectorize(raw, out);
  return out;
}

void Featurizer::vectorize(const RawFeatures& raw, SparseVector& out) const {
  out.entries.clear();
  out.unknown_weight_sq = 0;
  out.entries.reserve(raw.items.size());
  float norm_sq[kGroups] = {0, 0, 0};
  float unknown_sq[kGroups] = {0, 0, 0};
  for (const auto& [h, tf] : raw.items) {
    Group g = group_of(h);
    if (const std::uint32_t* id = ids_.find(h)) {
      float w = tf * idf_[*id];
      out.entries.emplace_back(*id, w);
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
  for (auto& [id, w] : out.entries) w *= scale[group_[id]];
}

}  // namespace loket::intents
