#pragma once
// A line-based reader for the few docker-compose keys the project doctor needs (services.*.volumes,
// environment, env_file, command, entrypoint). It is not a YAML parser and there is deliberately no
// YAML library: it understands block mappings, block sequences ("- item", "- key: value"), quoted
// scalars, comments, flow sequences on one line (["a", "b"]) and block scalars (| and >). Anchors,
// aliases, multi-document files and flow mappings are not understood.
#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

struct YamlEntry
{
    QStringList path; // keys from the root; sequence items appear as "#0", "#1" …
    QString value;    // the scalar, unquoted ("" for a key that opens a block)
    int line = 0;     // 1-based
};

QList<YamlEntry> readSimpleYaml(const QString& text);

} // namespace sluice
