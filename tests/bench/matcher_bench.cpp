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
  std::size_t number = 0;
  for (std::string s; std::getline(in, s);) {
    ++number;
    if (s.empty()) continue;
    boost::system::error_code ec;
    const auto v = boost::json::parse(s, ec);
    const auto* text = !ec && v.is_object() ? v.get_object().if_contains("text") : nullptr;
    if (text == nullptr || !text->is_string()) {
      std::fprintf(stderr, "%s:%zu: not a JSON object with a \"text\" string\n", path, number);
      std::exit(1);
    }
    Line line{std::string(text->get_string()), {}};
    if (const auto* intent = v.get_object().if_contains("intent"); intent && intent->is_string())
      line.intent = std::string(intent->get_string());
    lines.push_back(std::move(line));
  }
  if (lines.empty()) {
    std::fprintf(stderr, "%s: no lines\n", path);
    std::exit(1);
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
  if (!(seconds > 0 && seconds <= 600)) {
    std::fprintf(stderr, "SECONDS must be a number above 0 and at most 600\n");
    return 2;
  }
  std::vector<loket::intents::TrainingExample> train;
  for (auto& line : read_lines(argv[1])) train.push_back({line.text, line.intent, lang, 1});
  const auto test = read_lines(argv[2]);

  const auto t0 = Clock::now();
  const loket::intents::IntentMatcher matcher(train);
  if (matcher.intents().empty()) {
    std::fprintf(stderr, "%s: no line has an intent\n", argv[1]);
    return 1;
  }
  const double train_s = std::chrono::duration<double>(Clock::now() - t0).count();

  double best = 0, total_s = 0;
  volatile std::size_t sink = 0;  // keeps the ranking from being optimised away
  std::size_t total = 0;
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    const auto start = Clock::now();
    for (const auto& line : test) sink = sink + matcher.rank(line.text, lang, 3).front().intent;
    const double took = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, static_cast<double>(test.size()) / took);
    total_s += took;
    total += test.size();
  }
  std::printf("train_s %.2f  classify_per_s %.0f (best round %.0f)  model_mb %.1f  features %zu\n",
              train_s, static_cast<double>(total) / total_s, best,
              static_cast<double>(matcher.memory_bytes()) / 1e6, matcher.feature_count());
  return 0;
}
