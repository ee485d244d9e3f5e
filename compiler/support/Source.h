// Source files held in memory, and the locations that point into them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parjit {

/// A point in a source file. Lines and columns are 1-based; file 0 is "no file".
struct SourceLoc {
  uint32_t file = 0;
  uint32_t line = 0;
  uint32_t col = 0;
  bool valid() const { return file != 0; }
};

struct SourceRange {
  SourceLoc begin, end;
};

/// Owns the text of every file the compiler reads; a SourceLoc names one of them.
class SourceManager {
public:
  /// Adds a buffer and returns its file id (>= 1).
  uint32_t addBuffer(std::string name, std::string text);
  const std::string &name(uint32_t file) const { return files_[file - 1].name; }
  std::string_view text(uint32_t file) const { return files_[file - 1].text; }
  /// The text of one line, without its newline ("" if out of range).
  std::string_view lineText(uint32_t file, uint32_t line) const;
  size_t numFiles() const { return files_.size(); }

private:
  struct File {
    std::string name, text;
    std::vector<uint32_t> lineStarts;
  };
  std::vector<File> files_;
};

} // namespace parjit
