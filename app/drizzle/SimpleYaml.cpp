#include "SimpleYaml.h"

#include <QRegularExpression>

namespace sluice {

namespace {

struct Node
{
    int indent;
    QString key;
    bool item;
    int nextItem = 0; // for keys holding a sequence
};

QString stripComment(const QString& line)
{
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('#') && (i == 0 || line[i - 1].isSpace())) {
            return line.left(i);
        }
    }
    return line;
}

QString unquote(QString v)
{
    v = v.trimmed();
    if (v.size() >= 2 && ((v.front() == QLatin1Char('"') && v.back() == QLatin1Char('"')) ||
                          (v.front() == QLatin1Char('\'') && v.back() == QLatin1Char('\''))))
        v = v.mid(1, v.size() - 2);
    return v;
}

// "key: value" → {key, value}; a scalar without ": " → {"", scalar}.
std::pair<QString, QString> splitKey(const QString& s)
{
    static const QRegularExpression keyValue(
        QStringLiteral("^(\"[^\"]*\"|'[^']*'|[^\\s\"'][^:]*?)\\s*:(?:\\s+(.*))?$"));
    const auto m = keyValue.match(s);
    if (!m.hasMatch() || s.startsWith(QLatin1Char('/')) || s.startsWith(QLatin1Char('.')))
        return {QString(), s};
    return {unquote(m.captured(1)), m.captured(2)};
}

} // namespace

QList<YamlEntry> readSimpleYaml(const QString& text)
{
    QList<YamlEntry> entries;
    QList<Node> stack;
    const QStringList lines = text.split(QLatin1Char('\n'));
    auto pathOf = [&]() {
        QStringList p;
        for (const Node& n : stack)
            p.append(n.key);
        return p;
    };
    auto emit = [&](const QString& value, int line) {
        const QString v = value.trimmed();
        if (v.startsWith(QLatin1Char('[')) && v.endsWith(QLatin1Char(']'))) {
            // A flow sequence: one entry per element, as a block sequence would give.
            const QStringList parts = v.mid(1, v.size() - 2).split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (qsizetype i = 0; i < parts.size(); ++i)
                entries.append({pathOf() << QStringLiteral("#%1").arg(i), unquote(parts[i]), line});
            entries.append({pathOf(), unquote(v), line});
            return;
        }
        entries.append({pathOf(), unquote(v), line});
    };
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QString raw = lines[n];
        if (raw.endsWith(QLatin1Char('\r')))
            raw.chop(1);
        const QString line = stripComment(raw);
        if (line.trimmed().isEmpty() || line.trimmed() == QLatin1String("---"))
            continue;
        int indent = 0;
        while (indent < line.size() && line[indent] == QLatin1Char(' '))
            ++indent;
        QString content = line.mid(indent).trimmed();

        if (content.startsWith(QLatin1String("- ")) || content == QLatin1String("-")) {
            while (!stack.isEmpty() &&
                   (stack.last().indent > indent || (stack.last().indent == indent && stack.last().item)))
                stack.removeLast();
            const int index = stack.isEmpty() ? 0 : stack.last().nextItem++;
            stack.append({indent, QStringLiteral("#%1").arg(index), true});
            content = content.mid(1).trimmed();
            if (content.isEmpty())
                continue;
            indent += 2;
        } else {
            while (!stack.isEmpty() && stack.last().indent >= indent)
                stack.removeLast();
        }
        auto [key, value] = splitKey(content);
        if (key.isEmpty()) {
            emit(value, int(n + 1));
            continue;
        }
        stack.append({indent, key, false});
        const QString v = value.trimmed();
        if (v.startsWith(QLatin1Char('|')) || v.startsWith(QLatin1Char('>'))) {
            // Block scalar: the following lines indented deeper than the key.
            const bool fold = v.startsWith(QLatin1Char('>'));
            QStringList parts;
            const int start = int(n + 1);
            while (n + 1 < lines.size()) {
                const QString next = lines[n + 1];
                int ni = 0;
                while (ni < next.size() && next[ni] == QLatin1Char(' '))
                    ++ni;
                if (!next.trimmed().isEmpty() && ni <= indent)
                    break;
                parts.append(next.trimmed());
                ++n;
            }
            entries.append(
                {pathOf(), parts.join(fold ? QStringLiteral(" ") : QStringLiteral("\n")).trimmed(), start});
        } else {
            emit(value, int(n + 1));
        }
    }
    return entries;
}

} // namespace sluice
