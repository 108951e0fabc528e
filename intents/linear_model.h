// Multinomial logistic regression (softmax) over sparse TF-IDF features, trained with SGD and
// L2 weight decay. Internal to intents/. Immutable once trained; `logits` is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "intents/featurizer.h"

namespace loket::intents {

struct LinearModelOptions {
  int epochs = 8;
  // At least this many updates, whatever the number of inputs: a model trained on part of the
  // data (cross-validation) then ends as confident as one trained on all of it.
  std::size_t min_steps = 0;
  float learning_rate = 1.0f;
  float l2 = 1e-5f;
  std::uint64_t seed = 42;  // shuffling; fixed so training is repeatable
};

class LinearModel {
 public:
  LinearModel() = default;
  LinearModel(const std::vector<SparseVector>& inputs, const std::vector<std::uint32_t>& labels,
              const std::vector<float>& weights, std::size_t classes, std::size_t features,
              const LinearModelOptions& options = {});

  // Class probabilities for `x` into `out` (size classes()).
  void probabilities(const SparseVector& x, float* out) const;
  std::size_t classes() const { return classes_; }
  std::size_t memory_bytes() const { return weights_.size() * sizeof(std::uint16_t); }

 private:
  std::size_t classes_ = 0;
  std::size_t stride_ = 0;  // classes_ rounded up to whole vectors
  // Feature-major, weights_[f * stride_ + c], as bfloat16 (the top half of a float): half the
  // memory and memory traffic of float, and the classifier's ranking does not notice.
  std::vector<std::uint16_t> weights_;
  std::vector<float> bias_;
};

}  // namespace loket::intents
