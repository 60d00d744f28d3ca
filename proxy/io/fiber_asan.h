// fiber_asan.h - tells AddressSanitizer when FiberLoop switches stacks, so a
// build with -fsanitize=address (GW_SANITIZE, docs/testing.md) knows which
// stack is running. Without it ASan keeps the thread's stack bounds while a
// fiber runs on an mmap'ed stack: an exception thrown in a fiber (and every
// noreturn call) makes ASan unpoison a "stack" range that spans the heap
// ("ASan is ignoring requested __asan_handle_no_return ... False positive
// error reports may follow"), and fake stacks (detect_stack_use_after_return)
// would be mixed between fibers. Debian's Boost.Context (1.74, fcontext)
// does not annotate its switches itself (only its ucontext variant does,
// with BOOST_USE_ASAN), so FiberLoop calls these around each switch.
//
// Without ASan every function here is an empty inline: the normal build's
// code is unchanged. Thread-safety: call on the thread that switches.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define GW_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GW_FIBER_ASAN 1
#endif
#endif

#ifdef GW_FIBER_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace gw::fiber_asan {

// A stack's lowest usable address and size in bytes.
struct StackBounds {
  const void* bottom = nullptr;
  size_t size = 0;
};

// Before switching to the stack `to`. `fake_stack` receives the current
// context's fake stack, to be handed to finish_switch when control comes
// back; nullptr when the current context ends for good (a fiber's last
// switch), so ASan frees its fake stack.
inline void start_switch(void** fake_stack, StackBounds to) {
#ifdef GW_FIBER_ASAN
  __sanitizer_start_switch_fiber(fake_stack, to.bottom, to.size);
#endif
}

// First thing after a switch lands. `from`, when given, receives the bounds
// of the stack that was left (how a new fiber learns its loop's stack).
inline void finish_switch(void* fake_stack, StackBounds* from = nullptr) {
#ifdef GW_FIBER_ASAN
  const void* bottom = nullptr;
  size_t size = 0;
  __sanitizer_finish_switch_fiber(fake_stack, &bottom, &size);
  if (from) *from = {bottom, size};
#endif
}

}  // namespace gw::fiber_asan
