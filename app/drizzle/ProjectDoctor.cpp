#include "ProjectDoctor.h"

#include "DatabaseUrl.h"
#include "DrizzleProject.h"
#include "EnvFile.h"
#include "SimpleYaml.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <unistd.h>

namespace sluice {

namespace {

struct Mount
{
    QString file;
    int line = 0;
    QString service;
    QString spec;   // as written
    QString source; // absolute host path, "" for a named volume
    QString target; // container path
};

struct PushUse
{
    QString file;
    int line = 0;
    QString text;
};

QString readText(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

const QRegularExpression& pushPattern()
{
    static const QRegularExpression re(QStringLiteral("drizzle-kit(@\\S+)?\\s+push\\b"));
    return re;
}

void scanForPush(const QString& file, const QString& text, int firstLine, QList<PushUse>& uses)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString l = lines[i].trimmed();
        if (l.startsWith(QLatin1Char('#')) || l.startsWith(QLatin1String("//")))
            continue;
        if (pushPattern().match(l).hasMatch())
            uses.append({file, firstLine + int(i), l});
    }
}

QString containerPath(const QString& value, const QString& workdir)
{
    return QDir::cleanPath(QDir::isAbsolutePath(value) ? value : QDir(workdir).filePath(value));
}

bool migrationsExistIn(const QString& dir)
{
    const QDir d(dir);
    if (!d.exists())
        return false;
    if (QFileInfo::exists(d.filePath(QStringLiteral("meta/_journal.json"))) ||
        !d.entryList({QStringLiteral("*.sql")}, QDir::Files).isEmpty())
        return true;
    for (const QString& sub : d.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (QFileInfo::exists(d.filePath(sub + QStringLiteral("/migration.sql"))))
            return true;
    return false;
}

class Doctor
{
public:
    explicit Doctor(const QString& dir) { m_report.dir = QFileInfo(dir).absoluteFilePath(); }
    DoctorReport run();

private:
    QString rel(const QString& path) const { return QDir(m_report.dir).relativeFilePath(path); }
    void addUrlClaim(const QString& file, int line, const QString& what, const QString& value,
                     bool inContainer, const QString& workdir = QStringLiteral("/"));
    void readHostSide(const DrizzleProject* project);
    void readDockerfile(const QString& path);
    void readCompose(const QString& path);
    void readContainerEnvFile(const QString& path);
    void mapThroughMounts();
    void compare();
    void checkFolders();
    void checkPush();

    DoctorReport m_report;
    QStringList m_urlVariables{QStringLiteral("DATABASE_URL")};
    QList<Mount> m_mounts;
    QList<PushUse> m_push;
    bool m_hasContainerFiles = false;
    QSet<QString> m_containerEnvFiles;
};

void Doctor::addUrlClaim(const QString& file, int line, const QString& what, const QString& value,
                         bool inContainer, const QString& workdir)
{
    DatabaseClaim c;
    c.file = file;
    c.line = line;
    c.what = what;
    c.value = value;
    c.inContainer = inContainer;
    const DatabaseLocation loc = resolveDatabaseUrl(value, inContainer ? workdir : m_report.dir);
    if (!loc.isFile()) {
        if (loc.kind == DatabaseLocation::Kind::Remote || loc.kind == DatabaseLocation::Kind::Memory)
            m_report.notes.append(
                QStringLiteral("%1 is not a local file; it is not compared").arg(c.describe()));
        return;
    }
    c.path = loc.path; // relative URLs were resolved from the container's working folder above
    m_report.claims.append(c);
}

void Doctor::readHostSide(const DrizzleProject* project)
{
    if (project && project->config) {
        const DrizzleConfig& config = *project->config;
        if (!config.url.envVariables().isEmpty())
            m_urlVariables = config.url.envVariables();
        const QList<ConfigExpression::Term>& alts = config.url.alternatives;
        for (qsizetype i = 0; i < alts.size(); ++i)
            if (alts[i].kind == ConfigExpression::Term::Kind::Literal)
                addUrlClaim(config.path, config.url.line,
                            i == 0 ? QStringLiteral("dbCredentials.url")
                                   : QStringLiteral("dbCredentials.url fallback"),
                            alts[i].text, false);
    }
    const QDir dir(m_report.dir);
    for (const QString& name : {QStringLiteral(".env"), QStringLiteral(".env.local")}) {
        const QString path = dir.filePath(name);
        if (!QFileInfo(path).isFile())
            continue;
        const EnvFile env = parseEnvFile(readText(path), path);
        for (const QString& var : m_urlVariables)
            if (env.contains(var))
                addUrlClaim(path, env.lines.value(var), var, env.value(var), false);
    }
}

void Doctor::readDockerfile(const QString& path)
{
    m_hasContainerFiles = true;
    const QString text = readText(path);
    QString workdir = QStringLiteral("/");
    const QStringList lines = text.split(QLatin1Char('\n'));
    static const QRegularExpression instruction(QStringLiteral("^\\s*([A-Za-z]+)\\s+(.*)$"));
    static const QRegularExpression pair(
        QStringLiteral("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)"));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString l = lines[i].trimmed();
        const int lineNo = int(i + 1);
        while (l.endsWith(QLatin1Char('\\')) && i + 1 < lines.size()) {
            l.chop(1);
            l += QLatin1Char(' ') + lines[++i].trimmed();
        }
        const auto m = instruction.match(l);
        if (!m.hasMatch() || l.startsWith(QLatin1Char('#')))
            continue;
        const QString op = m.captured(1).toUpper();
        const QString args = m.captured(2).trimmed();
        if (op == QLatin1String("WORKDIR")) {
            workdir = containerPath(args, workdir);
        } else if (op == QLatin1String("ENV")) {
            bool any = false;
            for (auto it = pair.globalMatch(args); it.hasNext();) {
                const auto p = it.next();
                any = true;
                QString v = p.captured(2);
                if (v.size() >= 2 && (v.front() == QLatin1Char('"') || v.front() == QLatin1Char('\'')))
                    v = v.mid(1, v.size() - 2);
                if (m_urlVariables.contains(p.captured(1)))
                    addUrlClaim(path, lineNo, QStringLiteral("ENV %1").arg(p.captured(1)), v, true, workdir);
            }
            if (!any) { // legacy form: ENV KEY value
                const QString key = args.section(QLatin1Char(' '), 0, 0);
                const QString v = args.section(QLatin1Char(' '), 1).trimmed();
                if (m_urlVariables.contains(key))
                    addUrlClaim(path, lineNo, QStringLiteral("ENV %1").arg(key), v, true, workdir);
            }
        } else if (op == QLatin1String("CMD") || op == QLatin1String("ENTRYPOINT") ||
                   op == QLatin1String("RUN")) {
            if (pushPattern().match(args).hasMatch() && op != QLatin1String("RUN"))
                m_push.append({path, lineNo, l});
        }
    }
}

void Doctor::readCompose(const QString& path)
{
    m_hasContainerFiles = true;
    const QList<YamlEntry> entries = readSimpleYaml(readText(path));
    const QString composeDir = QFileInfo(path).absolutePath();
    auto hostPath = [&](const QString& src) -> QString {
        if (src.startsWith(QLatin1String("~/")))
            return QDir::cleanPath(QDir::homePath() + src.mid(1));
        if (src.startsWith(QLatin1Char('.')) || src.startsWith(QLatin1Char('/')))
            return QDir::cleanPath(QDir(composeDir).absoluteFilePath(src));
        return {}; // a named volume
    };
    // service → working_dir, for relative URLs inside the container
    QMap<QString, QString> workdirs;
    for (const YamlEntry& e : entries)
        if (e.path.size() == 3 && e.path[0] == QLatin1String("services") &&
            e.path[2] == QLatin1String("working_dir"))
            workdirs.insert(e.path[1], e.value);
    // Long-syntax volumes: gather source/target per item.
    QMap<QString, Mount> longMounts;
    for (const YamlEntry& e : entries) {
        if (e.path.size() < 3 || e.path[0] != QLatin1String("services"))
            continue;
        const QString service = e.path[1];
        const QString key = e.path[2];
        const QString workdir = workdirs.value(service, QStringLiteral("/"));
        if (key == QLatin1String("volumes") && e.path.size() == 4 && !e.value.isEmpty()) {
            const QStringList parts = e.value.split(QLatin1Char(':'));
            if (parts.size() >= 2) {
                Mount m{path, e.line, service, e.value, hostPath(parts[0]), QDir::cleanPath(parts[1])};
                m_mounts.append(m);
            }
        } else if (key == QLatin1String("volumes") && e.path.size() == 5) {
            Mount& m = longMounts[service + QLatin1Char('/') + e.path[3]];
            m.file = path;
            m.service = service;
            if (m.line == 0)
                m.line = e.line;
            if (e.path[4] == QLatin1String("source")) {
                m.source = hostPath(e.value);
                m.spec = e.value + QLatin1Char(':') + m.target;
            } else if (e.path[4] == QLatin1String("target")) {
                m.target = QDir::cleanPath(e.value);
                m.spec = m.spec.section(QLatin1Char(':'), 0, 0) + QLatin1Char(':') + m.target;
            }
        } else if (key == QLatin1String("environment")) {
            QString name, value;
            if (e.path.size() == 4 && e.path[3].startsWith(QLatin1Char('#'))) {
                name = e.value.section(QLatin1Char('='), 0, 0);
                value = e.value.section(QLatin1Char('='), 1);
            } else if (e.path.size() == 4) {
                name = e.path[3];
                value = e.value;
            }
            if (m_urlVariables.contains(name))
                addUrlClaim(path, e.line, QStringLiteral("services.%1.environment %2").arg(service, name),
                            value, true, workdir);
        } else if (key == QLatin1String("env_file") && !e.value.isEmpty() &&
                   (e.path.size() == 3 || (e.path.size() == 4 && e.path[3].startsWith(QLatin1Char('#'))) ||
                    (e.path.size() == 5 && e.path[4] == QLatin1String("path")))) {
            if (!e.value.startsWith(QLatin1Char('[')))
                m_containerEnvFiles.insert(QDir::cleanPath(QDir(composeDir).absoluteFilePath(e.value)));
        } else if ((key == QLatin1String("command") || key == QLatin1String("entrypoint")) &&
                   pushPattern().match(e.value).hasMatch()) {
            m_push.append({path, e.line, QStringLiteral("%1: %2").arg(key, e.value)});
        }
    }
    for (const Mount& m : longMounts)
        if (!m.target.isEmpty())
            m_mounts.append(m);
}

void Doctor::readContainerEnvFile(const QString& path)
{
    const EnvFile env = parseEnvFile(readText(path), path);
    for (const QString& var : m_urlVariables)
        if (env.contains(var))
            addUrlClaim(path, env.lines.value(var), var, env.value(var), true);
}

void Doctor::mapThroughMounts()
{
    for (DatabaseClaim& c : m_report.claims) {
        if (!c.inContainer)
            continue;
        const Mount* best = nullptr;
        for (const Mount& m : m_mounts) {
            const bool inside = c.path == m.target || c.path.startsWith(m.target + QLatin1Char('/')) ||
                                m.target == QLatin1String("/");
            if (inside && (!best || m.target.size() > best->target.size()))
                best = &m;
        }
        if (!best) {
            if (!m_mounts.isEmpty() || m_hasContainerFiles)
                m_report.findings.append(
                    {DoctorFinding::Kind::NotOnVolume,
                     {c.file},
                     QStringLiteral(
                         "%1 puts the database at %2 inside the container, but no volume is mounted "
                         "there%3: the database is lost whenever the container is recreated. Mount a "
                         "volume at %4 in the compose file.")
                         .arg(c.describe(), c.path,
                              m_mounts.isEmpty() ? QString() : QStringLiteral(" (mounted: %1)").arg([&] {
                                  QStringList t;
                                  for (const Mount& m : m_mounts)
                                      t.append(m.target);
                                  return t.join(QStringLiteral(", "));
                              }()),
                              QFileInfo(c.path).absolutePath())});
            continue;
        }
        if (!best->source.isEmpty()) {
            c.hostPath = QDir::cleanPath(best->source + c.path.mid(best->target.size()));
            c.mount = QStringLiteral("%1 line %2: %3").arg(rel(best->file)).arg(best->line).arg(best->spec);
            c.mountFile = best->file;
        }
    }
}

void Doctor::compare()
{
    QList<const DatabaseClaim*> host, container;
    for (const DatabaseClaim& c : m_report.claims)
        (c.inContainer ? container : host).append(&c);
    auto disagree = [&](const QList<const DatabaseClaim*>& group, auto pathOf, const QString& side) {
        QSet<QString> paths;
        for (const DatabaseClaim* c : group)
            paths.insert(pathOf(*c));
        if (paths.size() <= 1)
            return;
        QStringList files, lines;
        for (const DatabaseClaim* c : group) {
            if (!files.contains(c->file))
                files.append(c->file);
            lines.append(QStringLiteral("  %1 → %2").arg(c->describe(), pathOf(*c)));
        }
        m_report.findings.append(
            {DoctorFinding::Kind::PathsDisagree, files,
             QStringLiteral("The %1 database path differs between files:\n%2\nMake them name "
                            "the same file (or drop the ones that are stale).")
                 .arg(side, lines.join(QLatin1Char('\n')))});
    };
    disagree(
        host, [](const DatabaseClaim& c) { return c.path; }, QStringLiteral("host-side"));
    disagree(
        container, [](const DatabaseClaim& c) { return c.path; }, QStringLiteral("container-side"));

    // The container's database, seen on this machine through a bind mount, should be the file the
    // host-side config names; otherwise drizzle-kit on the host migrates another database.
    QSet<QString> hostPaths;
    for (const DatabaseClaim* c : host)
        hostPaths.insert(c->path);
    if (hostPaths.isEmpty())
        return;
    // One finding per host file the container ends up using.
    QMap<QString, QList<const DatabaseClaim*>> elsewhere;
    for (const DatabaseClaim* c : container)
        if (!c->hostPath.isEmpty() && !hostPaths.contains(c->hostPath))
            elsewhere[c->hostPath].append(c);
    for (auto it = elsewhere.begin(); it != elsewhere.end(); ++it) {
        QStringList files, lines;
        for (const DatabaseClaim* c : it.value()) {
            if (!files.contains(c->file))
                files.append(c->file);
            if (!files.contains(c->mountFile))
                files.append(c->mountFile);
            lines.append(
                QStringLiteral("  %1 → %2 in the container, which the mount %3 makes %4 on this machine")
                    .arg(c->describe(), c->path, c->mount, c->hostPath));
        }
        for (const DatabaseClaim* h : host) {
            if (!files.contains(h->file))
                files.append(h->file);
            lines.append(QStringLiteral("  %1 → %2").arg(h->describe(), h->path));
        }
        m_report.findings.append(
            {DoctorFinding::Kind::PathsDisagree, files,
             QStringLiteral(
                 "The container's database is not the file the project's config names:\n%1\nRunning "
                 "drizzle-kit or Sluice on the host works on a different database than the container. "
                 "Point the volume mount or DATABASE_URL at the same file.")
                 .arg(lines.join(QLatin1Char('\n')))});
    }
}

void Doctor::checkFolders()
{
    QSet<QString> seen;
    auto check = [&](const QString& dbPath, const DatabaseClaim& c) {
        const QString folder = QFileInfo(dbPath).absolutePath();
        if (seen.contains(folder))
            return;
        seen.insert(folder);
        const QFileInfo info(folder);
        if (!info.exists()) {
            m_report.findings.append(
                {DoctorFinding::Kind::FolderMissing,
                 {c.file},
                 QStringLiteral(
                     "%1 names %2, but the folder %3 does not exist: SQLite cannot create the database "
                     "there. Create the folder (mkdir -p %3)%4.")
                     .arg(c.describe(), dbPath, folder,
                          c.inContainer ? QStringLiteral(", or Docker creates it owned by root")
                                        : QString())});
        } else if (!info.isDir() || ::access(QFile::encodeName(folder).constData(), W_OK | X_OK) != 0) {
            m_report.findings.append(
                {DoctorFinding::Kind::FolderNotWritable,
                 {c.file},
                 QStringLiteral("%1 names %2, but the folder %3 is not writable by this user: "
                                "SQLite needs to create its journal next to the database. Fix "
                                "the folder's owner or permissions.")
                     .arg(c.describe(), dbPath, folder)});
        }
    };
    for (const DatabaseClaim& c : m_report.claims) {
        if (!c.inContainer)
            check(c.path, c);
        else if (!c.hostPath.isEmpty())
            check(c.hostPath, c);
    }
}

void Doctor::checkPush()
{
    const QDir dir(m_report.dir);
    QStringList scripts;
    for (const QString& sub :
         {QString(), QStringLiteral("scripts"), QStringLiteral("docker"), QStringLiteral("bin")})
        for (const QFileInfo& f :
             QDir(dir.filePath(sub))
                 .entryInfoList({QStringLiteral("*.sh"), QStringLiteral("*entrypoint*")}, QDir::Files))
            if (!scripts.contains(f.absoluteFilePath()))
                scripts.append(f.absoluteFilePath());
    for (const QString& s : scripts)
        scanForPush(s, readText(s), 1, m_push);
    // package.json scripts that a container's `npm run …` may start.
    const QString pkg = dir.filePath(QStringLiteral("package.json"));
    if (QFileInfo(pkg).isFile()) {
        const QString text = readText(pkg);
        const QJsonObject scriptsObject =
            QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("scripts")).toObject();
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (auto it = scriptsObject.begin(); it != scriptsObject.end(); ++it) {
            if (!pushPattern().match(it.value().toString()).hasMatch())
                continue;
            // Only scripts that look like start-up steps: a developer's own "db:push" is fine.
            static const QRegularExpression startup(
                QStringLiteral("^(start|prestart|serve|deploy|predeploy|docker.*|"
                               "entrypoint|release|migrate|postinstall)$"));
            if (!startup.match(it.key()).hasMatch())
                continue;
            int line = 0;
            for (qsizetype i = 0; i < lines.size() && line == 0; ++i)
                if (lines[i].contains(QLatin1Char('"') + it.key() + QLatin1Char('"')))
                    line = int(i + 1);
            m_push.append({pkg, line, QStringLiteral("\"%1\": \"%2\"").arg(it.key(), it.value().toString())});
        }
    }
    if (!m_report.migrationsExist)
        return;
    for (const PushUse& p : m_push)
        m_report.findings.append(
            {DoctorFinding::Kind::PushWithMigrations,
             {p.file},
             QStringLiteral(
                 "%1 line %2 runs `drizzle-kit push` (%3) while the project has a migrations folder "
                 "(%4): push changes the schema directly and records nothing in __drizzle_migrations, "
                 "so the migrations' history and the database drift apart (and a later migrate "
                 "re-runs everything). Run the migrations instead (`sluice migrate` or drizzle-kit "
                 "migrate).")
                 .arg(rel(p.file))
                 .arg(p.line)
                 .arg(p.text, rel(m_report.migrationsDir))});
}

