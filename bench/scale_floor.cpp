#include "bench/scale_floor.hpp"

#include <string>

#include "bench/scale_floor_models.hpp"

namespace loopscope::scale_floor {

std::optional<Model> parse_model(std::string_view name) {
    if (name == "bare") return Model::Bare;
    if (name == "objects") return Model::Objects;
    return std::nullopt;
}

RunReport run(Model model, std::int64_t n, const Seed& seed, bool record_trace) {
    return model == Model::Bare ? run_bare(n, seed, record_trace) : run_objects(n, seed, record_trace);
}

RunReport RunState::report() {
    RunReport r;
    r.transcript = std::move(transcript);
    r.trace.events = loop.take_events();
    r.task_steps = steps;
    r.tasks_created = static_cast<std::size_t>(n);
    return r;
}

TranscriptLine gathered_line(double now, std::int64_t count, std::int64_t sum) {
    return TranscriptLine{now, TranscriptLine::Kind::Print,
                          "gathered " + std::to_string(count) + " sum " + std::to_string(sum)};
}

}  // namespace loopscope::scale_floor
