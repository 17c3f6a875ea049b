#include "InnocuousJson.h"

#include <sqlite3.h>

#include <map>
#include <string>

namespace sluice {

namespace {

// One per registered function: the built-in, called through a statement on a scratch connection
// opened on first use. Statements are cached per argument count (json_extract is variadic).
struct Forwarder
{
    std::string name;
    sqlite3* scratch = nullptr;
    std::map<int, sqlite3_stmt*> statements;

    ~Forwarder()
    {
        for (auto& [argc, stmt] : statements)
            sqlite3_finalize(stmt);
        sqlite3_close(scratch);
    }

    sqlite3_stmt* statementFor(int argc)
    {
        auto it = statements.find(argc);
        if (it != statements.end())
            return it->second;
        if (!scratch && sqlite3_open_v2(":memory:", &scratch, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                        nullptr) != SQLITE_OK)
            return nullptr;
        std::string sql = "SELECT " + name + "(";
        for (int i = 1; i <= argc; ++i)
            sql += (i > 1 ? ",?" : "?") + std::to_string(i);
        sql += ")";
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(scratch, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
            return nullptr;
        statements[argc] = stmt;
        return stmt;
    }
};

void forward(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    auto* f = static_cast<Forwarder*>(sqlite3_user_data(context));
    sqlite3_stmt* stmt = f->statementFor(argc);
    if (!stmt) {
        sqlite3_result_error(context, "json function unavailable", -1);
        return;
    }
    for (int i = 0; i < argc; ++i)
        sqlite3_bind_value(stmt, i + 1, argv[i]);
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        sqlite3_result_value(context, sqlite3_column_value(stmt, 0));
    else
        sqlite3_result_error(context, sqlite3_errmsg(f->scratch), -1);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

void destroy(void* p)
{
    delete static_cast<Forwarder*>(p);
}

} // namespace

void registerInnocuousJsonFunctions(sqlite3* db)
{
    // The pure JSON functions a schema is likely to name whose arguments are JSON text or paths;
    // nArg -1 = any number. Not forwarded: functions that treat an argument differently when it
    // carries SQLite's JSON subtype (json_object, json_array, json_set, json_quote …): a forwarded
    // call passes values without their subtype and would change their results.
    static const struct
    {
        const char* name;
        int nArg;
    } functions[] = {{"json", 1},          {"json_valid", 1},         {"json_type", -1},
                     {"json_extract", -1}, {"json_array_length", -1}, {"json_remove", -1},
                     {"json_patch", 2}};
    for (const auto& fn : functions) {
        auto* f = new Forwarder{fn.name, nullptr, {}};
        sqlite3_create_function_v2(db, fn.name, fn.nArg,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, f, forward, nullptr,
                                   nullptr, destroy);
    }
}

} // namespace sluice
