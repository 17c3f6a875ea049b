#include "NodeText.h"

#include <QCryptographicHash>

namespace sluice {

namespace {

// The WHATWG UTF-8 decoder (which V8 follows): a lead byte announces how many continuation bytes
// follow and which range the first one must fall in; the first byte that does not fit ends the
// sequence with one U+FFFD and is itself examined again.
struct Utf8Decoder
{
    template <class Emit> bool run(const QByteArray& bytes, Emit emit)
    {
        bool valid = true;
        char32_t codePoint = 0;
        int needed = 0;
        int seen = 0;
        unsigned lower = 0x80, upper = 0xBF;
        const qsizetype n = bytes.size();
        for (qsizetype i = 0; i < n;) {
            const unsigned b = static_cast<unsigned char>(bytes[i]);
            if (needed == 0) {
                ++i;
                if (b <= 0x7F) {
                    emit(char32_t(b));
                } else if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    if (b == 0xE0)
                        lower = 0xA0;
                    if (b == 0xED)
                        upper = 0x9F;
                    needed = 2;
                    codePoint = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    if (b == 0xF0)
                        lower = 0x90;
                    if (b == 0xF4)
                        upper = 0x8F;
                    needed = 3;
                    codePoint = b & 0x07;
                } else {
                    valid = false;
                    emit(char32_t(0xFFFD));
                }
                continue;
            }
            if (b < lower || b > upper) {
                // Do not consume b: it starts the next sequence.
                codePoint = 0;
                needed = seen = 0;
                lower = 0x80;
                upper = 0xBF;
                valid = false;
                emit(char32_t(0xFFFD));
                continue;
            }
            ++i;
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            if (++seen == needed) {
                emit(codePoint);
                codePoint = 0;
                needed = seen = 0;
            }
        }
        if (needed != 0) {
            valid = false;
            emit(char32_t(0xFFFD));
        }
        return valid;
    }
};

} // namespace

QString decodeUtf8LikeNode(const QByteArray& bytes)
{
    QString out;
    out.reserve(bytes.size());
    Utf8Decoder().run(bytes, [&](char32_t c) {
        if (c < 0x10000) {
            out.append(QChar(char16_t(c)));
        } else {
            out.append(QChar::highSurrogate(c));
            out.append(QChar::lowSurrogate(c));
        }
    });
    return out;
}

bool isValidUtf8(const QByteArray& bytes)
{
    return Utf8Decoder().run(bytes, [](char32_t) {});
}

QString drizzleHash(const QString& text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QStringList splitAtBreakpoints(const QString& text)
{
    return text.split(kStatementBreakpoint, Qt::KeepEmptyParts);
}

} // namespace sluice
