#include "RealText.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace sluice {

void appendReal(QByteArray& out, double value)
{
    if (std::isinf(value)) {
        out += value < 0 ? "-1e999" : "1e999";
        return;
    }
    char buf[40];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    const auto n = r.ptr - buf;
    out.append(buf, n);
    if (!std::memchr(buf, '.', n) && !std::memchr(buf, 'e', n))
        out += ".0";
}

} // namespace sluice
