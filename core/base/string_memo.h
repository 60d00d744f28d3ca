// string_memo.h - remembers the last results of a pure string -> string
// function, for hot paths that see the same few inputs again and again (the
// lookup hash of an API key: one HMAC-SHA256, ~5k instructions, on every
// request of the same few keys). Direct-mapped: each input has one slot,
// chosen by its hash; a different input in that slot replaces it. Inputs
// longer than kMaxInput are computed every time and never stored.
//
// Thread-compatible: one memo per thread (callers keep it thread_local).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gw {

template <size_t Slots>
class StringMemo {
 public:
  static constexpr size_t kMaxInput = 256;

  // compute(input) if `input` is not remembered under `owner`, else the
  // remembered result. `owner` names the function (for instance one key's
  // HMAC): results remembered under another owner are never returned.
  template <class Compute>
  std::string get(uint64_t owner, std::string_view input, Compute&& compute) {
    if (input.size() > kMaxInput) return compute(input);
    Slot& slot = slots_[std::hash<std::string_view>{}(input) % Slots];
    if (slot.owner != owner || slot.input != input) {
      slot.output = compute(input);
      slot.input.assign(input);
      slot.owner = owner;
    }
    return slot.output;
  }

 private:
  struct Slot {
    uint64_t owner = 0;  // 0: empty
    std::string input;
    std::string output;
  };
  std::array<Slot, Slots> slots_;
};

}  // namespace gw
