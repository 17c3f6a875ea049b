#include "RawQuery.h"

#include <QStringList>

#include <sqlite3.h>

namespace sluice {

int scalarText(sqlite3* db, const char* sql, QString& out)
{
    sqlite3_stmt* st = nullptr;
    int r = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    if (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        r = SQLITE_OK;
    } else if (r == SQLITE_DONE) {
        out.clear();
        r = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return r;
}

int quickCheck(sqlite3* db, QString& out, int limit)
{
    sqlite3_stmt* st = nullptr;
    int r = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, nullptr);
    QStringList lines;
    while (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (lines.size() < limit)
            lines << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        r = SQLITE_OK;
    }
    sqlite3_finalize(st);
    out = lines.join(QLatin1Char('\n'));
    return r == SQLITE_DONE ? SQLITE_OK : r;
}

} // namespace sluice