DoctorReport Doctor::run()
{
    const QDir dir(m_report.dir);
    auto project = loadDrizzleProject(m_report.dir);
    const DrizzleProject* p = project ? &*project : nullptr;
    if (!project) {
        m_report.findings.append(
            {DoctorFinding::Kind::ConfigUnreadable, {project.error().path}, project.error().message()});
        m_report.migrationsDir = dir.filePath(QStringLiteral("drizzle"));
    } else {
        m_report.configPath = project->config ? project->config->path : QString();
        m_report.migrationsDir = project->migrationsDir;
        m_report.notes.append(project->notes);
    }
    m_report.migrationsExist = migrationsExistIn(m_report.migrationsDir);
    readHostSide(p);
    for (const QString& name : {QStringLiteral("Dockerfile"), QStringLiteral("Containerfile")})
        if (QFileInfo(dir.filePath(name)).isFile())
            readDockerfile(dir.filePath(name));
    for (const QString& name : {QStringLiteral("docker-compose.yml"), QStringLiteral("docker-compose.yaml"),
                                QStringLiteral("compose.yml"), QStringLiteral("compose.yaml")})
        if (QFileInfo(dir.filePath(name)).isFile())
            readCompose(dir.filePath(name));
    const QString production = QDir::cleanPath(dir.filePath(QStringLiteral("production.env")));
    if (QFileInfo(production).isFile()) {
        if (m_hasContainerFiles)
            m_containerEnvFiles.insert(production);
        else
            for (const QString& var : m_urlVariables) {
                const EnvFile env = parseEnvFile(readText(production), production);
                if (env.contains(var))
                    addUrlClaim(production, env.lines.value(var), var, env.value(var), false);
            }
    }
    for (const QString& f : m_containerEnvFiles)
        if (QFileInfo(f).isFile())
            readContainerEnvFile(f);
    mapThroughMounts();
    compare();
    checkFolders();
    checkPush();
    if (m_report.claims.isEmpty())
        m_report.notes.append(
            QStringLiteral("No file names a local SQLite database (no dbCredentials.url literal, "
                           "no %1 in .env, Dockerfile, compose or production.env).")
                .arg(m_urlVariables.join(QStringLiteral("/"))));
    return m_report;
}

} // namespace

QString DatabaseClaim::describe() const
{
    return QStringLiteral("%1 line %2: %3=%4").arg(QFileInfo(file).fileName()).arg(line).arg(what, value);
}

DoctorReport runProjectDoctor(const QString& dir)
{
    return Doctor(dir).run();
}

QString doctorFindingKindName(DoctorFinding::Kind kind)
{
    switch (kind) {
    case DoctorFinding::Kind::PathsDisagree:
        return QStringLiteral("paths-disagree");
    case DoctorFinding::Kind::NotOnVolume:
        return QStringLiteral("not-on-volume");
    case DoctorFinding::Kind::PushWithMigrations:
        return QStringLiteral("push-with-migrations");
    case DoctorFinding::Kind::FolderMissing:
        return QStringLiteral("folder-missing");
    case DoctorFinding::Kind::FolderNotWritable:
        return QStringLiteral("folder-not-writable");
    case DoctorFinding::Kind::ConfigUnreadable:
        return QStringLiteral("config-unreadable");
    }
    return {};
}

} // namespace sluice
