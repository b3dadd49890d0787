#include "app/file_history.h"

#include <cstdlib>
#include <fstream>

namespace pyshell::app {

std::vector<std::string> FileHistoryStore::load() {
    std::vector<std::string> lines;
    std::ifstream in(path_, std::ios::binary);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

void FileHistoryStore::append(const std::string& line) {
    if (path_.empty() || line.find('\n') != std::string::npos) return;
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << line << '\n';  // a full disk loses this entry, never the session
}

std::string FileHistoryStore::default_path() {
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/.pyshell_history" : std::string();
}

}  // namespace pyshell::app
