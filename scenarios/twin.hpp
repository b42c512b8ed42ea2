// What every C++ twin includes: the asyncio API and the scenario context.
//
// Conventions of a twin (so that it reads next to its .py file):
// - each `async def` is a Coro<Value> function of the same name, taking the
//   ScenarioContext first;
// - `at_line(N)` before an await names the .py line of that await,
//   which the GUI's source view highlights;
// - `except X:` is `catch (PyError& e)` with a check of e.exc's class.
#pragma once

#include "engine/asyncio.hpp"
#include "engine/pprint.hpp"
#include "engine/scenario.hpp"

namespace loopscope::scenarios {

using aio::Awaitable;
using aio::ReturnWhen;

// `except Exception` / `except asyncio.CancelledError`: rethrows what the
// clause would not catch.
inline void only_catch(const PyError& e, const ExceptionType& cls) {
    if (!e.exc->is(cls)) throw e;
}

inline ReturnWhen return_when_param(const ScenarioContext& ctx, const std::string& name) {
    return *aio::parse_return_when(ctx.param(name).as_str());
}

inline std::optional<double> optional_seconds(const Value& v) {
    if (v.is_none()) return std::nullopt;
    return v.as_float();
}

}  // namespace loopscope::scenarios
