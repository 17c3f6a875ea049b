#include "JsonValue.h"

#include "RealText.h"
#include "Utf8.h"

#include <sqlite3.h>

#include <charconv>
#include <cmath>

namespace sluice {

void appendJsonString(QByteArray& out, const char* s, qsizetype n)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default: {
            const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(esc, sizeof esc);
        }
        }
    }
    out.append(s + runStart, n - runStart);
    out += '"';
}

void appendJsonValue(QByteArray& out, sqlite3_value* v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<qint64>(sqlite3_value_int64(v)));
        out.append(buf, r.ptr - buf);
        break;
    }
    case SQLITE_FLOAT: {
        // Many JSON parsers (Qt's among them) refuse 1e999, so infinities get a marker of their own.
        const double d = sqlite3_value_double(v);
        if (std::isinf(d))
            out += d < 0 ? "{\"$real\":\"-Infinity\"}" : "{\"$real\":\"Infinity\"}";
        else
            appendReal(out, d);
        break;
    }
    case SQLITE_TEXT: {
        const auto* t = sqlite3_value_text(v);
        const int n = sqlite3_value_bytes(v);
        if (isValidUtf8(t, static_cast<std::size_t>(n))) {
            appendJsonString(out, reinterpret_cast<const char*>(t), n);
        } else {
            out += "{\"$textBytes\":\"";
            out += QByteArray::fromRawData(reinterpret_cast<const char*>(t), n).toBase64();
            out += "\"}";
        }
        break;
    }
    case SQLITE_BLOB: {
        const int n = sqlite3_value_bytes(v);
        out += "{\"$blob\":\"";
        if (n > 0)
            out += QByteArray::fromRawData(static_cast<const char*>(sqlite3_value_blob(v)), n).toBase64();
        out += "\"}";
        break;
    }
    default:
        out += "null";
    }
}

} // namespace sluice
