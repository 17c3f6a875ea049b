#include "ColumnEditorKind.h"

#include "schema/SqlTokenizer.h"

namespace sluice {

namespace {

bool namesColumn(const QList<SqlToken>& toks, int i, const QString& column)
{
    const SqlToken& t = toks.at(i);
    return (t.kind == SqlToken::Kind::Word || t.kind == SqlToken::Kind::QuotedName) &&
           t.name().compare(column, Qt::CaseInsensitive) == 0;
}

// The literal list of "<column> IN (lit, lit, …)" in a CHECK expression; `numeric` tells whether
// every literal is a number. Empty when the expression has no such term.
QStringList inList(const QString& expression, const QString& column, bool* numeric)
{
    const QList<SqlToken> toks = tokenizeSql(expression);
    for (int i = 0; i + 3 < toks.size(); ++i) {
        if (!namesColumn(toks, i, column))
            continue;
        // A qualified name: "t"."c" — the column token is the last one.
        if (i + 1 < toks.size() && toks.at(i + 1).isPunct(QLatin1Char('.')))
            continue;
        if (!toks.at(i + 1).is("IN") || !toks.at(i + 2).isPunct(QLatin1Char('(')))
            continue;
        QStringList values;
        *numeric = true;
        for (int j = i + 3; j < toks.size(); ++j) {
            const SqlToken& t = toks.at(j);
            if (t.isPunct(QLatin1Char(')')))
                return values;
            if (t.isPunct(QLatin1Char(',')))
                continue;
            if (t.kind == SqlToken::Kind::String) {
                QString v = t.text.mid(1, t.text.size() - 2);
                v.replace(QStringLiteral("''"), QStringLiteral("'"));
                values << v;
                *numeric = false;
            } else if (t.kind == SqlToken::Kind::Number) {
                values << t.text;
            } else {
                break; // not a plain literal list
            }
        }
    }
    return {};
}

bool checksJsonValid(const QString& expression, const QString& column)
{
    const QList<SqlToken> toks = tokenizeSql(expression);
    for (int i = 0; i + 2 < toks.size(); ++i) {
        if (!toks.at(i).is("json_valid") || !toks.at(i + 1).isPunct(QLatin1Char('(')))
            continue;
        int j = i + 2;
        // skip a table qualifier
        while (j + 2 < toks.size() && toks.at(j + 1).isPunct(QLatin1Char('.')))
            j += 2;
        if (namesColumn(toks, j, column))
            return true;
    }
    return false;
}

} // namespace

QString editorKindName(EditorKind kind)
{
    switch (kind) {
    case EditorKind::Integer:
        return QStringLiteral("integer");
    case EditorKind::Real:
        return QStringLiteral("real");
    case EditorKind::Text:
        return QStringLiteral("text");
    case EditorKind::Blob:
        return QStringLiteral("blob");
    case EditorKind::Boolean:
        return QStringLiteral("boolean");
    case EditorKind::TimestampSeconds:
        return QStringLiteral("timestamp (seconds)");
    case EditorKind::TimestampMillis:
        return QStringLiteral("timestamp (milliseconds)");
    case EditorKind::Json:
        return QStringLiteral("JSON");
    case EditorKind::Enum:
        return QStringLiteral("enum");
    case EditorKind::Any:
        return QStringLiteral("any");
    }
    return {};
}

ColumnEditor columnEditorKind(const Table& table, const Column& column, const DrizzleColumnHint* hint)
{
    ColumnEditor e;
    QStringList checks = table.checks;
    if (!column.check.isEmpty())
        checks.prepend(column.check);

    for (const QString& c : checks) {
        bool numeric = false;
        const QStringList values = inList(c, column.name, &numeric);
        if (!values.isEmpty()) {
            const QStringList sorted = [&] {
                QStringList s = values;
                s.sort();
                return s;
            }();
            if (numeric && sorted == QStringList{QStringLiteral("0"), QStringLiteral("1")}) {
                e.kind = EditorKind::Boolean;
            } else {
                e.kind = EditorKind::Enum;
                e.enumValues = values;
            }
            e.constrained = true;
            e.reason = QStringLiteral("CHECK (%1)").arg(c.simplified());
            break;
        }
        if (checksJsonValid(c, column.name)) {
            e.kind = EditorKind::Json;
            e.constrained = true;
            e.reason = QStringLiteral("CHECK (%1)").arg(c.simplified());
            break;
        }
    }

    if (hint) {
        const QString mode = hint->mode.toLower();
        EditorKind k = e.kind;
        if (mode == QLatin1String("boolean"))
            k = EditorKind::Boolean;
        else if (mode == QLatin1String("timestamp"))
            k = EditorKind::TimestampSeconds;
        else if (mode == QLatin1String("timestamp_ms"))
            k = EditorKind::TimestampMillis;
        else if (mode == QLatin1String("json"))
            k = EditorKind::Json;
        if (!hint->enumValues.isEmpty()) {
            e.kind = EditorKind::Enum;
            e.enumValues = hint->enumValues;
            e.reason = QStringLiteral("Drizzle enum");
            return e;
        }
        if (k != e.kind || !mode.isEmpty()) {
            if (k != e.kind) {
                e.kind = k;
                e.enumValues.clear();
                e.reason = QStringLiteral("Drizzle mode '%1'").arg(mode);
                return e;
            }
        }
    }
    if (!e.reason.isEmpty())
        return e;

    const QString type = column.declaredType.trimmed().toUpper();
    if (type == QLatin1String("BOOLEAN") || type == QLatin1String("BOOL")) {
        e.kind = EditorKind::Boolean;
        e.reason = QStringLiteral("declared %1").arg(column.declaredType);
        return e;
    }
    if (type == QLatin1String("JSON") || type == QLatin1String("JSONB")) {
        e.kind = EditorKind::Json;
        e.reason = QStringLiteral("declared %1").arg(column.declaredType);
        return e;
    }
    if (type.isEmpty() || (table.strict && type == QLatin1String("ANY"))) {
        e.kind = EditorKind::Any;
        e.reason = QStringLiteral("no declared type");
        return e;
    }
    switch (column.affinity) {
    case Affinity::Integer:
        e.kind = EditorKind::Integer;
        break;
    case Affinity::Real:
    case Affinity::Numeric:
        e.kind = EditorKind::Real;
        break;
    case Affinity::Text:
        e.kind = EditorKind::Text;
        break;
    case Affinity::Blob:
        e.kind = EditorKind::Blob;
        break;
    }
    e.reason = QStringLiteral("%1 affinity").arg(affinityName(column.affinity));
    return e;
}

} // namespace sluice
