#include "MigrationLint.h"

#include "core/Connection.h"
#include "core/Identifiers.h"
#include "schema/SchemaReader.h"
#include "schema/SqlTokenizer.h"
#include "sql/StatementSplitter.h"

#include <QHash>
#include <QLocale>

#include <algorithm>
#include <optional>

namespace sluice {

namespace {

const QString kBreakpoint = QStringLiteral("--> statement-breakpoint");

QString count(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString plural(qint64 n, const char* one, const char* many)
{
    return count(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

bool sameName(const QString& a, const QString& b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// What one statement does, as far as the risk checks need to know. Read from tokens only.
struct Facts
{
    enum class Kind {
        Other,
        CreateTable,
        CreateIndex,
        CreateView,
        CreateTrigger,
        DropTable,
        DropOther,
        RenameTable,
        RenameColumn,
        AddColumn,
        DropColumn,
        Pragma,
        Transaction,
        Update,
        Delete,
        Insert,
        Select,
    };
    Kind kind = Kind::Other;
    QString name;    // the table (or created/dropped object) concerned
    QString newName; // RENAME TO
    QString column;  // ADD/DROP/RENAME COLUMN
    QString pragmaValue;
    QString keyword; // first word, upper case
    bool hasWhere = false;
    // ADD COLUMN
    bool notNull = false;
    bool nonNullDefault = false;
    bool references = false;
    bool fkAction = false;
    QString referencedTable;
};

class TokenReader
{
public:
    explicit TokenReader(const QList<SqlToken>& t) : m_t(t) {}
    bool atEnd() const { return m_i >= m_t.size(); }
    bool is(const char* w) const { return !atEnd() && m_t.at(m_i).is(w); }
    bool accept(const char* w)
    {
        if (!is(w))
            return false;
        ++m_i;
        return true;
    }
    // A possibly schema-qualified name: returns its last part.
    QString name()
    {
        if (atEnd())
            return {};
        QString n = m_t.at(m_i).name();
        ++m_i;
        if (!atEnd() && m_t.at(m_i).isPunct(QLatin1Char('.')) && m_i + 1 < m_t.size()) {
            n = m_t.at(m_i + 1).name();
            m_i += 2;
        }
        return n;
    }
    qsizetype pos() const { return m_i; }
    void seek(qsizetype i) { m_i = i; }

private:
    const QList<SqlToken>& m_t;
    qsizetype m_i = 0;
};

// True when a WHERE keyword appears outside parentheses from token `from` on.
bool hasTopLevelWhere(const QList<SqlToken>& t, qsizetype from)
{
    int depth = 0;
    for (qsizetype i = from; i < t.size(); ++i) {
        if (t.at(i).isPunct(QLatin1Char('(')))
            ++depth;
        else if (t.at(i).isPunct(QLatin1Char(')')))
            --depth;
        else if (depth == 0 && t.at(i).is("WHERE"))
            return true;
    }
    return false;
}

void readColumnDefinition(const QList<SqlToken>& t, qsizetype from, Facts& f)
{
    int depth = 0;
    for (qsizetype i = from; i < t.size(); ++i) {
        const SqlToken& k = t.at(i);
        if (k.isPunct(QLatin1Char('('))) {
            ++depth;
            continue;
        }
        if (k.isPunct(QLatin1Char(')'))) {
            --depth;
            continue;
        }
        if (depth != 0)
            continue;
        if (k.is("NOT") && i + 1 < t.size() && t.at(i + 1).is("NULL"))
            f.notNull = true;
        else if (k.is("DEFAULT") && i + 1 < t.size())
            f.nonNullDefault = !t.at(i + 1).is("NULL");
        else if (k.is("REFERENCES") && i + 1 < t.size()) {
            f.references = true;
            f.referencedTable = t.at(i + 1).name();
        } else if (f.references && k.is("ON") && i + 1 < t.size() &&
                   (t.at(i + 1).is("DELETE") || t.at(i + 1).is("UPDATE")))
            f.fkAction = true;
    }
}

Facts analyze(const QString& sql)
{
    Facts f;
    const QList<SqlToken> t = tokenizeSql(sql);
    if (t.isEmpty())
        return f;
    TokenReader r(t);
    f.keyword = t.first().text.toUpper();
    if (r.is("WITH")) {
        // Skip the common table expressions: the statement's verb is the first word at depth 0
        // after them.
        int depth = 0;
        for (qsizetype i = 1; i < t.size(); ++i) {
            if (t.at(i).isPunct(QLatin1Char('(')))
                ++depth;
            else if (t.at(i).isPunct(QLatin1Char(')')))
                --depth;
            else if (depth == 0 && (t.at(i).is("UPDATE") || t.at(i).is("DELETE") || t.at(i).is("INSERT") ||
                                    t.at(i).is("REPLACE") || t.at(i).is("SELECT"))) {
                r.seek(i);
                f.keyword = t.at(i).text.toUpper();
                break;
            }
        }
    }
    if (r.accept("CREATE")) {
        r.accept("TEMP") || r.accept("TEMPORARY");
        r.accept("UNIQUE");
        r.accept("VIRTUAL");
        Facts::Kind kind = Facts::Kind::Other;
        if (r.accept("TABLE"))
            kind = Facts::Kind::CreateTable;
        else if (r.accept("INDEX"))
            kind = Facts::Kind::CreateIndex;
        else if (r.accept("VIEW"))
            kind = Facts::Kind::CreateView;
        else if (r.accept("TRIGGER"))
            kind = Facts::Kind::CreateTrigger;
        else
            return f;
        if (r.accept("IF")) {
            r.accept("NOT");
            r.accept("EXISTS");
        }
        f.kind = kind;
        f.name = r.name();
    } else if (r.accept("DROP")) {
        const bool table = r.accept("TABLE");
        if (!table && !(r.accept("INDEX") || r.accept("VIEW") || r.accept("TRIGGER")))
            return f;
        if (r.accept("IF"))
            r.accept("EXISTS");
        f.kind = table ? Facts::Kind::DropTable : Facts::Kind::DropOther;
        f.name = r.name();
    } else if (r.accept("ALTER")) {
        if (!r.accept("TABLE"))
            return f;
        f.name = r.name();
        if (r.accept("RENAME")) {
            if (r.accept("TO")) {
                f.kind = Facts::Kind::RenameTable;
                f.newName = r.name();
            } else {
                r.accept("COLUMN");
                f.kind = Facts::Kind::RenameColumn;
                f.column = r.name();
                r.accept("TO");
                f.newName = r.name();
            }
        } else if (r.accept("ADD")) {
            r.accept("COLUMN");
            f.kind = Facts::Kind::AddColumn;
            f.column = r.name();
            readColumnDefinition(t, r.pos(), f);
        } else if (r.accept("DROP")) {
            r.accept("COLUMN");
            f.kind = Facts::Kind::DropColumn;
            f.column = r.name();
        }
    } else if (r.accept("PRAGMA")) {
        f.kind = Facts::Kind::Pragma;
        f.name = r.name().toLower();
        if (!r.atEnd() &&
            (t.at(r.pos()).isPunct(QLatin1Char('=')) || t.at(r.pos()).isPunct(QLatin1Char('('))))
            r.seek(r.pos() + 1);
        if (!r.atEnd())
            f.pragmaValue = t.at(r.pos()).name();
    } else if (r.is("BEGIN") || r.is("COMMIT") || r.is("END") || r.is("ROLLBACK") || r.is("SAVEPOINT") ||
               r.is("RELEASE")) {
        f.kind = Facts::Kind::Transaction;
    } else if (r.accept("UPDATE")) {
        if (r.accept("OR"))
            r.seek(r.pos() + 1);
        f.kind = Facts::Kind::Update;
        f.name = r.name();
        f.hasWhere = hasTopLevelWhere(t, r.pos());
    } else if (r.accept("DELETE")) {
        r.accept("FROM");
        f.kind = Facts::Kind::Delete;
        f.name = r.name();
        f.hasWhere = hasTopLevelWhere(t, r.pos());
    } else if (r.is("INSERT") || r.is("REPLACE")) {
        f.kind = Facts::Kind::Insert;
    } else if (r.is("SELECT") || r.is("VALUES")) {
        f.kind = Facts::Kind::Select;
    }
    return f;
}

// True when `sql` names `table` anywhere as an identifier (views and trigger bodies).
bool mentionsTable(const QString& sql, const QString& table)
{
    const QList<SqlToken> t = tokenizeSql(sql);
    return std::any_of(t.begin(), t.end(), [&](const SqlToken& k) {
        return (k.kind == SqlToken::Kind::Word || k.kind == SqlToken::Kind::QuotedName) &&
               sameName(k.name(), table);
    });
}

// The schema the database has at a point of the migration: its DDL replayed, without data, on a
// private in-memory database, and read back with readSchema when a check needs it.
class ShadowSchema
{
public:
    explicit ShadowSchema(const Schema& start) : m_schema(start)
    {
        auto opened = Connection::openMemory();
        if (!opened)
            return;
        m_db = std::move(opened.value());
        auto create = [this](const QString& sql) {
            if (!sql.isEmpty())
                (void)m_db->exec(sql);
        };
        for (const Table& t : start.tables)
            create(t.sql);
        for (const Index& i : start.indexes)
            create(i.sql);
        for (const View& v : start.views)
            create(v.sql);
        for (const Trigger& t : start.triggers)
            create(t.sql);
    }

    const Schema& schema()
    {
        if (m_dirty && m_db) {
            auto read = readSchema(*m_db);
            if (read)
                m_schema = read->schema;
            m_dirty = false;
        }
        return m_schema;
    }

    // Runs a statement on the shadow; returns SQLite's refusal, if any.
    std::optional<DbError> apply(const QString& sql)
    {
        if (!m_db)
            return std::nullopt;
        m_dirty = true;
        Status s = m_db->exec(sql);
        if (s)
            return std::nullopt;
        return s.error();
    }

private:
    Schema m_schema;
    std::unique_ptr<Connection> m_db;
    bool m_dirty = false;
};

struct Child
{
    QString table;
    QStringList columns;
    QString onDelete; // upper case
};

QList<Child> childrenOf(const Schema& schema, const QString& parent)
{
    QList<Child> out;
    for (const Table& t : schema.tables) {
        if (sameName(t.name, parent))
            continue;
        for (const ForeignKey& fk : t.foreignKeys)
            if (sameName(fk.targetTable, parent))
                out << Child{t.name, fk.fromColumns, fk.onDelete.toUpper()};
    }
    return out;
}

class Linter
{
public:
    Linter(const Schema& current, const LintOptions& options) : m_current(current), m_options(options) {}

    QList<LintFinding> run(const QList<MigrationSource>& migrations);

private:
    struct Item
    {
        int migration = 0;
        LocatedStatement where;
        Facts facts;
    };

    void add(const Item& at, LintSeverity severity, const QString& code, const QString& title,
             const QString& explanation, const QString& object = {})
    {
        LintFinding f;
        f.migration = at.migration;
        f.chunk = at.where.chunk;
        f.statement = at.where.statement;
        f.line = at.where.line;
        f.severity = severity;
        f.code = code;
        f.title = title;
        f.explanation = explanation;
        f.object = object;
        m_out << f;
    }

    // Counts from the real database; only for tables that exist there now.
    std::optional<qint64> countWhere(const QString& table, const QString& condition = {})
    {
        if (!m_options.data || !m_current.table(table))
            return std::nullopt;
        QString sql = QStringLiteral("SELECT count(*) FROM ") + quoteIdentifier(m_current.table(table)->name);
        if (!condition.isEmpty())
            sql += QStringLiteral(" WHERE ") + condition;
        auto v = m_options.data->scalar(sql, {}, QStringLiteral("Counting rows for the review"));
        if (!v)
            return std::nullopt;
        return v->toLongLong();
    }
    std::optional<qint64> childRows(const Child& c)
    {
        QStringList cond;
        for (const QString& col : c.columns)
            cond << quoteIdentifier(col) + QStringLiteral(" IS NOT NULL");
        return countWhere(c.table, cond.join(QStringLiteral(" AND ")));
    }

    void checkRebuild(const Item& drop, qsizetype dropIndex);
    void checkDropTable(const Item& it);
    void checkRename(const Item& it);
    void checkAddColumn(const Item& it);
    void checkStatement(const Item& it, qsizetype index);

    const Schema& m_current;
    LintOptions m_options;
    std::unique_ptr<ShadowSchema> m_shadow;
    QList<Item> m_items;
    QHash<qsizetype, qsizetype> m_rebuildRename; // DROP TABLE item → its RENAME TO item
    QList<qsizetype> m_rebuildRenames;
    bool m_reportedFailure = false;
    QList<LintFinding> m_out;
};

void Linter::checkRebuild(const Item& drop, qsizetype dropIndex)
{
    const QString table = drop.facts.name;
    const Schema& schema = m_shadow->schema();
    const QString rebuilt =
        QStringLiteral("Table %1 is rebuilt (copied into %2, dropped, and the copy renamed)")
            .arg(table, m_items.at(m_rebuildRename.value(dropIndex)).facts.name);
    add(drop, LintSeverity::Info, QStringLiteral("table-rebuild"), QStringLiteral("Rebuild of %1").arg(table),
        rebuilt + QStringLiteral(". Its rows are kept by the INSERT … SELECT before this DROP."), table);

    QStringList actionLines;
    QStringList blockingLines;
    for (const Child& c : childrenOf(schema, table)) {
        const auto rows = childRows(c);
        const QString cols = c.columns.join(QStringLiteral(", "));
        if (c.onDelete == QLatin1String("CASCADE") || c.onDelete == QLatin1String("SET NULL")) {
            const bool cascade = c.onDelete == QLatin1String("CASCADE");
            QString line = QStringLiteral("%1 (%2, ON DELETE %3)").arg(c.table, cols, c.onDelete);
            if (rows)
                line +=
                    cascade
                        ? QStringLiteral(": %1 would be deleted").arg(plural(*rows, "row", "rows"))
                        : QStringLiteral(": %1 would be set to NULL").arg(plural(*rows, "value", "values"));
            actionLines << line;
        } else {
            QString line = QStringLiteral("%1 (%2, ON DELETE %3)").arg(c.table, cols, c.onDelete);
            if (rows)
                line += QStringLiteral(": %1 pointing at %2").arg(plural(*rows, "row", "rows"), table);
            blockingLines << line;
        }
    }
    if (!actionLines.isEmpty())
        add(drop, LintSeverity::Danger, QStringLiteral("rebuild-cascade"),
            QStringLiteral("Rebuild of %1 fires ON DELETE actions when foreign keys are on").arg(table),
            rebuilt + QStringLiteral(". Other tables reference it: ") +
                actionLines.join(QStringLiteral("; ")) +
                QStringLiteral(
                    ". The migration's PRAGMA foreign_keys=OFF is ignored inside a transaction, so "
                    "with foreign keys on (drizzle-orm's better-sqlite3 migrator, or sql.js with "
                    "foreign keys turned on) DROP TABLE %1 deletes every row of %1 first and these "
                    "actions run. Sluice turns foreign keys off before BEGIN.")
                    .arg(table),
            table);
    if (!blockingLines.isEmpty())
        add(drop, LintSeverity::Warning, QStringLiteral("rebuild-fk-fails"),
            QStringLiteral("Rebuild of %1 fails when foreign keys are on").arg(table),
            rebuilt + QStringLiteral(". Tables that reference it without an ON DELETE action: ") +
                blockingLines.join(QStringLiteral("; ")) +
                QStringLiteral(
                    ". With foreign keys on (drizzle-orm's better-sqlite3 migrator) DROP TABLE %1 "
                    "fails with \"FOREIGN KEY constraint failed\" when any of them has rows, and the "
                    "whole run is rolled back.")
                    .arg(table),
            table);

    // DROP TABLE takes the table's triggers with it; drizzle-kit recreates only indexes.
    QStringList lost;
    for (const Trigger& tr : schema.triggers) {
        if (!sameName(tr.table, table))
            continue;
        bool recreated = false;
        for (qsizetype j = dropIndex + 1; j < m_items.size() && !recreated; ++j)
            recreated = m_items.at(j).facts.kind == Facts::Kind::CreateTrigger &&
                        sameName(m_items.at(j).facts.name, tr.name);
        if (!recreated)
            lost << tr.name;
    }
    if (!lost.isEmpty())
        add(drop, LintSeverity::Warning, QStringLiteral("rebuild-drops-triggers"),
            QStringLiteral("Rebuild of %1 drops its triggers: %2")
                .arg(table, lost.join(QStringLiteral(", "))),
            QStringLiteral(
                "DROP TABLE %1 also drops every trigger on it, and the migration does not create %2 "
                "again (drizzle-kit recreates only indexes after a rebuild). Add the CREATE TRIGGER "
                "statements after the RENAME.")
                .arg(table, lost.size() == 1 ? QStringLiteral("it") : QStringLiteral("them")),
            table);

    // Views and other tables' triggers that name the table stop the RENAME: SQLite re-checks them
    // while the table does not exist.
    QStringList blockers;
    for (const View& v : schema.views)
        if (mentionsTable(v.sql, table))
            blockers << QStringLiteral("view ") + v.name;
    for (const Trigger& tr : schema.triggers)
        if (!sameName(tr.table, table) && mentionsTable(tr.sql, table))
            blockers << QStringLiteral("trigger ") + tr.name;
    if (!blockers.isEmpty())
        add(drop, LintSeverity::Danger, QStringLiteral("rebuild-view-blocks"),
            QStringLiteral("Rebuild of %1 fails: %2 use it").arg(table, blockers.join(QStringLiteral(", "))),
            QStringLiteral(
                "After DROP TABLE %1, the ALTER TABLE … RENAME TO %1 fails with \"error in view/trigger "
                "…: no such table: main.%1\", because SQLite checks every view and trigger during a "
                "rename. Drop them before the rebuild and create them again after it.")
                .arg(table),
            table);
}

void Linter::checkDropTable(const Item& it)
{
    const QString table = it.facts.name;
    const auto rows = countWhere(table);
    QString explanation = QStringLiteral("DROP TABLE %1 deletes the table and all its data").arg(table);
    if (rows)
        explanation += QStringLiteral(" (%1 now)").arg(plural(*rows, "row", "rows"));
    explanation += QLatin1Char('.');
    const QList<Child> children = childrenOf(m_shadow->schema(), table);
    if (!children.isEmpty()) {
        QStringList names;
        for (const Child& c : children)
            names << QStringLiteral("%1 (ON DELETE %2)").arg(c.table, c.onDelete);
        explanation +=
            QStringLiteral(" Tables that reference it: %1; with foreign keys on their ON DELETE "
                           "actions run, and afterwards their REFERENCES point at a missing table.")
                .arg(names.join(QStringLiteral(", ")));
    }
    add(it, LintSeverity::Danger, QStringLiteral("drop-table"),
        rows ? QStringLiteral("DROP TABLE %1 loses %2").arg(table, plural(*rows, "row", "rows"))
             : QStringLiteral("DROP TABLE %1 loses its data").arg(table),
        explanation, table);
}

void Linter::checkRename(const Item& it)
{
    const QList<Child> children = childrenOf(m_shadow->schema(), it.facts.name);
    if (children.isEmpty())
        return;
    QStringList names;
    for (const Child& c : children)
        names << c.table;
    add(it, LintSeverity::Warning, QStringLiteral("rename-referenced"),
        QStringLiteral("Renaming %1 re-points the REFERENCES of %2")
            .arg(it.facts.name, names.join(QStringLiteral(", "))),
        QStringLiteral(
            "Since SQLite 3.26, ALTER TABLE %1 RENAME TO %2 rewrites the foreign keys of %3 to point "
            "at %2. That is right for a real rename, but not when %1 is renamed out of the way to be "
            "replaced: the children then reference the old table.")
            .arg(it.facts.name, it.facts.newName, names.join(QStringLiteral(", "))),
        it.facts.name);
}

void Linter::checkAddColumn(const Item& it)
{
    const Facts& f = it.facts;
    const QString object = f.name + QLatin1Char('.') + f.column;
    if (f.notNull && !f.nonNullDefault) {
        const auto rows = countWhere(f.name);
        if (rows && *rows == 0) {
            add(it, LintSeverity::Info, QStringLiteral("add-not-null"),
                QStringLiteral("NOT NULL column %1 without a default").arg(object),
                QStringLiteral("Adding a NOT NULL column without a non-NULL default works only on an empty "
                               "table. %1 is empty now, but the same migration fails on any copy of this "
                               "database that has rows in it.")
                    .arg(f.name),
                object);
        } else {
            QString explanation = QStringLiteral("SQLite refuses to add a NOT NULL column without a non-NULL "
                                                 "default to a table that has rows (\"Cannot add a NOT NULL "
                                                 "column with default value NULL\")");
            if (rows)
                explanation +=
                    QStringLiteral(", and %1 has %2: this statement fails and the whole run is rolled "
                                   "back")
                        .arg(f.name, plural(*rows, "row", "rows"));
            explanation +=
                QStringLiteral(". Give the column a DEFAULT, or add it nullable and fill it first.");
            add(it, rows ? LintSeverity::Danger : LintSeverity::Warning, QStringLiteral("add-not-null"),
                QStringLiteral("NOT NULL column %1 without a default").arg(object), explanation, object);
        }
    }
    if (f.references && !f.fkAction)
        add(it, LintSeverity::Info, QStringLiteral("add-fk-action-lost"),
            QStringLiteral("Foreign key on %1 has no ON DELETE/ON UPDATE action").arg(object),
            QStringLiteral(
                "The database gets NO ACTION for %1 → %2. drizzle-kit writes ADD … REFERENCES without "
                "the onDelete/onUpdate declared in the schema, while its snapshot records them: if the "
                "schema declares an action, the snapshot and the database now disagree (a table "
                "rebuild is needed to add it).")
                .arg(object, f.referencedTable),
            object);
}

void Linter::checkStatement(const Item& it, qsizetype index)
{
    const Facts& f = it.facts;
    switch (f.kind) {
    case Facts::Kind::DropTable:
        if (m_rebuildRename.contains(index))
            checkRebuild(it, index);
        else
            checkDropTable(it);
        break;
    case Facts::Kind::RenameTable:
        if (!m_rebuildRenames.contains(index))
            checkRename(it);
        break;
    case Facts::Kind::AddColumn:
        checkAddColumn(it);
        break;
    case Facts::Kind::DropColumn: {
        const QString object = f.name + QLatin1Char('.') + f.column;
        std::optional<qint64> values;
        const Table* t = m_current.table(f.name);
        if (t && t->column(f.column))
            values = countWhere(f.name,
                                quoteIdentifier(t->column(f.column)->name) + QStringLiteral(" IS NOT NULL"));
        QString explanation =
            QStringLiteral("ALTER TABLE … DROP COLUMN removes %1 and its values for good").arg(object);
        if (values)
            explanation +=
                QStringLiteral(" (%1 now)").arg(plural(*values, "non-NULL value", "non-NULL values"));
        add(it, LintSeverity::Danger, QStringLiteral("drop-column"),
            values ? QStringLiteral("DROP COLUMN %1 loses %2").arg(object, plural(*values, "value", "values"))
                   : QStringLiteral("DROP COLUMN %1 loses its data").arg(object),
            explanation + QLatin1Char('.'), object);
        break;
    }
    case Facts::Kind::Pragma:
        if (f.name == QLatin1String("foreign_keys"))
            add(it, LintSeverity::Warning, QStringLiteral("pragma-foreign-keys"),
                QStringLiteral("PRAGMA foreign_keys inside the migration is ignored"),
                QStringLiteral(
                    "drizzle-orm runs all pending migrations inside one transaction, and SQLite ignores "
                    "PRAGMA foreign_keys inside a transaction: this statement does nothing. Foreign "
                    "keys stay as the driver set them (on with better-sqlite3, off with libsql). Sluice "
                    "hoists it out of the transaction."));
        break;
    case Facts::Kind::Transaction:
        add(it, LintSeverity::Danger, QStringLiteral("transaction-in-file"),
            QStringLiteral("%1 inside the migration").arg(f.keyword),
            QStringLiteral(
                "Migrations already run inside a transaction: %1 here fails (\"cannot start a "
                "transaction within a transaction\") or ends the migrator's transaction early, so a "
                "later failure can no longer be rolled back. Remove it.")
                .arg(f.keyword));
        break;
    case Facts::Kind::Update:
    case Facts::Kind::Delete:
        if (!f.hasWhere) {
            const auto rows = countWhere(f.name);
            const bool del = f.kind == Facts::Kind::Delete;
            QString explanation =
                QStringLiteral("%1 without WHERE %2 every row of %3")
                    .arg(del ? QStringLiteral("DELETE") : QStringLiteral("UPDATE"),
                         del ? QStringLiteral("deletes") : QStringLiteral("changes"), f.name);
            if (rows)
                explanation += QStringLiteral(" (%1 now)").arg(plural(*rows, "row", "rows"));
            add(it, del ? LintSeverity::Danger : LintSeverity::Warning,
                del ? QStringLiteral("delete-all") : QStringLiteral("update-all"),
                QStringLiteral("%1 without WHERE on %2")
                    .arg(del ? QStringLiteral("DELETE") : QStringLiteral("UPDATE"), f.name),
                explanation + QLatin1Char('.'), f.name);
        }
        break;
    default:
        break;
    }
}

QList<LintFinding> Linter::run(const QList<MigrationSource>& migrations)
{
    for (int mi = 0; mi < migrations.size(); ++mi) {
        const MigrationSource& m = migrations.at(mi);
        const QStringList chunks = migrationChunks(m);
        const QList<int> starts = chunkStartLines(m);
        for (int ci = 0; ci < chunks.size(); ++ci) {
            const QList<StatementSpan> spans = splitStatements(chunks.at(ci));
            Item chunkItem;
            chunkItem.migration = mi;
            chunkItem.where.chunk = ci;
            chunkItem.where.statement = -1;
            chunkItem.where.line = starts.value(ci, 1);
            if (spans.isEmpty()) {
                const bool custom =
                    chunks.size() == 1 && chunks.at(ci).contains(QLatin1String("Custom SQL migration"));
                add(chunkItem, LintSeverity::Danger, QStringLiteral("empty-chunk"),
                    custom ? QStringLiteral("Untouched --custom migration: it has no SQL")
                           : QStringLiteral("Statement chunk %1 holds no SQL").arg(ci + 1),
                    QStringLiteral(
                        "drizzle-orm runs every chunk between \"--> statement-breakpoint\" markers as one "
                        "statement, and a chunk with only whitespace or comments is an error with every "
                        "driver (better-sqlite3: \"The supplied SQL string contains no statements\"): the "
                        "whole run fails and is rolled back. Write the SQL, or delete the empty chunk."));
            } else if (spans.size() > 1) {
                chunkItem.where.line = starts.value(ci, 1) + spans.at(1).firstLine - 1;
                chunkItem.where.statement = 1;
                add(chunkItem, LintSeverity::Danger, QStringLiteral("multi-statement-chunk"),
                    QStringLiteral("Chunk %1 holds %2 statements without a breakpoint")
                        .arg(ci + 1)
                        .arg(spans.size()),
                    QStringLiteral(
                        "drizzle-orm runs each chunk as one statement. With libsql and sql.js only the "
                        "first one runs and the other %1 are silently skipped, yet the migration is "
                        "recorded as applied; better-sqlite3 fails (\"contains more than one "
                        "statement\"). Put \"--> statement-breakpoint\" after each statement.")
                        .arg(spans.size() - 1));
            }
            for (int si = 0; si < spans.size(); ++si) {
                Item it;
                it.migration = mi;
                it.where.chunk = ci;
                it.where.statement = si;
                it.where.line = starts.value(ci, 1) + spans.at(si).firstLine - 1;
                it.where.text = spans.at(si).text;
                it.facts = analyze(it.where.text);
                m_items << it;
            }
        }
    }

    // A table rebuild: DROP TABLE X followed, in the same migration, by ALTER TABLE Y RENAME TO X.
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).facts.kind != Facts::Kind::DropTable)
            continue;
        for (qsizetype j = i + 1; j < m_items.size() && m_items.at(j).migration == m_items.at(i).migration;
             ++j) {
            const Facts& g = m_items.at(j).facts;
            if (g.kind == Facts::Kind::RenameTable && sameName(g.newName, m_items.at(i).facts.name)) {
                m_rebuildRename.insert(i, j);
                m_rebuildRenames << j;
                break;
            }
        }
    }

    m_shadow = std::make_unique<ShadowSchema>(m_current);
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        const Item& it = m_items.at(i);
        checkStatement(it, i);
        const Facts::Kind k = it.facts.kind;
        if (k == Facts::Kind::Pragma || k == Facts::Kind::Transaction || k == Facts::Kind::Select)
            continue;
        if (it.facts.kind == Facts::Kind::Other && !it.facts.keyword.startsWith(QLatin1String("CREATE")) &&
            it.facts.keyword != QLatin1String("DROP") && it.facts.keyword != QLatin1String("ALTER"))
            continue; // ATTACH, VACUUM, ANALYZE …: nothing the schema checks need
        if (auto refused = m_shadow->apply(it.where.text); refused && !m_reportedFailure) {
            // The run stops at the first failure, so later refusals would only be echoes of it.
            m_reportedFailure = true;
            add(it, LintSeverity::Danger, QStringLiteral("statement-fails"),
                QStringLiteral("Fails: %1").arg(refused->sqliteMessage),
                QStringLiteral(
                    "Replayed on the schema the database has at this point (without its data), SQLite "
                    "refuses this statement: \"%1\". The migration cannot run as written, and "
                    "drizzle-orm rolls back the whole run.")
                    .arg(refused->sqliteMessage));
        }
    }

    std::stable_sort(m_out.begin(), m_out.end(), [](const LintFinding& a, const LintFinding& b) {
        if (a.migration != b.migration)
            return a.migration < b.migration;
        return a.line < b.line;
    });
    return m_out;
}

} // namespace

QString lintSeverityName(LintSeverity s)
{
    switch (s) {
    case LintSeverity::Danger:
        return QStringLiteral("danger");
    case LintSeverity::Warning:
        return QStringLiteral("warning");
    case LintSeverity::Info:
        break;
    }
    return QStringLiteral("info");
}

QStringList migrationChunks(const MigrationSource& migration)
{
    if (!migration.chunks.isEmpty())
        return migration.chunks;
    return migration.sql.split(kBreakpoint);
}

QList<int> chunkStartLines(const MigrationSource& migration)
{
    QList<int> out;
    const QStringList chunks = migrationChunks(migration);
    qsizetype offset = 0;
    int line = 1;
    qsizetype counted = 0; // offset up to which `line` is exact
    for (const QString& chunk : chunks) {
        qsizetype at = offset;
        if (migration.sql.mid(at, chunk.size()) != chunk) {
            // Chunks that were not split from `sql` exactly: find them instead.
            const qsizetype found = migration.sql.indexOf(chunk, offset);
            at = found < 0 ? offset : found;
        }
        if (at > counted) {
            line += int(QStringView(migration.sql).mid(counted, at - counted).count(QLatin1Char('\n')));
            counted = at;
        }
        out << line;
        offset = at + chunk.size() + kBreakpoint.size();
    }
    return out;
}

QList<LocatedStatement> locateStatements(const MigrationSource& migration)
{
    QList<LocatedStatement> out;
    const QStringList chunks = migrationChunks(migration);
    const QList<int> starts = chunkStartLines(migration);
    for (int ci = 0; ci < chunks.size(); ++ci) {
        const QList<StatementSpan> spans = splitStatements(chunks.at(ci));
        for (int si = 0; si < spans.size(); ++si)
            out << LocatedStatement{ci, si, starts.value(ci, 1) + spans.at(si).firstLine - 1,
                                    spans.at(si).text};
    }
    return out;
}

QList<LintFinding> lintMigrations(const QList<MigrationSource>& migrations, const Schema& current,
                                  const LintOptions& options)
{
    Linter linter(current, options);
    return linter.run(migrations);
}

QList<LintFinding> lintMigration(const MigrationSource& migration, const Schema& current,
                                 const LintOptions& options)
{
    return lintMigrations({migration}, current, options);
}

} // namespace sluice
