#include "SqlLiteral.h"

#include "RealText.h"
#include "Utf8.h"

#include <sqlite3.h>

#include <charconv>
#include <cstring>

namespace sluice {

namespace {

void appendHex(QByteArray& out, const unsigned char* p, int n)
{
    static const char hex[] = "0123456789ABCDEF";
    const qsizetype at = out.size();
    out.resize(at + 2 * qsizetype(n));
    char* d = out.data() + at;
    for (int i = 0; i < n; ++i) {
        *d++ = hex[p[i] >> 4];
        *d++ = hex[p[i] & 15];
    }
}

} // namespace

void appendSqlLiteral(QByteArray& out, sqlite3_value* v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<qint64>(sqlite3_value_int64(v)));
        out.append(buf, r.ptr - buf);
        break;
    }
    case SQLITE_FLOAT:
        appendReal(out, sqlite3_value_double(v));
        break;
    case SQLITE_TEXT: {
        const auto* t = sqlite3_value_text(v);
        const int n = sqlite3_value_bytes(v);
        if (std::memchr(t, 0, static_cast<std::size_t>(n)) || !isValidUtf8(t, static_cast<std::size_t>(n))) {
            out += "CAST(X'";
            appendHex(out, t, n);
            out += "' AS TEXT)";
            break;
        }
        out += '\'';
        const char* s = reinterpret_cast<const char*>(t);
        const char* end = s + n;
        while (const char* q = static_cast<const char*>(std::memchr(s, '\'', end - s))) {
            out.append(s, q - s + 1);
            out += '\'';
            s = q + 1;
        }
        out.append(s, end - s);
        out += '\'';
        break;
    }
    case SQLITE_BLOB:
        out += "X'";
        appendHex(out, static_cast<const unsigned char*>(sqlite3_value_blob(v)), sqlite3_value_bytes(v));
        out += '\'';
        break;
    default:
        out += "NULL";
    }
}

} // namespace sluice
