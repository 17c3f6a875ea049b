// Project discovery: drizzle.config variants read without a JS engine, .env files, file: URLs, and
// finding the project from a folder or a database inside it.
#include "DrizzleTestUtil.h"
#include "drizzle/DatabaseUrl.h"
#include "drizzle/DrizzleConfig.h"
#include "drizzle/DrizzleProject.h"
#include "drizzle/EnvFile.h"
#include "drizzle/SimpleYaml.h"

using namespace sluice;
using namespace sluice::test;

using Term = ConfigExpression::Term;

class TestDrizzleConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tsWithCommentsDefineConfigAndFallback()
    {
        const QString ts = QStringLiteral(
            "// drizzle config\n"
            "import { defineConfig } from \"drizzle-kit\";\n"
            "import 'dotenv/config';\n"
            "\n"
            "/* the database\n"
            "   lives in ./data */\n"
            "export default defineConfig({\n"
            "  schema: './src/db/schema.ts', // where the tables are\n"
            "  out: `./migrations`,\n"
            "  dialect: \"sqlite\",\n"
            "  dbCredentials: {\n"
            "    url: process.env.DATABASE_URL ?? \"file:./data/app.db\", // fallback for dev\n"
            "  },\n"
            "  migrations: { table: '__my_migrations', schema: \"ignored\", },\n"
            "  verbose: true,\n"
            "  strict: true,\n"
            "});\n");
        auto c = parseDrizzleConfig(ts, QStringLiteral("/p/drizzle.config.ts"));
        QVERIFY2(c, c ? "" : qPrintable(c.error().message()));
        QCOMPARE(c->out, QStringLiteral("./migrations"));
        QVERIFY(c->outSet);
        QCOMPARE(c->dialect, QStringLiteral("sqlite"));
        QCOMPARE(c->migrationsTable, QStringLiteral("__my_migrations"));
        QCOMPARE(c->migrationsSchema, QStringLiteral("ignored"));
        QCOMPARE(c->url.alternatives.size(), 2);
        QCOMPARE(c->url.alternatives[0].kind, Term::Kind::Env);
        QCOMPARE(c->url.alternatives[0].text, QStringLiteral("DATABASE_URL"));
        QCOMPARE(c->url.alternatives[1].kind, Term::Kind::Literal);
        QCOMPARE(c->url.alternatives[1].text, QStringLiteral("file:./data/app.db"));
        QCOMPARE(c->url.line, 12);
        QVERIFY2(c->warnings.isEmpty(), qPrintable(c->warnings.join(QLatin1Char('\n'))));
    }

    void envBangOrFallbackAndCasts()
    {
        auto c = parseDrizzleConfig(
            QStringLiteral("export default defineConfig({ dialect: 'turso', dbCredentials: { "
                           "url: process.env.DATABASE_URL!, authToken: process.env.TOKEN } })"),
            {});
        QVERIFY(c);
        QCOMPARE(c->url.envVariables(), QStringList{QStringLiteral("DATABASE_URL")});
        QVERIFY(c->isSqliteDialect());
        QCOMPARE(c->out, QStringLiteral("./drizzle")); // default
        QCOMPARE(c->migrationsTable, QStringLiteral("__drizzle_migrations"));

        c = parseDrizzleConfig(QStringLiteral("module.exports = { dialect: \"sqlite\", dbCredentials: { url: "
                                              "(process.env[\"DB_URL\"] as string) || 'file:local.db' } };"),
                               {});
        QVERIFY(c);
        QCOMPARE(c->url.envVariables(), QStringList{QStringLiteral("DB_URL")});
        QCOMPARE(c->url.literalFallback(), QStringLiteral("file:local.db"));
    }

    void namedExportAndSatisfies()
    {
        auto c =
            parseDrizzleConfig(QStringLiteral("import type { Config } from 'drizzle-kit';\n"
                                              "const config: Config = {\n  out: './db/migrations',\n"
                                              "  dialect: 'sqlite',\n  dbCredentials: { url: 'sqlite.db' },\n"
                                              "};\nexport default config;\n"),
                               {});
        QVERIFY(c);
        QCOMPARE(c->out, QStringLiteral("./db/migrations"));
        QCOMPARE(c->url.alternatives.size(), 1);
        QCOMPARE(c->url.alternatives[0].text, QStringLiteral("sqlite.db"));

        c = parseDrizzleConfig(QStringLiteral("export default {\n  out: \"./m\",\n  dialect: \"sqlite\",\n} "
                                              "satisfies Config;"),
                               {});
        QVERIFY(c);
        QCOMPARE(c->out, QStringLiteral("./m"));
    }

    void jsonConfig()
    {
        auto c = parseDrizzleConfig(
            QStringLiteral("{ \"out\": \"./drizzle-out\", \"dialect\": \"sqlite\",\n"
                           "  \"dbCredentials\": { \"url\": \"file:///var/lib/app/app.db\" }, "
                           "\"migrations\": { \"table\": \"mig\" } }"),
            QStringLiteral("/p/drizzle.config.json"));
        QVERIFY(c);
        QCOMPARE(c->out, QStringLiteral("./drizzle-out"));
        QCOMPARE(c->migrationsTable, QStringLiteral("mig"));
        QCOMPARE(c->url.literalFallback(), QStringLiteral("file:///var/lib/app/app.db"));
    }

    void unreadableConfigs()
    {
        auto c = parseDrizzleConfig(QStringLiteral("export default defineConfig({\n out: './x', /"
                                                   "* never closed\n"),
                                    QStringLiteral("/p/drizzle.config.ts"));
        QVERIFY(!c);
        QCOMPARE(c.error().line, 2);
        QVERIFY(c.error().message().contains(QStringLiteral("/p/drizzle.config.ts")));
        c = parseDrizzleConfig(QStringLiteral("export default makeConfig();"),
                               QStringLiteral("/p/drizzle.config.ts"));
        QVERIFY(!c);
        QVERIFY(c.error().message().contains(QStringLiteral("--migrations")));
        // A url we cannot evaluate is a warning, not a failure.
        c = parseDrizzleConfig(
            QStringLiteral("export default { dialect: 'sqlite', dbCredentials: { url: getUrl() } }"), {});
        QVERIFY(c);
        QCOMPARE(c->warnings.size(), 1);
        QVERIFY(c->warnings.first().contains(QStringLiteral("getUrl")));
    }

    void envFiles()
    {
        const EnvFile env =
            parseEnvFile(QStringLiteral("# comment\r\nexport DATABASE_URL=\"file:./data/x.db\"\r\n"
                                        "A='single # not a comment'\nB=plain value # comment\n"
                                        "C=`back`\nEMPTY=\nD=\"multi\nline\"\nDATABASE_URL2 = spaced\n"));
        QCOMPARE(env.value(QStringLiteral("DATABASE_URL")), QStringLiteral("file:./data/x.db"));
        QCOMPARE(env.lines.value(QStringLiteral("DATABASE_URL")), 2);
        QCOMPARE(env.value(QStringLiteral("A")), QStringLiteral("single # not a comment"));
        QCOMPARE(env.value(QStringLiteral("B")), QStringLiteral("plain value"));
        QCOMPARE(env.value(QStringLiteral("C")), QStringLiteral("back"));
        QVERIFY(env.contains(QStringLiteral("EMPTY")));
        QCOMPARE(env.value(QStringLiteral("D")), QStringLiteral("multi\nline"));
        QCOMPARE(env.value(QStringLiteral("DATABASE_URL2")), QStringLiteral("spaced"));
    }

    void fileUrls()
    {
        const QString base = QStringLiteral("/proj");
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("file:./data/x.db"), base).path,
                 QStringLiteral("/proj/data/x.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("file:data/x.db"), base).path,
                 QStringLiteral("/proj/data/x.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("file:../x.db"), base).path, QStringLiteral("/x.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("file:///abs/x.db"), base).path,
                 QStringLiteral("/abs/x.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("file:/abs/x.db"), base).path,
                 QStringLiteral("/abs/x.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("file://localhost/abs/my%20x.db"), base).path,
                 QStringLiteral("/abs/my x.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("file:./x.db?mode=ro"), base).path,
                 QStringLiteral("/proj/x.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("sqlite.db"), base).path,
                 QStringLiteral("/proj/sqlite.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("/srv/app.db"), base).path, QStringLiteral("/srv/app.db"));
        QCOMPARE(resolveDatabaseUrl(QStringLiteral(":memory:"), base).kind, DatabaseLocation::Kind::Memory);
        QCOMPARE(resolveDatabaseUrl(QStringLiteral("libsql://db.turso.io"), base).kind,
                 DatabaseLocation::Kind::Remote);
        QCOMPARE(resolveDatabaseUrl(QString(), base).kind, DatabaseLocation::Kind::None);
    }

    void discoveryThroughEnvFiles()
    {
        TempDir tmp;
        const QString root = tmp.path(QStringLiteral("proj"));
        putFile(root, QStringLiteral("drizzle.config.ts"),
                "export default defineConfig({ dialect: 'sqlite', out: './db/migrations',\n"
                "  dbCredentials: { url: process.env.DATABASE_URL ?? 'file:./fallback.db' } });\n");
        QDir().mkpath(root + QStringLiteral("/db/migrations"));

        // No .env: the fallback.
        auto p = loadDrizzleProject(root);
        QVERIFY(p);
        QCOMPARE(p->database.path, root + QStringLiteral("/fallback.db"));
        QVERIFY(p->databaseUrlOrigin.contains(QStringLiteral("fallback")));
        QCOMPARE(p->migrationsDir, root + QStringLiteral("/db/migrations"));

        putFile(root, QStringLiteral(".env"), "DATABASE_URL=file:data/app.db\n");
        p = loadDrizzleProject(root);
        QVERIFY(p);
        QCOMPARE(p->database.path, root + QStringLiteral("/data/app.db"));
        QCOMPARE(p->databaseUrlOrigin, QStringLiteral(".env line 1 (DATABASE_URL)"));

        putFile(root, QStringLiteral(".env.local"), "# local\nDATABASE_URL='file:///tmp/elsewhere.db'\n");
        p = loadDrizzleProject(root);
        QVERIFY(p);
        QCOMPARE(p->database.path, QStringLiteral("/tmp/elsewhere.db"));
        QCOMPARE(p->databaseUrlOrigin, QStringLiteral(".env.local line 2 (DATABASE_URL)"));

        // Found from a database a few folders down, and from the folder itself.
        QDir().mkpath(root + QStringLiteral("/data/sub"));
        QCOMPARE(findDrizzleProjectDir(root + QStringLiteral("/data/sub/x.db")),
                 QFileInfo(root).absoluteFilePath());
        QCOMPARE(findDrizzleProjectDir(root), QFileInfo(root).absoluteFilePath());
        QCOMPARE(findDrizzleProjectDir(tmp.path(QString())), QString());
    }

    void noConfigUsesEnvAndDefaultFolder()
    {
        TempDir tmp;
        const QString root = tmp.path(QStringLiteral("p"));
        putFile(root, QStringLiteral(".env"), "DATABASE_URL=./local.db\n");
        auto p = loadDrizzleProject(root);
        QVERIFY(p);
        QVERIFY(!p->config);
        QCOMPARE(p->migrationsDir, QFileInfo(root).absoluteFilePath() + QStringLiteral("/drizzle"));
        QCOMPARE(p->database.path, QFileInfo(root).absoluteFilePath() + QStringLiteral("/local.db"));
    }

    void demoProject()
    {
        auto p = loadDrizzleProject(demoDir());
        QVERIFY2(p, p ? "" : qPrintable(p.error().message()));
        QVERIFY(p->config);
        QCOMPARE(p->config->dialect, QStringLiteral("sqlite"));
        QCOMPARE(p->migrationsDir, QDir::cleanPath(demoDir() + QStringLiteral("/drizzle")));
        QCOMPARE(p->database.path, QDir::cleanPath(demoDir() + QStringLiteral("/data/demo.db")));
        QCOMPARE(p->migrationsTable, QStringLiteral("__drizzle_migrations"));
        QVERIFY2(p->notes.isEmpty(), qPrintable(p->notes.join(QLatin1Char('\n'))));
    }

    void simpleYaml()
    {
        const auto entries =
            readSimpleYaml(QStringLiteral("services:\n  app:\n    image: \"node:20\" # pinned\n"
                                          "    volumes:\n      - ./data:/app/data\n"
                                          "      - type: bind\n        source: ./db\n        target: "
                                          "/db\n    environment:\n      DATABASE_URL: "
                                          "file:/app/data/x.db\n    command: >\n      sh -c \"a &&\n"
                                          "      b\"\n"));
        auto find = [&](const QString& path) {
            for (const YamlEntry& e : entries)
                if (e.path.join(QLatin1Char('.')) == path)
                    return e.value;
            return QStringLiteral("<none>");
        };
        QCOMPARE(find(QStringLiteral("services.app.image")), QStringLiteral("node:20"));
        QCOMPARE(find(QStringLiteral("services.app.volumes.#0")), QStringLiteral("./data:/app/data"));
        QCOMPARE(find(QStringLiteral("services.app.volumes.#1.source")), QStringLiteral("./db"));
        QCOMPARE(find(QStringLiteral("services.app.volumes.#1.target")), QStringLiteral("/db"));
        QCOMPARE(find(QStringLiteral("services.app.environment.DATABASE_URL")),
                 QStringLiteral("file:/app/data/x.db"));
        QCOMPARE(find(QStringLiteral("services.app.command")), QStringLiteral("sh -c \"a && b\""));
    }
};

QTEST_GUILESS_MAIN(TestDrizzleConfig)
#include "tst_drizzle_config.moc"
