// Bounded teardown: freeing one object frees what it holds, and so on down.
//
// Data can nest a million deep (x = [x] in a loop), and a suspended chain of
// coroutine frames can be tens of thousands long (a recursive `await f()`
// that waits at the bottom): freed naively, each link is one more nested
// call on the C++ stack, and the last one overflows it. Every free of a
// reference-counted object (engine/ref.hpp) and of a coroutine frame
// (engine/coro.hpp) goes through run(), which shares one nesting counter
// between them: past a fixed depth, the object waits in a queue that the
// outermost free empties (CPython's "trashcan", for both kinds at once,
// since a frame holds objects and an object can hold a frame).
#pragma once

namespace loopscope::teardown {

// Frees obj (free_fn(obj)) now, or, when the frees under way already nest
// deep, queues it for the outermost free, which returns only once the queue
// is empty. Either way it is gone when the outermost run() returns.
using FreeFn = void (*)(void* obj) noexcept;
void run(FreeFn free_fn, void* obj) noexcept;

}  // namespace loopscope::teardown
