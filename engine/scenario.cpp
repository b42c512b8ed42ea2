#include "engine/scenario.hpp"

#include <cstdio>

namespace loopscope {

std::string format_transcript_line(const TranscriptLine& line) {
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%.6f | ", line.time);
    return stamp + line.text;
}

ScenarioContext::ScenarioContext(Loop& loop, PyRandom& random, const std::map<std::string, Value>& params,
                                 std::vector<TranscriptLine>& transcript, TraceRecorder* recorder)
    : loop_(loop), random_(random), params_(params), transcript_(transcript), recorder_(recorder) {}

const Value& ScenarioContext::param(const std::string& name) const {
    auto it = params_.find(name);
    if (it == params_.end()) raise(exc_types::KeyError, name);
    return it->second;
}

void ScenarioContext::print(const std::vector<Value>& args) { print_text(print_line(args)); }

void ScenarioContext::print_text(const std::string& text) {
    // stdout shows a multi-line text as several lines; each is stamped.
    std::size_t start = 0;
    for (;;) {
        const std::size_t nl = text.find('\n', start);
        std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (Observer* obs = loop_.observer()) obs->printed(line);
        transcript_.push_back(TranscriptLine{loop_.time(), TranscriptLine::Kind::Print, std::move(line)});
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
}

void ScenarioContext::expose(const std::string& name, const Ref<Future>& fut) {
    targets_[name] = fut;
    if (recorder_) recorder_->label(*fut, name);
}

Ref<Future> ScenarioContext::target(const std::string& name) const {
    auto it = targets_.find(name);
    return it == targets_.end() ? Ref<Future>() : it->second;
}

}  // namespace loopscope
