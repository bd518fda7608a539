#include "otel/trace/id_generator.h"

#include <sys/random.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "common/fork_generation.h"

namespace otel::trace {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

// xoshiro256** (Blackman & Vigna): fast, 256-bit state, good statistical quality.
struct ThreadGenerator {
  std::uint64_t s[4] = {0, 0, 0, 0};
  std::uint64_t generation = ~0ULL;

  void seed() {
    std::uint64_t seed_words[4] = {0, 0, 0, 0};
    if (getrandom(seed_words, sizeof seed_words, GRND_NONBLOCK) != sizeof seed_words) {
      // No entropy syscall: mix what differs between threads and processes.
      std::uint64_t x = static_cast<std::uint64_t>(
          std::chrono::high_resolution_clock::now().time_since_epoch().count());
      x ^= static_cast<std::uint64_t>(getpid()) << 32;
      x ^= std::hash<std::thread::id>()(std::this_thread::get_id());
      for (auto& w : seed_words) w = splitmix64(x);
    }
    std::uint64_t mix = seed_words[0] ^ seed_words[1] ^ seed_words[2] ^ seed_words[3];
    for (int i = 0; i < 4; ++i) s[i] = seed_words[i] ^ splitmix64(mix);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

thread_local ThreadGenerator tls_generator;

std::uint64_t next_random() {
  const std::uint64_t generation = internal::fork_generation();
  if (tls_generator.generation != generation) {
    tls_generator.seed();
    tls_generator.generation = generation;
  }
  return tls_generator.next();
}

class RandomIdGenerator final : public IdGenerator {
 public:
  TraceId generate_trace_id() override {
    TraceId id;
    do {
      const std::uint64_t hi = next_random();
      const std::uint64_t lo = next_random();
      std::memcpy(id.bytes.data(), &hi, 8);
      std::memcpy(id.bytes.data() + 8, &lo, 8);
    } while (!id.is_valid());
    return id;
  }
  SpanId generate_span_id() override {
    SpanId id;
    do {
      const std::uint64_t v = next_random();
      std::memcpy(id.bytes.data(), &v, 8);
    } while (!id.is_valid());
    return id;
  }
};

}  // namespace

std::shared_ptr<IdGenerator> random_id_generator() {
  static const auto kGenerator = std::make_shared<RandomIdGenerator>();
  return kGenerator;
}

}  // namespace otel::trace
