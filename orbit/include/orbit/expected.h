// A small value-or-error type (std::expected is C++23; we build with C++20).
#pragma once

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace orbit {

// Wraps an error so that Expected<T, E> can be built from it even when T and E are
// the same type.
template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> MakeUnexpected(E&& error) {
  return Unexpected<std::decay_t<E>>{std::forward<E>(error)};
}

// Holds either a value of T or an error of E. Reading the value of an error (or
// the error of a value) throws std::logic_error: it is a programming mistake.
template <class T, class E>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Expected(Unexpected<E> error)                                            // NOLINT
      : state_(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    if (!has_value()) throw std::logic_error("orbit::Expected: value() called on an error");
    return std::get<0>(state_);
  }
  const T& value() const& {
    if (!has_value()) throw std::logic_error("orbit::Expected: value() called on an error");
    return std::get<0>(state_);
  }
  T&& value() && {
    if (!has_value()) throw std::logic_error("orbit::Expected: value() called on an error");
    return std::get<0>(std::move(state_));
  }
  const E& error() const {
    if (has_value()) throw std::logic_error("orbit::Expected: error() called on a value");
    return std::get<1>(state_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> state_;
};

}  // namespace orbit
