#pragma once
// Shared by the schema-planner suites: build a database with schema A and data, plan A → B,
// apply the plan with the one runner, and check the result against B.
#include "core/Connection.h"
#include "migrate/PlanRunner.h"
#include "schema/SchemaReader.h"
#include "schemaplan/SchemaPlanner.h"
#include "schemaplan/SchemaShape.h"
#include "schemaplan/SchemaSource.h"

#include <QTest>

namespace sluice::test {

inline Schema schemaOf(const QString& script)
{
    auto s = schemaFromScript(script);
    if (!s)
        qFatal("bad test schema: %s", qPrintable(s.error().message()));
    return s.value();
}

inline Schema schemaOfDb(Connection& c)
{
    auto r = readSchema(c);
    if (!r)
        qFatal("cannot read schema: %s", qPrintable(r.error().message()));
    return r->schema;
}

inline QString planText(const Plan& plan)
{
    QStringList out;
    for (const PlanStatement& s : plan.statements)
        out << s.sql;
    return out.join(QStringLiteral(";\n"));
}

} // namespace sluice::test
