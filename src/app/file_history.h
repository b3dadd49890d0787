// History kept in a file (~/.pyshell_history natively, /home/user/.pyshell_history on the
// web, inside the kept home folder), one entry a line,
// appended as entries are added, so two shells at once both keep theirs.
#pragma once

#include <string>
#include <vector>

#include "core/ports.h"

namespace pyshell::app {

class FileHistoryStore final : public core::HistoryStore {
public:
    explicit FileHistoryStore(std::string path) : path_(std::move(path)) {}
    std::vector<std::string> load() override;
    void append(const std::string& line) override;
    // The default file: $HOME/.pyshell_history ("" when HOME is unset).
    static std::string default_path();

private:
    std::string path_;
};

}  // namespace pyshell::app
