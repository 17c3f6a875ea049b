#include "EnvFile.h"

#include <QFile>
#include <QRegularExpression>

namespace sluice {

EnvFile parseEnvFile(const QString& text, const QString& path)
{
    EnvFile env;
    env.path = path;
    static const QRegularExpression assignment(
        QStringLiteral("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\\s*[=:]\\s*(.*)$"));
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QString line = lines[n];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const auto m = assignment.match(line);
        if (!m.hasMatch())
            continue;
        const QString key = m.captured(1);
        const int startLine = int(n + 1);
        QString raw = m.captured(2);
        QString value;
        const QChar q = raw.isEmpty() ? QChar() : raw.front();
        if (q == QLatin1Char('"') || q == QLatin1Char('\'') || q == QLatin1Char('`')) {
            // A quoted value may span lines (dotenv allows it); it ends at the matching quote.
            QString rest = raw.mid(1);
            qsizetype close = rest.indexOf(q);
            qsizetype k = n;
            while (close < 0 && k + 1 < lines.size()) {
                ++k;
                QString next = lines[k];
                if (next.endsWith(QLatin1Char('\r')))
                    next.chop(1);
                rest += QLatin1Char('\n') + next;
                close = rest.indexOf(q);
            }
            if (close < 0) { // unterminated: dotenv keeps the raw text of the first line
                value = raw.trimmed();
            } else {
                value = rest.left(close);
                n = k;
                if (q == QLatin1Char('"'))
                    value.replace(QStringLiteral("\\n"), QStringLiteral("\n"))
                        .replace(QStringLiteral("\\r"), QStringLiteral("\r"));
            }
        } else {
            const qsizetype hash = raw.indexOf(QRegularExpression(QStringLiteral("\\s#")));
            if (raw.startsWith(QLatin1Char('#')))
                raw.clear();
            else if (hash >= 0)
                raw.truncate(hash);
            value = raw.trimmed();
        }
        env.values.insert(key, value);
        env.lines.insert(key, startLine);
    }
    return env;
}

Result<EnvFile> readEnvFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(QStringLiteral("Reading %1").arg(path),
                              QStringLiteral("the file cannot be read (%1)").arg(file.errorString()),
                              QStringLiteral("Check its permissions."), path);
    return parseEnvFile(QString::fromUtf8(file.readAll()), path);
}

} // namespace sluice
