#include "intents/featurizer.h"

#include <algorithm>
#include <cmath>
#include <span>
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

Group group_of(FeatureHash h) {
  return static_cast<Group>(h >> 62);
}

}  // namespace

RawFeatures extract_features(std::string_view text, std::string_view lang) {
  RawFeatures raw;
  extract_features(text, lang, raw);
  return raw;
}

void extract_features(std::string_view text, std::string_view lang, RawFeatures& raw) {
  extract_features(tokenize(text), lang, raw);
}

void extract_features(const std::vector<Token>& all_tokens, std::string_view lang,
                      RawFeatures& raw) {
  const std::span<const Token> tokens(all_tokens.data(), std::min(all_tokens.size(), kMaxTokens));
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
  // Counting repeats in a small hash table: a message's features are mostly distinct, and
  // sorting them to find the repeats cost more than the rest of the extraction.
  struct Seen {
    FeatureHash key;
    std::uint32_t item;
    std::uint32_t stamp;  // the call that wrote it: no clearing between calls
  };
  thread_local std::vector<Seen> seen;
  thread_local std::uint32_t stamp = 0;
  std::size_t capacity = 64;
  while (capacity < 2 * hashes.size()) capacity *= 2;
  if (seen.size() < capacity || ++stamp == 0) {
    seen.assign(std::max(capacity, seen.size()), Seen{0, 0, 0});
    stamp = 1;
  }
  const std::size_t mask = capacity - 1;
  raw.items.clear();
  raw.items.reserve(hashes.size());
  for (FeatureHash h : hashes) {
    for (std::size_t i = (h ^ (h >> 31)) & mask;; i = (i + 1) & mask) {
      if (seen[i].stamp != stamp) {
        seen[i] = {h, static_cast<std::uint32_t>(raw.items.size()), stamp};
        raw.items.emplace_back(h, 1.0f);
        break;
      }
      if (seen[i].key == h) {
        raw.items[seen[i].item].second += 1;
        break;
      }
    }
  }
  for (auto& item : raw.items)
    if (item.second > 1) item.second = 1.0f + std::log(item.second);
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
  // Lookups land anywhere in a table larger than the core's caches: start all their loads first.
  for (const auto& [h, tf] : raw.items) ids_.prefetch(h);
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
