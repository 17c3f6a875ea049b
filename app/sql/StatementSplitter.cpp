#include "StatementSplitter.h"

#include <sqlite3.h>

namespace sluice {

namespace {

// Index of the first byte that is not whitespace, a comment or ';', starting at `from`
// (or `end` when there is none). Comments follow SQLite's lexer: "--" to end of line,
// "/*" to "*/" (an unterminated one runs to the end).
int skipBlank(const QByteArray& s, int from, int end)
{
    int i = from;
    while (i < end) {
        const char c = s.at(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ';') {
            ++i;
        } else if (c == '-' && i + 1 < end && s.at(i + 1) == '-') {
            while (i < end && s.at(i) != '\n')
                ++i;
        } else if (c == '/' && i + 1 < end && s.at(i + 1) == '*') {
            i += 2;
            while (i + 1 < end && !(s.at(i) == '*' && s.at(i + 1) == '/'))
                ++i;
            i = (i + 1 < end) ? i + 2 : end;
        } else {
            break;
        }
    }
    return i;
}

int trimRight(const QByteArray& s, int begin, int end)
{
    while (end > begin) {
        const char c = s.at(end - 1);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            --end;
        else
            break;
    }
    return end;
}

} // namespace

bool isBlankSql(const QString& sql)
{
    const QByteArray u = sql.toUtf8();
    return skipBlank(u, 0, int(u.size())) == int(u.size());
}

QList<StatementSpan> splitStatements(const QString& script)
{
    const QByteArray u = script.toUtf8();
    const int n = int(u.size());
    QList<StatementSpan> out;

    // Line number of every byte is counted incrementally as the scan moves forward.
    int lineAt = 0;
    int line = 1;
    auto lineOf = [&](int pos) {
        while (lineAt < pos) {
            if (u.at(lineAt) == '\n')
                ++line;
            ++lineAt;
        }
        return line;
    };

    auto emit = [&](int begin, int end, bool terminated) {
        const int textEnd = trimRight(u, begin, end);
        if (textEnd <= begin)
            return;
        StatementSpan s;
        s.utf8Begin = begin;
        s.utf8End = textEnd;
        s.text = QString::fromUtf8(u.constData() + begin, textEnd - begin);
        s.firstLine = lineOf(begin);
        s.lastLine = lineOf(textEnd - 1);
        s.terminated = terminated;
        out << s;
    };

    int start = skipBlank(u, 0, n);
    QByteArray candidate;
    int pos = start;
    while (start < n) {
        const int semi = int(u.indexOf(';', pos));
        if (semi < 0) {
            emit(start, n, false);
            break;
        }
        candidate = u.mid(start, semi - start + 1);
        if (sqlite3_complete(candidate.constData())) {
            emit(start, semi + 1, true);
            start = skipBlank(u, semi + 1, n);
            pos = start;
        } else {
            pos = semi + 1;
        }
    }
    return out;
}

} // namespace sluice
