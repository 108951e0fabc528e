#include "intents/linear_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>

namespace loket::intents {
namespace {

constexpr std::size_t kLanes = 8;  // floats in an AVX2 register

// An AVX2 build of a function next to the default one, picked when the program is loaded. Not
// under ThreadSanitizer: the loader runs the picking function before the sanitizer's runtime is
// there, and the instrumented function crashes.
#if defined(__SANITIZE_THREAD__)
#define LOKET_ALSO_FOR_AVX2
#else
#define LOKET_ALSO_FOR_AVX2 __attribute__((target_clones("avx2", "default")))
#endif

// The arithmetic below reads a model no thread writes once it is trained, and trains on vectors
// of the training thread's own (each cross-validation fold has its own model). ThreadSanitizer
// made it forty times slower, three quarters of a sanitized server's start; it checks the rest.
#if defined(__SANITIZE_THREAD__)
#define LOKET_OWN_DATA_ONLY __attribute__((no_sanitize("thread")))
#else
#define LOKET_OWN_DATA_ONLY
#endif

// Logits into `out`; `scale` is the lazy weight-decay factor (true weights = scale * stored).
// The inner loop is the matcher's hottest: built for AVX2 too, picked at load time.
LOKET_ALSO_FOR_AVX2 LOKET_OWN_DATA_ONLY void accumulate(const std::vector<float>& weights,
                                                        const std::vector<float>& bias,
                                                        std::size_t classes, const SparseVector& x,
                                                        float scale, float* out) {
  std::copy(bias.begin(), bias.end(), out);
  for (const auto& [f, v] : x.entries) {
    const float* row = &weights[static_cast<std::size_t>(f) * classes];
    const float a = v * scale;
    for (std::size_t c = 0; c < classes; ++c) out[c] += a * row[c];
  }
}

// Logits from the bfloat16 weights of a trained model into out[0, stride). Rows are padded to
// a multiple of eight classes, so the loop is whole AVX2 vectors with no scalar remainder.
LOKET_ALSO_FOR_AVX2 LOKET_OWN_DATA_ONLY void accumulate_bf16(
    const std::vector<std::uint16_t>& weights, const std::vector<float>& bias, std::size_t stride,
    const SparseVector& x, float* out) {
  std::copy(bias.begin(), bias.end(), out);
  std::fill(out + bias.size(), out + stride, 0.0f);
  // The rows are scattered over a model larger than the core's caches: ask for the next rows'
  // cache lines while this one is added, or every row waits for memory in turn.
  constexpr std::size_t kAhead = 8;
  const auto prefetch = [&](std::size_t i) {
    const auto* row = reinterpret_cast<const char*>(
        &weights[static_cast<std::size_t>(x.entries[i].first) * stride]);
    for (std::size_t b = 0; b < stride * sizeof(std::uint16_t); b += 64)
      __builtin_prefetch(row + b);
  };
  for (std::size_t i = 0; i < std::min(kAhead, x.entries.size()); ++i) prefetch(i);
  for (std::size_t i = 0; i < x.entries.size(); ++i) {
    if (i + kAhead < x.entries.size()) prefetch(i + kAhead);
    const auto [f, v] = x.entries[i];
    const std::uint16_t* row = &weights[static_cast<std::size_t>(f) * stride];
    for (std::size_t c = 0; c < stride; ++c)
      out[c] += v * std::bit_cast<float>(static_cast<std::uint32_t>(row[c]) << 16);
  }
}

std::uint16_t to_bf16(float f) {
  const auto bits = std::bit_cast<std::uint32_t>(f);
  return static_cast<std::uint16_t>((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);  // round to even
}

// e^x for x <= 0, to about 2e-7 relative error, without branches so the softmax loop below
// vectorises (std::exp is a call per class). Below -87 the result is 0.
LOKET_OWN_DATA_ONLY inline float exp_nonpositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  // x = n ln 2 + r with |r| <= ln 2 / 2; for y <= 0, truncating y - 0.5 rounds to nearest.
  const auto ni = static_cast<std::int32_t>(x * 1.44269504f - 0.5f);
  const auto n = static_cast<float>(ni);
  const float r = x - n * 0.693145752f - n * 1.42860677e-6f;
  float p = 1.98412698e-4f;
  p = p * r + 1.38888889e-3f;
  p = p * r + 8.33333333e-3f;
  p = p * r + 4.16666667e-2f;
  p = p * r + 1.66666667e-1f;
  p = p * r + 0.5f;
  p = p * r * r + r + 1.0f;
  const auto scale = static_cast<std::uint32_t>(ni + 127) << 23;
  return p * std::bit_cast<float>(scale);
}

// Max and sum run in eight independent lanes: a float reduction in one accumulator is a chain of
// dependent additions the compiler may not reorder (it would change the rounding), so it would
// not vectorise.
LOKET_ALSO_FOR_AVX2 LOKET_OWN_DATA_ONLY void softmax(float* z, std::size_t n) {
  float lane[kLanes];
  for (std::size_t l = 0; l < kLanes; ++l) lane[l] = z[0];
  std::size_t c = 0;
  for (; c + kLanes <= n; c += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) lane[l] = lane[l] > z[c + l] ? lane[l] : z[c + l];
  float top = lane[0];
  for (std::size_t l = 1; l < kLanes; ++l) top = std::max(top, lane[l]);
  for (; c < n; ++c) top = std::max(top, z[c]);
  for (c = 0; c < n; ++c) z[c] = exp_nonpositive(z[c] - top);  // vectorised
  for (std::size_t l = 0; l < kLanes; ++l) lane[l] = 0;
  for (c = 0; c + kLanes <= n; c += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) lane[l] += z[c + l];
  float sum = 0;
  for (std::size_t l = 0; l < kLanes; ++l) sum += lane[l];
  for (; c < n; ++c) sum += z[c];
  const float inv = 1 / sum;
  for (c = 0; c < n; ++c) z[c] *= inv;
}

}  // namespace

LOKET_OWN_DATA_ONLY LinearModel::LinearModel(const std::vector<SparseVector>& inputs,
                                             const std::vector<std::uint32_t>& labels,
                                             const std::vector<float>& sample_weights,
                                             std::size_t classes, std::size_t features,
                                             const LinearModelOptions& options)
    : classes_(classes), bias_(classes, 0.0f) {
  std::vector<float> weights(features * classes, 0.0f);
  std::vector<std::size_t> order(inputs.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  std::vector<float> p(classes);
  // Plain pointers in the loops: under ThreadSanitizer the vectors' operators are calls here.
  float* const gradient = p.data();
  float* const weight = weights.data();
  float* const bias = bias_.data();
  float scale = 1;
  const std::size_t total_steps =
      std::max(static_cast<std::size_t>(options.epochs) * inputs.size(), options.min_steps);
  std::size_t step = 0;
  while (step < total_steps && !inputs.empty()) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t i : order) {
      if (step >= total_steps) break;
      // Linear decay to a tenth: large steps find the region, small ones settle in it.
      const float progress = static_cast<float>(step++) / static_cast<float>(total_steps);
      const float lr = options.learning_rate * (1.0f - 0.9f * progress) * sample_weights[i];
      accumulate(weights, bias_, classes, inputs[i], scale, gradient);
      softmax(gradient, classes);
      gradient[labels[i]] -= 1;  // of the cross-entropy with respect to the logits
      scale *= 1 - lr * options.l2;
      if (scale < 1e-6f) {  // fold the factor back in before it underflows
        for (std::size_t w = 0; w < weights.size(); ++w) weight[w] *= scale;
        scale = 1;
      }
      const float step_size = lr / scale;
      for (const auto& [f, v] : inputs[i].entries) {
        float* row = weight + static_cast<std::size_t>(f) * classes;
        const float a = step_size * v;
        for (std::size_t c = 0; c < classes; ++c) row[c] -= a * gradient[c];
      }
      for (std::size_t c = 0; c < classes; ++c) bias[c] -= lr * 0.1f * gradient[c];
    }
  }
  stride_ = (classes + kLanes - 1) / kLanes * kLanes;
  weights_.assign(features * stride_, 0);
  for (std::size_t f = 0; f < features; ++f)
    for (std::size_t c = 0; c < classes; ++c)
      weights_[f * stride_ + c] = to_bf16(weights[f * classes + c] * scale);
}

void LinearModel::probabilities(const SparseVector& x, float* out) const {
  thread_local std::vector<float> logits;
  logits.resize(stride_);
  accumulate_bf16(weights_, bias_, stride_, x, logits.data());
  softmax(logits.data(), classes_);
  std::copy_n(logits.data(), classes_, out);
}

}  // namespace loket::intents
