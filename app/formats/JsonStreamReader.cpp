#include "JsonStreamReader.h"

#include <QIODevice>

#include <cstring>

namespace sluice {

JsonStreamReader::JsonStreamReader(QIODevice* device) : m_device(device), m_buf(1 << 20)
{
    m_bufferOffset = device->pos();
}

bool JsonStreamReader::refill()
{
    m_bufferOffset += m_end;
    m_pos = m_end = 0;
    const qint64 n = m_device->read(m_buf.data(), qint64(m_buf.size()));
    if (n <= 0)
        return false;
    m_end = n;
    return true;
}

bool JsonStreamReader::seekToValue(qint64 offset)
{
    if (!m_device->seek(offset))
        return false;
    m_bufferOffset = offset;
    m_pos = m_end = 0;
    m_stack.clear();
    m_topDone = false;
    m_fragment = true;
    m_failed = false;
    m_error.clear();
    return true;
}

JsonStreamReader::Token JsonStreamReader::fail(const QString& what)
{
    if (!m_failed)
        m_error = QStringLiteral("%1 (at byte %2)").arg(what).arg(position());
    m_failed = true;
    return Token::Error;
}

void JsonStreamReader::skipWhitespace()
{
    for (;;) {
        while (m_pos < m_end) {
            const char c = m_buf[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                return;
            ++m_pos;
        }
        if (!refill())
            return;
    }
}

void JsonStreamReader::valueDone()
{
    if (m_stack.empty())
        m_topDone = true;
    else
        ++m_stack.back().count;
}

JsonStreamReader::Token JsonStreamReader::next()
{
    if (m_failed)
        return Token::Error;
    skipWhitespace();
    m_tokenOffset = position();
    if (m_stack.empty()) {
        if (!m_topDone) {
            // A UTF-8 byte order mark is allowed before the document.
            if (m_tokenOffset == 0 && peek() == 0xEF) {
                if (get() != 0xEF || get() != 0xBB || get() != 0xBF)
                    return fail(QStringLiteral("the file is not JSON text"));
                skipWhitespace();
                m_tokenOffset = position();
            }
            if (peek() < 0)
                return fail(QStringLiteral("the file is empty"));
            return value();
        }
        if (m_fragment || peek() < 0)
            return Token::End;
        return fail(QStringLiteral("unexpected data after the end of the JSON document"));
    }
    Frame& f = m_stack.back();
    int c = peek();
    if (c < 0)
        return fail(QStringLiteral("the file ends in the middle of the JSON document: it is truncated"));
    if (f.object) {
        if (f.needValue) {
            f.needValue = false;
            return value();
        }
        if (c == '}') {
            get();
            m_stack.pop_back();
            valueDone();
            return Token::EndObject;
        }
        if (f.count > 0) {
            if (c != ',')
                return fail(QStringLiteral("expected ',' or '}' in an object"));
            get();
            skipWhitespace();
            m_tokenOffset = position();
            c = peek();
        }
        if (c != '"')
            return fail(c < 0 ? QStringLiteral("the file ends in the middle of an object: it is truncated")
                              : QStringLiteral("expected a quoted member name"));
        get();
        if (!readString())
            return Token::Error;
        skipWhitespace();
        if (get() != ':')
            return fail(
                QStringLiteral("expected ':' after the member name \"%1\"").arg(QString::fromUtf8(m_text)));
        f.needValue = true;
        return Token::Key;
    }
    if (c == ']') {
        get();
        m_stack.pop_back();
        valueDone();
        return Token::EndArray;
    }
    if (f.count > 0) {
        if (c != ',')
            return fail(QStringLiteral("expected ',' or ']' in an array"));
        get();
        skipWhitespace();
        m_tokenOffset = position();
    }
    return value();
}

JsonStreamReader::Token JsonStreamReader::value()
{
    const int c = peek();
    switch (c) {
    case '{':
        get();
        m_stack.push_back({true});
        return Token::BeginObject;
    case '[':
        get();
        m_stack.push_back({false});
        return Token::BeginArray;
    case '"':
        get();
        if (!readString())
            return Token::Error;
        valueDone();
        return Token::String;
    case 't':
        if (!readWord("true"))
            return Token::Error;
        valueDone();
        return Token::True;
    case 'f':
        if (!readWord("false"))
            return Token::Error;
        valueDone();
        return Token::False;
    case 'n':
        if (!readWord("null"))
            return Token::Error;
        valueDone();
        return Token::Null;
    case -1:
        return fail(QStringLiteral("the file ends where a value should be: it is truncated"));
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            if (!readNumber())
                return Token::Error;
            valueDone();
            return Token::Number;
        }
        return fail(QStringLiteral("expected a value, found '%1'").arg(QChar(c)));
    }
}

bool JsonStreamReader::readWord(const char* word)
{
    for (const char* p = word; *p; ++p)
        if (get() != *p)
            return fail(QStringLiteral("expected '%1'").arg(QLatin1String(word))), false;
    return true;
}

bool JsonStreamReader::readNumber()
{
    m_text.resize(0);
    auto digits = [&]() {
        int n = 0;
        for (int c = peek(); c >= '0' && c <= '9'; c = peek(), ++n)
            m_text += char(get());
        return n;
    };
    if (peek() == '-')
        m_text += char(get());
    if (peek() == '0')
        m_text += char(get());
    else if (digits() == 0)
        return fail(QStringLiteral("a number without digits")), false;
    if (peek() == '.') {
        m_text += char(get());
        if (digits() == 0)
            return fail(QStringLiteral("a number with no digits after '.'")), false;
    }
    if (peek() == 'e' || peek() == 'E') {
        m_text += char(get());
        if (peek() == '+' || peek() == '-')
            m_text += char(get());
        if (digits() == 0)
            return fail(QStringLiteral("a number with no digits in its exponent")), false;
    }
    return true;
}

namespace {
int hexValue(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(QByteArray& out, unsigned cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}
} // namespace

bool JsonStreamReader::readString()
{
    m_text.resize(0);
    for (;;) {
        // Copy plain runs straight from the buffer; stop at the quote, an escape or a control byte.
        qint64 i = m_pos;
        while (i < m_end) {
            const unsigned char c = static_cast<unsigned char>(m_buf[i]);
            if (c == '"' || c == '\\' || c < 0x20)
                break;
            ++i;
        }
        m_text.append(m_buf.data() + m_pos, i - m_pos);
        m_pos = i;
        if (m_pos == m_end) { // the run reached the end of the buffer: the string goes on in the next
            if (!refill())
                return fail(QStringLiteral("the file ends inside a string: it is truncated")), false;
            continue;
        }
        const int c = get();
        if (c < 0)
            return fail(QStringLiteral("the file ends inside a string: it is truncated")), false;
        if (c == '"')
            return true;
        if (c < 0x20)
            return fail(QStringLiteral("a control character inside a string (it must be escaped)")), false;
        const int e = get();
        switch (e) {
        case '"':
            m_text += '"';
            break;
        case '\\':
            m_text += '\\';
            break;
        case '/':
            m_text += '/';
            break;
        case 'b':
            m_text += '\b';
            break;
        case 'f':
            m_text += '\f';
            break;
        case 'n':
            m_text += '\n';
            break;
        case 'r':
            m_text += '\r';
            break;
        case 't':
            m_text += '\t';
            break;
        case 'u': {
            auto read4 = [&]() -> int {
                int v = 0;
                for (int k = 0; k < 4; ++k) {
                    const int h = hexValue(get());
                    if (h < 0)
                        return -1;
                    v = v * 16 + h;
                }
                return v;
            };
            int cp = read4();
            if (cp < 0)
                return fail(QStringLiteral("a \\u escape without four hex digits")), false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (get() != '\\' || get() != 'u')
                    return fail(QStringLiteral("a lone UTF-16 surrogate in a \\u escape")), false;
                const int low = read4();
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail(QStringLiteral("a lone UTF-16 surrogate in a \\u escape")), false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return fail(QStringLiteral("a lone UTF-16 surrogate in a \\u escape")), false;
            }
            appendUtf8(m_text, unsigned(cp));
            break;
        }
        default:
            return fail(QStringLiteral("an unknown escape in a string")), false;
        }
    }
}

bool JsonStreamReader::skipValue(Token first)
{
    if (first != Token::BeginObject && first != Token::BeginArray)
        return first != Token::Error;
    const std::size_t depth = m_stack.size() - 1;
    while (m_stack.size() > depth) {
        const Token t = next();
        if (t == Token::Error || t == Token::End)
            return false;
    }
    return true;
}

} // namespace sluice
