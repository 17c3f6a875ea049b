#include "ViewEditing.h"

#include "BoundStatement.h"
#include "schema/SqlTokenizer.h"

namespace sluice {

namespace {

bool isWord(const SqlToken& t, const char* word)
{
    return t.kind == SqlToken::Kind::Word && t.text.compare(QLatin1String(word), Qt::CaseInsensitive) == 0;
}

// INSERT / UPDATE / DELETE after "INSTEAD OF" in a CREATE TRIGGER, or nothing.
std::optional<StagedEdit::Kind> insteadOfEvent(const QString& sql)
{
    const QList<SqlToken> tokens = tokenizeSql(sql);
    for (qsizetype i = 0; i + 2 < tokens.size(); ++i) {
        if (!isWord(tokens.at(i), "INSTEAD") || !isWord(tokens.at(i + 1), "OF"))
            continue;
        const SqlToken& event = tokens.at(i + 2);
        if (isWord(event, "INSERT"))
            return StagedEdit::Kind::Insert;
        if (isWord(event, "UPDATE"))
            return StagedEdit::Kind::Update;
        if (isWord(event, "DELETE"))
            return StagedEdit::Kind::Delete;
        return std::nullopt;
    }
    return std::nullopt;
}

void add(ViewWriteAccess& access, const QString& triggerSql)
{
    // UPDATE OF col, … fires only for those columns: it still offers updates, and SQLite's own
    // refusal names a column outside it.
    switch (insteadOfEvent(triggerSql).value_or(StagedEdit::Kind(-1))) {
    case StagedEdit::Kind::Insert:
        access.insert = true;
        break;
    case StagedEdit::Kind::Update:
        access.update = true;
        break;
    case StagedEdit::Kind::Delete:
        access.remove = true;
        break;
    }
}

} // namespace

bool ViewWriteAccess::allows(StagedEdit::Kind kind) const
{
    switch (kind) {
    case StagedEdit::Kind::Insert:
        return insert;
    case StagedEdit::Kind::Update:
        return update;
    case StagedEdit::Kind::Delete:
        return remove;
    }
    return false;
}

ViewWriteAccess viewWriteAccess(const QList<Trigger>& triggers, const QString& view)
{
    ViewWriteAccess access;
    for (const Trigger& t : triggers)
        if (t.table.compare(view, Qt::CaseInsensitive) == 0)
            add(access, t.sql);
    return access;
}

Result<ViewWriteAccess> readViewWriteAccess(Connection& connection, const QString& view)
{
    BoundStatement st(connection,
                      QStringLiteral("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? "
                                     "COLLATE NOCASE"),
                      QStringLiteral("Reading the triggers of %1").arg(view));
    if (!st.ok())
        return st.error();
    if (Status b = st.bind(SqlValueList{SqlValue::text(view)}); !b)
        return b.error();
    ViewWriteAccess access;
    while (true) {
        Result<bool> row = st.step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        add(access, st.value(0).toText());
    }
    return access;
}

Table viewAsTable(const View& view)
{
    Table t;
    t.name = view.name;
    t.sql = view.sql;
    t.withoutRowid = true; // no rowid to read back after an insert
    int cid = 0;
    for (const QString& name : view.columns) {
        Column c;
        c.cid = cid++;
        c.name = name;
        t.columns << c;
    }
    return t;
}

bool isViewTable(const Table& table)
{
    const QList<SqlToken> tokens = tokenizeSql(table.sql);
    for (qsizetype i = 1; i < tokens.size() && i < 3; ++i)
        if (isWord(tokens.at(i), "VIEW"))
            return isWord(tokens.first(), "CREATE");
    return false;
}

QString viewAccessText(const QString& view, const ViewWriteAccess& access)
{
    if (!access.any())
        return QStringLiteral("%1 is a view without INSTEAD OF triggers: its rows are read-only (SQLite "
                              "can only change a view's rows through INSTEAD OF INSERT/UPDATE/DELETE "
                              "triggers)")
            .arg(view);
    QStringList missing;
    if (!access.insert)
        missing << QStringLiteral("INSERT");
    if (!access.update)
        missing << QStringLiteral("UPDATE");
    if (!access.remove)
        missing << QStringLiteral("DELETE");
    if (missing.isEmpty())
        return {};
    return QStringLiteral("%1 is a view with no INSTEAD OF %2 trigger: those operations are not offered")
        .arg(view, missing.join(QStringLiteral("/")));
}

} // namespace sluice
