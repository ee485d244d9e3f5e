#include "support/Source.h"

namespace parjit {

uint32_t SourceManager::addBuffer(std::string name, std::string text) {
  File f{std::move(name), std::move(text), {0}};
  for (uint32_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n')
      f.lineStarts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size());
}

std::string_view SourceManager::lineText(uint32_t file, uint32_t line) const {
  if (file == 0 || file > files_.size())
    return {};
  const File &f = files_[file - 1];
  if (line == 0 || line > f.lineStarts.size())
    return {};
  uint32_t b = f.lineStarts[line - 1];
  uint32_t e = line < f.lineStarts.size() ? f.lineStarts[line] : f.text.size();
  std::string_view s(f.text.data() + b, e - b);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

} // namespace parjit
