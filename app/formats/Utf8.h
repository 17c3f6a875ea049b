#pragma once
// SQLite stores TEXT bytes as given, so a column can hold invalid UTF-8. JSON must be valid UTF-8,
// and a SQL text literal must not contain NUL: the encoders check before they choose a form.
#include <cstddef>

namespace sluice {

bool isValidUtf8(const unsigned char* s, std::size_t n);

} // namespace sluice
