// The intent matcher's speed on one core: trains on a JSON-lines file (the format of
// ../shared/data/nlu) and ranks every line of a test file over and over, as the chat does for
// each message. Prints training seconds, classifications per second (best of the rounds) and
// the model's size.
// Usage: loket_matcher_bench TRAIN.jsonl TEST.jsonl [LANG] [SECONDS]
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "intents/intent_matcher.h"

namespace {

struct Line {
  std::string text;
  std::string intent;
};

std::vector<Line> read_lines(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path);
    std::exit(1);
  }
  std::vector<Line> lines;
  for (std::string s; std::getline(in, s);) {
    if (s.empty()) continue;
    const auto v = boost::json::parse(s).as_object();
    Line line{std::string(v.at("text").as_string()), {}};
    if (const auto* intent = v.if_contains("intent"); intent && intent->is_string())
      line.intent = std::string(intent->as_string());
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TRAIN.jsonl TEST.jsonl [LANG] [SECONDS]\n", argv[0]);
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  const std::string lang = argc > 3 ? argv[3] : "en";
  const double seconds = argc > 4 ? std::atof(argv[4]) : 3.0;
  std::vector<loket::intents::TrainingExample> train;
  for (auto& line : read_lines(argv[1])) train.push_back({line.text, line.intent, lang, 1});
  const auto test = read_lines(argv[2]);

  const auto t0 = Clock::now();
  const loket::intents::IntentMatcher matcher(train);
  const double train_s = std::chrono::duration<double>(Clock::now() - t0).count();

  double best = 0, total_s = 0;
  std::size_t sink = 0, total = 0;
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    const auto start = Clock::now();
    for (const auto& line : test) sink += matcher.rank(line.text, lang, 3).front().intent;
    const double took = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, static_cast<double>(test.size()) / took);
    total_s += took;
    total += test.size();
  }
  std::printf(
      "train_s %.2f  classify_per_s %.0f (best round %.0f)  model_mb %.1f  features %zu%s\n",
      train_s, static_cast<double>(total) / total_s, best,
      static_cast<double>(matcher.memory_bytes()) / 1e6, matcher.feature_count(),
      sink % 2 ? "" : " ");
  return 0;
}
