#pragma once
// Project doctor: the places a Drizzle project names its SQLite database must agree (drizzle.config,
// .env, .env.local, production.env, docker-compose volume mounts and environment, the Dockerfile's
// ENV DATABASE_URL); `drizzle-kit push` must not run where a migrations folder exists; the
// database's folder must exist and be writable. Reads files only; never runs anything.
#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

// One place that names the database.
struct DatabaseClaim
{
    QString file; // absolute path of the file that says it
    int line = 0;
    QString what;             // "DATABASE_URL", "dbCredentials.url fallback", "ENV DATABASE_URL" …
    QString value;            // as written
    bool inContainer = false; // the path is a path inside the container
    QString path;             // resolved absolute path (host or container side, see inContainer)
    QString hostPath;         // for container paths: the host path through a bind mount ("" when none)
    QString mount;            // that mount: "docker-compose.yml line 7: ./db:/app/data"
    QString mountFile;        // the compose file that declares it
    QString describe() const; // "production.env line 2: DATABASE_URL=file:/app/data/prod.db"
};

struct DoctorFinding
{
    enum class Kind {
        PathsDisagree,      // host-side or container-side paths differ, or a mount maps elsewhere
        NotOnVolume,        // the container's database is not on a mounted volume
        PushWithMigrations, // drizzle-kit push run while a migrations folder exists
        FolderMissing,      // the database's folder does not exist
        FolderNotWritable,  // … or is not writable
        ConfigUnreadable,   // drizzle.config could not be read
    };
    Kind kind;
    QStringList files; // the files concerned
    QString message;   // what is wrong, with the values, and what to do
};

struct DoctorReport
{
    QString dir;
    QString configPath;
    QString migrationsDir;
    bool migrationsExist = false;
    QList<DatabaseClaim> claims;
    QList<DoctorFinding> findings;
    QStringList notes;
};

DoctorReport runProjectDoctor(const QString& dir);

QString doctorFindingKindName(DoctorFinding::Kind kind);

} // namespace sluice
