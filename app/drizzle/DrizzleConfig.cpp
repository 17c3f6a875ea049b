#include "DrizzleConfig.h"

#include "ConfigTokenizer.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>

#include <memory>

namespace sluice {

namespace {

using Kind = ConfigToken::Kind;
using Tokens = QList<ConfigToken>;

// A parsed object literal: plain values as expressions, nested objects as objects.
struct ConfigObject
{
    QMap<QString, ConfigExpression> values;
    QMap<QString, std::shared_ptr<ConfigObject>> objects;
};

bool isOpen(const ConfigToken& t)
{
    return t.isPunct(u"{") || t.isPunct(u"(") || t.isPunct(u"[");
}

bool isClose(const ConfigToken& t)
{
    return t.isPunct(u"}") || t.isPunct(u")") || t.isPunct(u"]");
}

QString joinSource(const Tokens& tokens, qsizetype from, qsizetype to)
{
    QString s;
    for (qsizetype i = from; i < to; ++i) {
        const ConfigToken& t = tokens[i];
        if (!s.isEmpty() && t.kind != Kind::Punct && s.back().isLetterOrNumber())
            s += QLatin1Char(' ');
        s += t.kind == Kind::String ? QLatin1Char('"') + t.text + QLatin1Char('"') : t.text;
    }
    return s;
}

// One alternative of a value: a literal, process.env.X / process.env["X"] / env.X /
// import.meta.env.X, with TypeScript's `!` and `as T` allowed around it.
ConfigExpression::Term readTerm(const Tokens& tokens, qsizetype from, qsizetype to)
{
    // Drop trailing `!`, `as T`, `satisfies T` and wrapping parentheses.
    for (bool changed = true; changed && to > from;) {
        changed = false;
        if (tokens[to - 1].isPunct(u"!")) {
            --to;
            changed = true;
        } else if (to - from >= 3 &&
                   (tokens[to - 2].isIdentifier(u"as") || tokens[to - 2].isIdentifier(u"satisfies"))) {
            to -= 2;
            changed = true;
        } else if (tokens[from].isPunct(u"(") && tokens[to - 1].isPunct(u")")) {
            ++from;
            --to;
            changed = true;
        }
    }
    ConfigExpression::Term term;
    term.text = joinSource(tokens, from, to);
    const qsizetype n = to - from;
    if (n == 1 && (tokens[from].kind == Kind::String || tokens[from].kind == Kind::Number)) {
        term.kind = ConfigExpression::Term::Kind::Literal;
        term.text = tokens[from].text;
        return term;
    }
    // Find `env` followed by `.X` or `["X"]`, preceded by `process.` or `import.meta.` or nothing.
    qsizetype k = from;
    if (n >= 2 && tokens[k].isIdentifier(u"process") && tokens[k + 1].isPunct(u"."))
        k += 2;
    else if (n >= 4 && tokens[k].isIdentifier(u"import") && tokens[k + 2].isIdentifier(u"meta") &&
             tokens[k + 3].isPunct(u"."))
        k += 4;
    if (k < to && tokens[k].isIdentifier(u"env")) {
        if (to - k == 3 && (tokens[k + 1].isPunct(u".") || tokens[k + 1].isPunct(u"?.")) &&
            tokens[k + 2].kind == Kind::Identifier) {
            term.kind = ConfigExpression::Term::Kind::Env;
            term.text = tokens[k + 2].text;
        } else if (to - k == 4 && tokens[k + 1].isPunct(u"[") && tokens[k + 2].kind == Kind::String &&
                   tokens[k + 3].isPunct(u"]")) {
            term.kind = ConfigExpression::Term::Kind::Env;
            term.text = tokens[k + 2].text;
        }
    }
    return term;
}

ConfigExpression readExpression(const Tokens& tokens, qsizetype from, qsizetype to)
{
    ConfigExpression e;
    e.source = joinSource(tokens, from, to);
    e.line = from < tokens.size() ? tokens[from].line : 0;
    int depth = 0;
    qsizetype start = from;
    for (qsizetype i = from; i <= to; ++i) {
        if (i < to && isOpen(tokens[i]))
            ++depth;
        else if (i < to && isClose(tokens[i]))
            --depth;
        if (i == to || (depth == 0 && (tokens[i].isPunct(u"??") || tokens[i].isPunct(u"||")))) {
            if (i > start)
                e.alternatives.append(readTerm(tokens, start, i));
            start = i + 1;
        }
    }
    return e;
}

// Skips a balanced group or a single token; returns the index after it.
qsizetype skipBalanced(const Tokens& tokens, qsizetype i)
{
    int depth = 0;
    for (; i < tokens.size(); ++i) {
        if (isOpen(tokens[i]))
            ++depth;
        else if (isClose(tokens[i]) && --depth <= 0)
            return i + 1;
        if (depth == 0)
            return i + 1;
    }
    return i;
}

// Parses the object literal whose `{` is at tokens[i]; i ends after its `}`.
std::shared_ptr<ConfigObject> parseObject(const Tokens& tokens, qsizetype& i, QStringList& warnings,
                                          const QString& prefix)
{
    auto object = std::make_shared<ConfigObject>();
    ++i; // {
    while (i < tokens.size() && !tokens[i].isPunct(u"}")) {
        if (tokens[i].isPunct(u",")) {
            ++i;
            continue;
        }
        const ConfigToken& keyToken = tokens[i];
        if (keyToken.isPunct(u"...") || keyToken.isPunct(u"[")) {
            warnings.append(
                QStringLiteral("line %1: a spread or computed key in the config object is not read")
                    .arg(keyToken.line));
            // Skip to the next top-level comma.
            int depth = 0;
            while (i < tokens.size()) {
                if (isOpen(tokens[i]))
                    ++depth;
                else if (isClose(tokens[i])) {
                    if (depth == 0)
                        break;
                    --depth;
                } else if (depth == 0 && tokens[i].isPunct(u","))
                    break;
                ++i;
            }
            continue;
        }
        const QString key = keyToken.text;
        ++i;
        if (i < tokens.size() && tokens[i].isPunct(u"(")) { // a method: skip its parameters and body
            i = skipBalanced(tokens, i);
            if (i < tokens.size() && tokens[i].isPunct(u"{"))
                i = skipBalanced(tokens, i);
            continue;
        }
        if (i >= tokens.size() || !tokens[i].isPunct(u":")) {
            // Shorthand `{ url }`: the value is a variable we cannot see.
            ConfigExpression e;
            e.source = key;
            e.line = keyToken.line;
            e.alternatives.append({ConfigExpression::Term::Kind::Unknown, key});
            object->values.insert(key, e);
            warnings.append(QStringLiteral("line %1: `%2%3` is a shorthand property; its value is not read")
                                .arg(keyToken.line)
                                .arg(prefix, key));
            continue;
        }
        ++i; // :
        if (i < tokens.size() && tokens[i].isPunct(u"{")) {
            qsizetype j = i;
            auto nested = parseObject(tokens, j, warnings, prefix + key + QLatin1Char('.'));
            // `{...} as X` and friends end at the next comma / brace; an object followed by an
            // operator is an expression we do not evaluate.
            if (j < tokens.size() && (tokens[j].isPunct(u",") || tokens[j].isPunct(u"}"))) {
                object->objects.insert(key, nested);
                i = j;
                continue;
            }
        }
        const qsizetype start = i;
        int depth = 0;
        while (i < tokens.size()) {
            if (isOpen(tokens[i]))
                ++depth;
            else if (isClose(tokens[i])) {
                if (depth == 0)
                    break;
                --depth;
            } else if (depth == 0 && tokens[i].isPunct(u","))
                break;
            ++i;
        }
        object->values.insert(key, readExpression(tokens, start, i));
    }
    ++i; // }
    return object;
}

// Where the exported object literal starts: defineConfig({…}), export default {…},
// module.exports = {…}, or `export default name` with `const name = {…}` / `= defineConfig({…})`.
qsizetype findConfigObject(const Tokens& tokens)
{
    auto objectAfterAssignment = [&](qsizetype i) -> qsizetype {
        // i points just after `=` or `default`: `{` or defineConfig ( {
        if (i < tokens.size() && tokens[i].isPunct(u"{"))
            return i;
        if (i + 2 < tokens.size() && tokens[i].kind == Kind::Identifier && tokens[i + 1].isPunct(u"(") &&
            tokens[i + 2].isPunct(u"{"))
            return i + 2;
        return -1;
    };
    if (!tokens.isEmpty() && tokens.first().isPunct(u"{"))
        return 0; // JSON
    for (qsizetype i = 0; i + 2 < tokens.size(); ++i)
        if (tokens[i].isIdentifier(u"defineConfig") && tokens[i + 1].isPunct(u"(") &&
            tokens[i + 2].isPunct(u"{"))
            return i + 2;
    QString exportedName;
    for (qsizetype i = 0; i + 1 < tokens.size(); ++i) {
        qsizetype after = -1;
        if (tokens[i].isIdentifier(u"export") && tokens[i + 1].isIdentifier(u"default"))
            after = i + 2;
        else if (i + 3 < tokens.size() && tokens[i].isIdentifier(u"module") && tokens[i + 1].isPunct(u".") &&
                 tokens[i + 2].isIdentifier(u"exports") && tokens[i + 3].isPunct(u"="))
            after = i + 4;
        if (after < 0)
            continue;
        if (qsizetype o = objectAfterAssignment(after); o >= 0)
            return o;
        if (after < tokens.size() && tokens[after].kind == Kind::Identifier)
            exportedName = tokens[after].text;
    }
    if (exportedName.isEmpty())
        return -1;
    for (qsizetype i = 1; i + 1 < tokens.size(); ++i) {
        if (!tokens[i].isIdentifier(exportedName))
            continue;
        const ConfigToken& before = tokens[i - 1];
        if (!before.isIdentifier(u"const") && !before.isIdentifier(u"let") && !before.isIdentifier(u"var"))
            continue;
        // Skip a type annotation up to `=`.
        qsizetype k = i + 1;
        while (k < tokens.size() && !tokens[k].isPunct(u"=") && !tokens[k].isPunct(u";"))
            ++k;
        if (k < tokens.size() && tokens[k].isPunct(u"="))
            if (qsizetype o = objectAfterAssignment(k + 1); o >= 0)
                return o;
    }
    return -1;
}

QString literalOf(const ConfigExpression& e, const QString& key, QStringList& warnings)
{
    if (e.alternatives.size() == 1 && e.alternatives.first().kind == ConfigExpression::Term::Kind::Literal)
        return e.alternatives.first().text;
    const QString fallback = e.literalFallback();
    warnings.append(QStringLiteral("line %1: `%2: %3` is not a plain string%4")
                        .arg(e.line)
                        .arg(key, e.source,
                             fallback.isEmpty()
                                 ? QStringLiteral("; it is ignored")
                                 : QStringLiteral("; using its fallback \"%1\"").arg(fallback)));
    return fallback;
}

} // namespace

QStringList ConfigExpression::envVariables() const
{
    QStringList names;
    for (const Term& t : alternatives)
        if (t.kind == Term::Kind::Env)
            names.append(t.text);
    return names;
}

QString ConfigExpression::literalFallback() const
{
    for (const Term& t : alternatives)
        if (t.kind == Term::Kind::Literal)
            return t.text;
    return {};
}

bool DrizzleConfig::isSqliteDialect() const
{
    return dialect.isEmpty() || dialect == QLatin1String("sqlite") || dialect == QLatin1String("turso");
}

QStringList drizzleConfigFileNames()
{
    return {QStringLiteral("drizzle.config.ts"),  QStringLiteral("drizzle.config.js"),
            QStringLiteral("drizzle.config.mjs"), QStringLiteral("drizzle.config.cjs"),
            QStringLiteral("drizzle.config.mts"), QStringLiteral("drizzle.config.cts"),
            QStringLiteral("drizzle.config.json")};
}

Result<DrizzleConfig> parseDrizzleConfig(const QString& text, const QString& path)
{
    auto tokens = tokenizeConfig(text, path);
    if (!tokens)
        return tokens.error();
    DrizzleConfig config;
    config.path = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    config.dir = path.isEmpty() ? QString() : QFileInfo(path).absolutePath();
    qsizetype start = findConfigObject(*tokens);
    if (start < 0)
        return DbError::plain(
            QStringLiteral("Reading the Drizzle config"),
            QStringLiteral("no exported config object was found (expected `export default "
                           "defineConfig({ … })`, `export default { … }` or `module.exports = "
                           "{ … }`)"),
            QStringLiteral("Write the config as an object literal, or pass the migrations folder "
                           "with --migrations DIR."),
            path);
    auto root = parseObject(*tokens, start, config.warnings, {});
    if (root->values.contains(QStringLiteral("out"))) {
        config.out =
            literalOf(root->values.value(QStringLiteral("out")), QStringLiteral("out"), config.warnings);
        config.outSet = !config.out.isEmpty();
        if (config.out.isEmpty())
            config.out = QStringLiteral("./drizzle");
    }
    if (root->values.contains(QStringLiteral("dialect")))
        config.dialect = literalOf(root->values.value(QStringLiteral("dialect")), QStringLiteral("dialect"),
                                   config.warnings);
    if (root->values.contains(QStringLiteral("driver")))
        config.driver = literalOf(root->values.value(QStringLiteral("driver")), QStringLiteral("driver"),
                                  config.warnings);
    if (auto creds = root->objects.value(QStringLiteral("dbCredentials"))) {
        config.url = creds->values.value(QStringLiteral("url"));
        for (const auto& t : config.url.alternatives)
            if (t.kind == ConfigExpression::Term::Kind::Unknown)
                config.warnings.append(
                    QStringLiteral("line %1: dbCredentials.url: `%2` cannot be read without "
                                   "running the config")
                        .arg(config.url.line)
                        .arg(t.text));
    } else if (root->values.contains(QStringLiteral("dbCredentials"))) {
        config.warnings.append(
            QStringLiteral("line %1: dbCredentials is not an object literal; its url is not read")
                .arg(root->values.value(QStringLiteral("dbCredentials")).line));
    }
    if (auto migrations = root->objects.value(QStringLiteral("migrations"))) {
        if (migrations->values.contains(QStringLiteral("table"))) {
            const QString table = literalOf(migrations->values.value(QStringLiteral("table")),
                                            QStringLiteral("migrations.table"), config.warnings);
            if (!table.isEmpty())
                config.migrationsTable = table;
        }
        if (migrations->values.contains(QStringLiteral("schema")))
            config.migrationsSchema = literalOf(migrations->values.value(QStringLiteral("schema")),
                                                QStringLiteral("migrations.schema"), config.warnings);
    }
    return config;
}

Result<DrizzleConfig> readDrizzleConfig(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(QStringLiteral("Reading the Drizzle config"),
                              QStringLiteral("the file cannot be read (%1)").arg(file.errorString()),
                              QStringLiteral("Check that it exists and is readable."), path);
    return parseDrizzleConfig(QString::fromUtf8(file.readAll()), path);
}

} // namespace sluice
