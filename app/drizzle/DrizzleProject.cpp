#include "DrizzleProject.h"

#include <QDir>
#include <QFileInfo>

namespace sluice {

QString drizzleConfigIn(const QString& dir)
{
    const QDir d(dir);
    for (const QString& name : drizzleConfigFileNames())
        if (QFileInfo(d.filePath(name)).isFile())
            return d.filePath(name);
    return {};
}

QString findDrizzleProjectDir(const QString& start, int levels)
{
    QFileInfo info(start);
    QDir dir = info.isDir() ? QDir(info.absoluteFilePath()) : info.absoluteDir();
    for (int i = 0; i <= levels; ++i) {
        if (!drizzleConfigIn(dir.absolutePath()).isEmpty())
            return dir.absolutePath();
        if (!dir.cdUp())
            break;
    }
    return {};
}

Result<DrizzleProject> loadDrizzleProject(const QString& dirPath)
{
    DrizzleProject project;
    project.dir = QFileInfo(dirPath).absoluteFilePath();
    const QDir dir(project.dir);
    if (const QString configPath = drizzleConfigIn(project.dir); !configPath.isEmpty()) {
        auto config = readDrizzleConfig(configPath);
        if (!config)
            return config.error();
        project.config = *config;
        for (const QString& w : config->warnings)
            project.notes.append(QFileInfo(configPath).fileName() + QStringLiteral(": ") + w);
        if (!config->isSqliteDialect())
            project.notes.append(QStringLiteral("%1: dialect is \"%2\", not sqlite")
                                     .arg(QFileInfo(configPath).fileName(), config->dialect));
    }
    for (const QString& name : {QStringLiteral(".env.local"), QStringLiteral(".env")}) {
        const QString path = dir.filePath(name);
        if (!QFileInfo(path).isFile())
            continue;
        auto env = readEnvFile(path);
        if (!env)
            project.notes.append(env.error().message());
        else
            project.envFiles.append(*env);
    }

    const QString out = project.config ? project.config->out : QStringLiteral("./drizzle");
    project.migrationsDir = QDir::cleanPath(dir.absoluteFilePath(out));
    if (project.config)
        project.migrationsTable = project.config->migrationsTable;

    // The URL: the first alternative of dbCredentials.url that yields a value; without a config,
    // DATABASE_URL from the .env files.
    ConfigExpression url;
    if (project.config && project.config->url.isSet()) {
        url = project.config->url;
    } else {
        url.alternatives.append({ConfigExpression::Term::Kind::Env, QStringLiteral("DATABASE_URL")});
    }
    const QString configName = project.config ? QFileInfo(project.config->path).fileName() : QString();
    for (qsizetype i = 0; i < url.alternatives.size() && project.databaseUrl.isEmpty(); ++i) {
        const ConfigExpression::Term& t = url.alternatives[i];
        if (t.kind == ConfigExpression::Term::Kind::Literal) {
            project.databaseUrl = t.text;
            project.databaseUrlOrigin = QStringLiteral("%1 line %2%3")
                                            .arg(configName)
                                            .arg(url.line)
                                            .arg(i > 0 ? QStringLiteral(" (fallback)") : QString());
        } else if (t.kind == ConfigExpression::Term::Kind::Env) {
            for (const EnvFile& env : project.envFiles)
                if (env.contains(t.text) && !env.value(t.text).isEmpty()) {
                    project.databaseUrl = env.value(t.text);
                    project.databaseUrlOrigin = QStringLiteral("%1 line %2 (%3)")
                                                    .arg(QFileInfo(env.path).fileName())
                                                    .arg(env.lines.value(t.text))
                                                    .arg(t.text);
                    break;
                }
        }
    }
    project.database = resolveDatabaseUrl(project.databaseUrl, project.dir);
    return project;
}

} // namespace sluice
