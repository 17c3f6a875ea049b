#include "TableDesign.h"

#include "SchemaSource.h"

#include "core/Identifiers.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace sluice {

static bool sameName(const QString& a, const QString& b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

QStringList DesignIndex::columnNames() const
{
    QStringList out;
    for (const DesignIndexTerm& t : terms)
        out << t.column;
    return out;
}

void DesignIndex::setColumnNames(const QStringList& names)
{
    QList<DesignIndexTerm> next;
    for (const QString& n : names) {
        const QString name = n.trimmed();
        if (name.isEmpty())
            continue;
        // Keep what the person cannot edit in the grid (DESC, COLLATE) for columns that stay.
        auto old = std::find_if(terms.begin(), terms.end(),
                                [&](const DesignIndexTerm& t) { return !t.expression && t.column == name; });
        if (old != terms.end()) {
            next << *old;
        } else {
            DesignIndexTerm t;
            t.column = name;
            next << t;
        }
    }
    terms = next;
}

Result<TableDesign> TableDesign::fromTable(const Table& table)
{
    if (table.isVirtual)
        return DbError::plain(QStringLiteral("Designing table %1").arg(quoteIdentifier(table.name)),
                              QStringLiteral("it is a virtual table; its columns are defined by its module"),
                              QStringLiteral("Change it with SQL in the SQL editor."));
    TableDesign d;
    d.originalName = table.name;
    d.name = table.name;
    d.strict = table.strict;
    d.withoutRowid = table.withoutRowid;
    d.checks = table.checks;
    const std::optional<QString> alias = table.rowidAlias();
    for (const Column& c : table.columns) {
        if (c.kind == Column::Kind::Hidden)
            continue;
        DesignColumn dc;
        dc.originalName = c.name;
        dc.name = c.name;
        dc.type = c.declaredType;
        dc.notNull = c.notNull;
        dc.defaultSql = c.defaultSql.value_or(QString());
        dc.pkPosition = c.pkPosition;
        dc.autoincrement = table.autoincrement && alias && sameName(*alias, c.name);
        dc.check = c.check;
        dc.collation = c.collation;
        dc.generated = c.generatedExpression;
        dc.generatedStored = c.kind == Column::Kind::GeneratedStored;
        d.columns << dc;
    }
    for (const Index& i : table.indexes) {
        if (i.origin == QLatin1String("u")) {
            QStringList names;
            for (const IndexColumn& ic : i.columns)
                names << ic.name;
            if (names.size() == 1 && d.columnIndex(names.first()) >= 0)
                d.columns[d.columnIndex(names.first())].unique = true;
            else if (!names.isEmpty())
                d.uniqueConstraints << names;
        } else if (i.origin == QLatin1String("c")) {
            DesignIndex di;
            di.name = i.name;
            di.unique = i.unique;
            di.where = i.partial ? i.where : QString();
            for (const IndexColumn& ic : i.columns) {
                DesignIndexTerm t;
                t.column = ic.name;
                t.expression = ic.isExpression();
                t.descending = ic.descending;
                // Only a collation that differs from the column's own was written in the index.
                const Column* col = t.expression ? nullptr : table.column(ic.name);
                const QString own =
                    col && !col->collation.isEmpty() ? col->collation : QStringLiteral("BINARY");
                if (!ic.collation.isEmpty() && !sameName(ic.collation, own))
                    t.collation = ic.collation;
                di.terms << t;
            }
            d.indexes << di;
        }
    }
    // String literals and quoted names could contain anything: look at the text without them.
    QString bare = table.sql;
    bare.replace(QRegularExpression(QStringLiteral("'([^']|'')*'|\"([^\"]|\"\")*\"|`[^`]*`|\\[[^\\]]*\\]")),
                 QStringLiteral("_"));
    if (bare.contains(QRegularExpression(QStringLiteral("\\bON\\s+CONFLICT\\b"),
                                         QRegularExpression::CaseInsensitiveOption)))
        d.notKept << QStringLiteral("ON CONFLICT clauses");
    if (bare.contains(QRegularExpression(QStringLiteral("\\bPRIMARY\\s+KEY\\s+DESC\\b"),
                                         QRegularExpression::CaseInsensitiveOption)))
        d.notKept << QStringLiteral("PRIMARY KEY DESC");
    if (std::any_of(table.foreignKeys.begin(), table.foreignKeys.end(), [](const ForeignKey& fk) {
            return fk.match.compare(QLatin1String("NONE"), Qt::CaseInsensitive) != 0;
        }))
        d.notKept << QStringLiteral("foreign-key MATCH clauses");
    for (const ForeignKey& fk : table.foreignKeys) {
        DesignForeignKey dfk;
        dfk.columns = fk.fromColumns;
        dfk.parentTable = fk.targetTable;
        if (std::any_of(fk.targetColumns.begin(), fk.targetColumns.end(),
                        [](const QString& c) { return !c.isEmpty(); }))
            dfk.parentColumns = fk.targetColumns;
        dfk.onDelete = fk.onDelete;
        dfk.onUpdate = fk.onUpdate;
        dfk.deferrable = fk.deferrable;
        dfk.initiallyDeferred = fk.initiallyDeferred;
        d.foreignKeys << dfk;
    }
    return d;
}

TableDesign TableDesign::newTable(const QString& name)
{
    TableDesign d;
    d.name = name;
    DesignColumn id;
    id.name = QStringLiteral("id");
    id.type = QStringLiteral("INTEGER");
    id.pkPosition = 1;
    d.columns << id;
    return d;
}

int TableDesign::columnIndex(const QString& name) const
{
    for (int i = 0; i < columns.size(); ++i)
        if (sameName(columns[i].name, name))
            return i;
    return -1;
}

QStringList TableDesign::primaryKey() const
{
    QList<const DesignColumn*> pk;
    for (const DesignColumn& c : columns)
        if (c.pkPosition > 0)
            pk << &c;
    std::stable_sort(pk.begin(), pk.end(), [](const DesignColumn* a, const DesignColumn* b) {
        return a->pkPosition < b->pkPosition;
    });
    QStringList out;
    for (const DesignColumn* c : pk)
        out << c->name;
    return out;
}

static void replaceName(QStringList& list, const QString& from, const QString& to)
{
    for (QString& s : list)
        if (sameName(s, from))
            s = to;
}

void TableDesign::renameColumn(int i, const QString& newName)
{
    if (i < 0 || i >= columns.size())
        return;
    const QString old = columns[i].name;
    columns[i].name = newName;
    if (old.isEmpty())
        return;
    for (QStringList& u : uniqueConstraints)
        replaceName(u, old, newName);
    for (DesignForeignKey& fk : foreignKeys) {
        replaceName(fk.columns, old, newName);
        if (sameName(fk.parentTable, name))
            replaceName(fk.parentColumns, old, newName); // a self-reference follows the rename too
    }
    for (DesignIndex& ix : indexes)
        for (DesignIndexTerm& t : ix.terms)
            if (!t.expression && sameName(t.column, old))
                t.column = newName;
}

void TableDesign::removeColumn(int i)
{
    if (i < 0 || i >= columns.size())
        return;
    const QString old = columns[i].name;
    if (columns[i].pkPosition > 0)
        setPrimaryKey(i, false);
    columns.removeAt(i);
    auto drop = [&](QStringList& l) { l.removeIf([&](const QString& s) { return sameName(s, old); }); };
    for (QStringList& u : uniqueConstraints)
        drop(u);
    uniqueConstraints.removeIf([](const QStringList& u) { return u.isEmpty(); });
    // A foreign key loses its meaning without one of its columns: it goes as a whole.
    foreignKeys.removeIf([&](const DesignForeignKey& fk) {
        return std::any_of(fk.columns.begin(), fk.columns.end(),
                           [&](const QString& c) { return sameName(c, old); });
    });
    for (DesignIndex& ix : indexes)
        ix.terms.removeIf([&](const DesignIndexTerm& t) { return !t.expression && sameName(t.column, old); });
    indexes.removeIf([](const DesignIndex& ix) { return ix.terms.isEmpty(); });
}

void TableDesign::setPrimaryKey(int i, bool on)
{
    if (i < 0 || i >= columns.size() || (columns[i].pkPosition > 0) == on)
        return;
    if (on) {
        int last = 0;
        for (const DesignColumn& c : columns)
            last = std::max(last, c.pkPosition);
        columns[i].pkPosition = last + 1;
        return;
    }
    const int removed = columns[i].pkPosition;
    columns[i].pkPosition = 0;
    columns[i].autoincrement = false;
    for (DesignColumn& c : columns)
        if (c.pkPosition > removed)
            --c.pkPosition;
}

// Text spliced into a clause must stay inside it: balanced parentheses, no top-level comma or
// semicolon (which would start another column or statement), quotes closed.
static QString expressionProblem(const QString& text)
{
    int depth = 0;
    QChar quote;
    for (int i = 0; i < text.size(); ++i) {
        const QChar ch = text[i];
        if (!quote.isNull()) {
            if (ch == quote)
                quote = QChar();
            continue;
        }
        if (ch == QLatin1Char('\'') || ch == QLatin1Char('"') || ch == QLatin1Char('`')) {
            quote = ch;
        } else if (ch == QLatin1Char('[')) {
            quote = QLatin1Char(']');
        } else if (ch == QLatin1Char('(')) {
            ++depth;
        } else if (ch == QLatin1Char(')')) {
            if (--depth < 0)
                return QStringLiteral("a ')' without its '('");
        } else if (ch == QLatin1Char(';')) {
            return QStringLiteral("a ';' (one expression only)");
        } else if (ch == QLatin1Char(',') && depth == 0) {
            return QStringLiteral("a ',' outside parentheses (one expression only)");
        } else if (ch == QLatin1Char('-') && i + 1 < text.size() && text[i + 1] == QLatin1Char('-')) {
            return QStringLiteral("a '--' comment");
        }
    }
    if (!quote.isNull())
        return QStringLiteral("an unclosed %1").arg(quote);
    if (depth > 0)
        return QStringLiteral("a '(' without its ')'");
    return {};
}

QStringList TableDesign::problems() const
{
    QStringList out;
    if (name.trimmed().isEmpty())
        out << QStringLiteral("The table has no name.");
    else if (name.startsWith(QLatin1String("sqlite_"), Qt::CaseInsensitive))
        out << QStringLiteral("Table names starting with \"sqlite_\" are reserved for SQLite.");
    if (columns.isEmpty())
        out << QStringLiteral("The table has no columns; add at least one.");
    static const QRegularExpression typeRx(
        QStringLiteral("^[A-Za-z_][A-Za-z0-9_ ]*(\\(\\s*[-+]?[0-9.]+\\s*(,\\s*[-+]?[0-9.]+\\s*)?\\))?$"));
    QSet<QString> seen;
    int autoincrements = 0;
    for (int i = 0; i < columns.size(); ++i) {
        const DesignColumn& c = columns[i];
        const QString where = c.name.trimmed().isEmpty()
                                  ? QStringLiteral("Column %1").arg(i + 1)
                                  : QStringLiteral("Column %1").arg(quoteIdentifier(c.name));
        if (c.name.trimmed().isEmpty())
            out << QStringLiteral("%1 has no name.").arg(where);
        else if (seen.contains(c.name.toLower()))
            out << QStringLiteral("%1 appears twice; column names must be unique (case does not count).")
                       .arg(where);
        seen.insert(c.name.toLower());
        if (!c.type.trimmed().isEmpty() && !typeRx.match(c.type.trimmed()).hasMatch())
            out << QStringLiteral("%1: the type \"%2\" is not a type name (e.g. INTEGER, TEXT, VARCHAR(20)).")
                       .arg(where, c.type);
        const QList<QPair<QString, QString>> exprs = {{QStringLiteral("DEFAULT"), c.defaultSql},
                                                      {QStringLiteral("CHECK"), c.check},
                                                      {QStringLiteral("GENERATED"), c.generated}};
        for (const auto& [what, text] : exprs)
            if (const QString p = expressionProblem(text); !p.isEmpty())
                out << QStringLiteral("%1: the %2 expression has %3.").arg(where, what, p);
        if (!c.collation.isEmpty() &&
            !QRegularExpression(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$")).match(c.collation).hasMatch())
            out << QStringLiteral("%1: \"%2\" is not a collation name (BINARY, NOCASE, RTRIM …).")
                       .arg(where, c.collation);
        if (c.autoincrement) {
            ++autoincrements;
            if (c.pkPosition == 0 || primaryKey().size() != 1 || affinityOf(c.type) != Affinity::Integer ||
                c.type.trimmed().compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) != 0)
                out << QStringLiteral(
                           "%1: AUTOINCREMENT needs the column to be the only primary-key column, of "
                           "type INTEGER.")
                           .arg(where);
        }
        if (!c.generated.isEmpty() && (c.pkPosition > 0 || !c.defaultSql.isEmpty()))
            out << QStringLiteral(
                       "%1: a generated column cannot be part of the primary key or have a DEFAULT.")
                       .arg(where);
    }
    if (autoincrements > 0 && withoutRowid)
        out << QStringLiteral("AUTOINCREMENT is not allowed on a WITHOUT ROWID table.");
    if (withoutRowid && primaryKey().isEmpty())
        out << QStringLiteral("A WITHOUT ROWID table needs a primary key: tick PK on at least one column.");
    for (int i = 0; i < checks.size(); ++i)
        if (const QString p = expressionProblem(checks[i]); !p.isEmpty())
            out << QStringLiteral("Table CHECK %1 has %2.").arg(i + 1).arg(p);
    for (const DesignForeignKey& fk : foreignKeys) {
        const QString what =
            QStringLiteral("The foreign key (%1)").arg(fk.columns.join(QStringLiteral(", ")));
        if (fk.columns.isEmpty())
            out << QStringLiteral("A foreign key has no columns.");
        if (fk.parentTable.trimmed().isEmpty())
            out << QStringLiteral("%1 has no parent table.").arg(what);
        if (!fk.parentColumns.isEmpty() && fk.parentColumns.size() != fk.columns.size())
            out << QStringLiteral("%1 names %2 parent columns for %3 columns.")
                       .arg(what)
                       .arg(fk.parentColumns.size())
                       .arg(fk.columns.size());
        for (const QString& c : fk.columns)
            if (columnIndex(c) < 0)
                out << QStringLiteral("%1: this table has no column %2.").arg(what, quoteIdentifier(c));
    }
    QSet<QString> indexNames;
    for (const DesignIndex& ix : indexes) {
        const QString what = QStringLiteral("Index %1").arg(quoteIdentifier(ix.name));
        if (ix.name.trimmed().isEmpty())
            out << QStringLiteral("An index has no name.");
        else if (indexNames.contains(ix.name.toLower()))
            out << QStringLiteral("%1 appears twice; index names must be unique.").arg(what);
        indexNames.insert(ix.name.toLower());
        if (ix.terms.isEmpty())
            out << QStringLiteral("%1 has no columns.").arg(what);
        for (const DesignIndexTerm& t : ix.terms)
            if (!t.expression && columnIndex(t.column) < 0)
                out << QStringLiteral("%1: this table has no column %2.")
                           .arg(what, quoteIdentifier(t.column));
        if (const QString p = expressionProblem(ix.where); !p.isEmpty())
            out << QStringLiteral("%1: the WHERE expression has %2.").arg(what, p);
    }
    return out;
}

QString defaultClause(const QString& defaultSql)
{
    const QString t = defaultSql.trimmed();
    static const QRegularExpression literal(
        QStringLiteral("^([-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|[-+]?0[xX][0-9a-fA-F]+|'([^']|'')*'|["
                       "xX]'[0-9a-fA-F]*'"
                       "|[A-Za-z_][A-Za-z0-9_]*)$"));
    if (literal.match(t).hasMatch() || (t.startsWith(QLatin1Char('(')) && t.endsWith(QLatin1Char(')'))))
        return t;
    return QStringLiteral("(%1)").arg(t);
}

static QString columnDefinition(const DesignColumn& c, bool singlePk)
{
    QString s = quoteIdentifier(c.name);
    if (!c.type.trimmed().isEmpty())
        s += QLatin1Char(' ') + c.type.trimmed();
    if (singlePk && c.pkPosition > 0) {
        s += QStringLiteral(" PRIMARY KEY");
        if (c.autoincrement)
            s += QStringLiteral(" AUTOINCREMENT");
    }
    if (c.notNull)
        s += QStringLiteral(" NOT NULL");
    if (c.unique)
        s += QStringLiteral(" UNIQUE");
    if (!c.defaultSql.trimmed().isEmpty())
        s += QStringLiteral(" DEFAULT ") + defaultClause(c.defaultSql);
    if (!c.collation.isEmpty())
        s += QStringLiteral(" COLLATE ") + quoteIdentifier(c.collation);
    if (!c.check.trimmed().isEmpty())
        s += QStringLiteral(" CHECK (%1)").arg(c.check.trimmed());
    if (!c.generated.trimmed().isEmpty())
        s += QStringLiteral(" GENERATED ALWAYS AS (%1) %2")
                 .arg(c.generated.trimmed(),
                      c.generatedStored ? QStringLiteral("STORED") : QStringLiteral("VIRTUAL"));
    return s;
}

QString TableDesign::createTableSql() const
{
    const QStringList pk = primaryKey();
    const bool singlePk = pk.size() == 1;
    QStringList parts;
    for (const DesignColumn& c : columns)
        parts << columnDefinition(c, singlePk);
    if (pk.size() > 1)
        parts << QStringLiteral("PRIMARY KEY (%1)").arg(quoteIdentifiers(pk));
    for (const QStringList& u : uniqueConstraints)
        parts << QStringLiteral("UNIQUE (%1)").arg(quoteIdentifiers(u));
    for (const QString& check : checks)
        if (!check.trimmed().isEmpty())
            parts << QStringLiteral("CHECK (%1)").arg(check.trimmed());
    for (const DesignForeignKey& fk : foreignKeys) {
        QString s = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2")
                        .arg(quoteIdentifiers(fk.columns), quoteIdentifier(fk.parentTable));
        if (!fk.parentColumns.isEmpty())
            s += QStringLiteral(" (%1)").arg(quoteIdentifiers(fk.parentColumns));
        if (!fk.onDelete.isEmpty() &&
            fk.onDelete.compare(QLatin1String("NO ACTION"), Qt::CaseInsensitive) != 0)
            s += QStringLiteral(" ON DELETE ") + fk.onDelete.toUpper();
        if (!fk.onUpdate.isEmpty() &&
            fk.onUpdate.compare(QLatin1String("NO ACTION"), Qt::CaseInsensitive) != 0)
            s += QStringLiteral(" ON UPDATE ") + fk.onUpdate.toUpper();
        if (fk.deferrable)
            s += fk.initiallyDeferred ? QStringLiteral(" DEFERRABLE INITIALLY DEFERRED")
                                      : QStringLiteral(" DEFERRABLE");
        parts << s;
    }
    QString out = QStringLiteral("CREATE TABLE %1 (\n  %2\n)")
                      .arg(quoteIdentifier(name), parts.join(QStringLiteral(",\n  ")));
    QStringList options;
    if (withoutRowid)
        options << QStringLiteral("WITHOUT ROWID");
    if (strict)
        options << QStringLiteral("STRICT");
    if (!options.isEmpty())
        out += QLatin1Char(' ') + options.join(QStringLiteral(", "));
    return out;
}

QStringList TableDesign::createIndexSql() const
{
    QStringList out;
    for (const DesignIndex& ix : indexes) {
        QStringList terms;
        for (const DesignIndexTerm& t : ix.terms) {
            QString s = t.expression ? t.column : quoteIdentifier(t.column);
            if (!t.collation.isEmpty())
                s += QStringLiteral(" COLLATE ") + quoteIdentifier(t.collation);
            if (t.descending)
                s += QStringLiteral(" DESC");
            terms << s;
        }
        QString s = QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
                        .arg(ix.unique ? QStringLiteral("UNIQUE ") : QString(), quoteIdentifier(ix.name),
                             quoteIdentifier(name), terms.join(QStringLiteral(", ")));
        if (!ix.where.trimmed().isEmpty())
            s += QStringLiteral(" WHERE ") + ix.where.trimmed();
        out << s;
    }
    return out;
}

QString TableDesign::script() const
{
    QString out = createTableSql() + QStringLiteral(";\n");
    for (const QString& s : createIndexSql())
        out += s + QStringLiteral(";\n");
    return out;
}

RenameHints TableDesign::renameHints() const
{
    RenameHints hints;
    if (isNew())
        return hints;
    if (originalName != name)
        hints.tables.insert(originalName.toLower(), name);
    for (const DesignColumn& c : columns)
        if (!c.originalName.isEmpty() && c.originalName != c.name)
            hints.columns[originalName.toLower()].insert(c.originalName.toLower(), c.name);
    return hints;
}

// Every object of `schema` except the table `skip` (and its indexes), as a script.
static QString schemaScript(const Schema& schema, const QString& skip)
{
    QString out;
    for (const QString& sql : schema.createStatements(skip))
        out += sql + QStringLiteral(";\n");
    return out;
}

Result<Schema> TableDesign::targetSchema(const Schema& live) const
{
    const QString operation = QStringLiteral("Checking the design of table %1").arg(quoteIdentifier(name));
    if (const QStringList p = problems(); !p.isEmpty())
        return DbError::plain(operation, p.join(QLatin1Char(' ')),
                              QStringLiteral("Fix the design; nothing was changed."));
    if (!isNew() && !live.table(originalName))
        return DbError::plain(
            operation,
            QStringLiteral("the table %1 is no longer in the database").arg(quoteIdentifier(originalName)),
            QStringLiteral("Close the designer and open it again from the schema tree."));
    Schema base = live;
    const RenameHints hints = renameHints();
    if (!hints.isEmpty()) {
        // SQLite's own ALTER TABLE rewrites the views and triggers that name what is renamed, as the
        // plan's ALTER TABLE will in the real database.
        QString script = schemaScript(live, QString());
        QString current = originalName;
        if (hints.tables.contains(originalName.toLower())) {
            script += QStringLiteral("ALTER TABLE %1 RENAME TO %2;\n")
                          .arg(quoteIdentifier(originalName), quoteIdentifier(name));
            current = name;
        }
        // Through temporary names, so swapping two columns' names is two renames that never collide.
        int n = 0;
        QList<QPair<QString, QString>> second;
        for (auto it = hints.columns.value(originalName.toLower()).cbegin();
             it != hints.columns.value(originalName.toLower()).cend(); ++it) {
            const DesignColumn* c = nullptr;
            for (const DesignColumn& dc : columns)
                if (dc.originalName.toLower() == it.key())
                    c = &dc;
            if (!c)
                continue;
            const QString temp = QStringLiteral("__sluice_rename_%1").arg(++n);
            script +=
                QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3;\n")
                    .arg(quoteIdentifier(current), quoteIdentifier(c->originalName), quoteIdentifier(temp));
            second << qMakePair(temp, c->name);
        }
        for (const auto& [temp, final] : second)
            script += QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3;\n")
                          .arg(quoteIdentifier(current), quoteIdentifier(temp), quoteIdentifier(final));
        auto renamed =
            schemaFromScript(script, QStringLiteral("the current schema with the design's renames"));
        if (!renamed) {
            DbError e = renamed.error();
            e.operation = operation;
            e.explanation =
                QStringLiteral("the renames cannot be applied to the objects that use this table");
            e.hint = QStringLiteral(
                "A view or trigger that names the table or column probably fails; fix it first.");
            return e;
        }
        base = renamed.value();
    }
    const QString replaced = isNew() ? QString() : (hints.tables.isEmpty() ? originalName : name);
    // The design first, so an error's line is the line in script().
    const QString script = this->script() + schemaScript(base, replaced);
    auto target = schemaFromScript(script, QStringLiteral("the table design"));
    if (!target) {
        DbError e = target.error();
        e.operation = operation;
        return e;
    }
    return target;
}

} // namespace sluice
