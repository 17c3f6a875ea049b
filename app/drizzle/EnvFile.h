#pragma once
// A dotenv file (.env, .env.local, production.env): KEY=value lines, as the dotenv package reads them
// (`export ` prefix, single/double/backtick quotes, `#` comments, \n in double quotes).
#include "core/Result.h"

#include <QMap>
#include <QString>

namespace sluice {

struct EnvFile
{
    QString path;
    QMap<QString, QString> values;
    QMap<QString, int> lines; // 1-based line of each key (the last assignment wins, as in dotenv)

    bool contains(const QString& key) const { return values.contains(key); }
    QString value(const QString& key) const { return values.value(key); }
};

EnvFile parseEnvFile(const QString& text, const QString& path = {});
// Fails only when the file exists but cannot be read.
Result<EnvFile> readEnvFile(const QString& path);

} // namespace sluice
