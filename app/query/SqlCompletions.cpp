#include "SqlCompletions.h"

#include "core/Identifiers.h"
#include "schema/Schema.h"

#include <QRegularExpression>

#include <algorithm>

#include <sqlite3.h>

namespace sluice {

namespace {

bool isPlainIdentifier(const QString& name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return plain.match(name).hasMatch();
}

QString shown(const QString& name)
{
    if (isPlainIdentifier(name) &&
        !sqlite3_keyword_check(name.toUtf8().constData(), int(name.toUtf8().size())))
        return name;
    return quoteIdentifier(name);
}

bool startsWith(const QString& word, const QString& prefix)
{
    if (prefix.isEmpty())
        return true;
    if (word.startsWith(prefix, Qt::CaseInsensitive))
        return true;
    // A quoted name also matches its unquoted prefix: "order items" for `ord`.
    return word.startsWith(QLatin1Char('"')) && word.mid(1).startsWith(prefix, Qt::CaseInsensitive);
}

QString unquote(QString name)
{
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
        name = name.mid(1, name.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
    return name;
}

} // namespace

const QStringList& sqliteKeywords()
{
    static const QStringList words = [] {
        QStringList w;
        const int n = sqlite3_keyword_count();
        for (int i = 0; i < n; ++i) {
            const char* name = nullptr;
            int length = 0;
            if (sqlite3_keyword_name(i, &name, &length) == SQLITE_OK)
                w << QString::fromUtf8(name, length).toUpper();
        }
        w.sort();
        return w;
    }();
    return words;
}

QStringList completionsFor(const Schema& schema, const QString& prefix, const QString& qualifier)
{
    QStringList out;
    auto add = [&](const QString& word) {
        if (startsWith(word, prefix))
            out << word;
    };
    if (!qualifier.isEmpty()) {
        const QString name = unquote(qualifier);
        for (const Table& t : schema.tables)
            if (t.name.compare(name, Qt::CaseInsensitive) == 0)
                for (const Column& c : t.columns)
                    add(shown(c.name));
        for (const View& v : schema.views)
            if (v.name.compare(name, Qt::CaseInsensitive) == 0)
                for (const QString& c : v.columns)
                    add(shown(c));
    } else {
        for (const QString& k : sqliteKeywords())
            add(k);
        for (const Table& t : schema.tables) {
            add(shown(t.name));
            for (const Column& c : t.columns)
                add(shown(c.name));
        }
        for (const View& v : schema.views) {
            add(shown(v.name));
            for (const QString& c : v.columns)
                add(shown(c));
        }
    }
    out.removeDuplicates();
    // Sorted as the names read, quotes aside.
    auto key = [](const QString& w) {
        return w.startsWith(QLatin1Char('"')) ? QStringView(w).mid(1) : QStringView(w);
    };
    std::sort(out.begin(), out.end(), [&](const QString& a, const QString& b) {
        return key(a).compare(key(b), Qt::CaseInsensitive) < 0;
    });
    return out;
}

} // namespace sluice
