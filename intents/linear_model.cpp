#include "intents/linear_model.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace loket::intents {
namespace {

// Logits into `out`; `scale` is the lazy weight-decay factor (true weights = scale * stored).
// The inner loop is the matcher's hottest: built for AVX2 too, picked at load time.
__attribute__((target_clones("avx2", "default"))) void accumulate(const std::vector<float>& weights, const std::vector<float>& bias,
                std::size_t classes, const SparseVector& x, float scale, float* out) {
  std::copy(bias.begin(), bias.end(), out);
  for (const auto& [f, v] : x.entries) {
    const float* row = &weights[static_cast<std::size_t>(f) * classes];
    const float a = v * scale;
    for (std::size_t c = 0; c < classes; ++c) out[c] += a * row[c];
  }
}

void softmax(float* z, std::size_t n) {
  const float top = *std::max_element(z, z + n);
  float sum = 0;
  for (std::size_t c = 0; c < n; ++c) sum += (z[c] = std::exp(z[c] - top));
  const float inv = 1 / sum;
  for (std::size_t c = 0; c < n; ++c) z[c] *= inv;
}

}  // namespace

LinearModel::LinearModel(const std::vector<SparseVector>& inputs,
                         const std::vector<std::uint32_t>& labels,
                         const std::vector<float>& sample_weights, std::size_t classes,
                         std::size_t features, const LinearModelOptions& options)
    : classes_(classes), weights_(features * classes, 0.0f), bias_(classes, 0.0f) {
  std::vector<std::size_t> order(inputs.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  std::vector<float> p(classes);
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
      accumulate(weights_, bias_, classes, inputs[i], scale, p.data());
      softmax(p.data(), classes);
      p[labels[i]] -= 1;  // gradient of the cross-entropy with respect to the logits
      scale *= 1 - lr * options.l2;
      if (scale < 1e-6f) {  // fold the factor back in before it underflows
        for (auto& w : weights_) w *= scale;
        scale = 1;
      }
      const float step_size = lr / scale;
      for (const auto& [f, v] : inputs[i].entries) {
        float* row = &weights_[static_cast<std::size_t>(f) * classes];
        const float a = step_size * v;
        for (std::size_t c = 0; c < classes; ++c) row[c] -= a * p[c];
      }
      for (std::size_t c = 0; c < classes; ++c) bias_[c] -= lr * 0.1f * p[c];
    }
  }
  for (auto& w : weights_) w *= scale;
}

void LinearModel::probabilities(const SparseVector& x, float* out) const {
  accumulate(weights_, bias_, classes_, x, 1.0f, out);
  softmax(out, classes_);
}

}  // namespace loket::intents
