// A hash table from 64-bit hashes to dense ids, for the matcher's and the language detector's
// lookups on every message: open addressing with linear probing, one cache line per lookup in
// the common case where std::unordered_map chases a node pointer. Internal to intents/. Built
// once, then only read: find() is safe from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loket::intents {

class IdTable {
 public:
  // Marks an empty slot: callers never use it as a key.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  void reserve(std::size_t n);
  // Inserts `h` with `next_id` if absent; returns its id.
  std::uint32_t insert(std::uint64_t h, std::uint32_t next_id);
  const std::uint32_t* find(std::uint64_t h) const;
  // Starts loading the cache line `find(h)` will read first.
  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(slots_.data() + home(h));
  }
  std::size_t size() const { return size_; }

 private:
  struct Slot {  // key and id side by side: one cache line per lookup
    std::uint64_t key = kEmpty;
    std::uint32_t id = 0;
  };
  std::size_t home(std::uint64_t h) const { return (h ^ (h >> 29)) & mask_; }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace loket::intents
