// Test data with raw string literals lives here: moc cannot parse a file that has them, so the
// test class's file (tst_backupformats.cpp) keeps none.
#include "fixture.h"

const char* const kSchema = R"SQL(
CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, score REAL);
CREATE TABLE child(id INTEGER PRIMARY KEY AUTOINCREMENT,
                   parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, note TEXT);
CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);
CREATE TABLE kinds(i INTEGER, r REAL, t TEXT, b BLOB, n NUMERIC, anything, big INTEGER);
CREATE TABLE strict_t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT, a ANY) STRICT;
CREATE TABLE wr(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE gen(a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL, c TEXT AS (upper(t)) STORED, t TEXT);
CREATE TABLE "we""ird name"("col ""x""" TEXT, "sp ace" INTEGER);
CREATE TABLE tree(id INTEGER PRIMARY KEY, up INTEGER REFERENCES tree(id));
CREATE INDEX child_parent ON child(parent_id);
CREATE UNIQUE INDEX kinds_big ON kinds(big) WHERE big IS NOT NULL;
CREATE VIEW v_child AS SELECT c.id, p.name, c.note FROM child c JOIN parent p ON p.id = c.parent_id;
CREATE TRIGGER child_audit AFTER INSERT ON child BEGIN INSERT INTO audit(what) VALUES ('child ' || new.id); END;
CREATE TRIGGER v_child_ins INSTEAD OF INSERT ON v_child BEGIN SELECT 1; END;
)SQL";

const char* const kData = R"SQL(
INSERT INTO parent(id, name, score) VALUES (1, 'a', 1.5), (2, 'ünïcødé 😀 ✓', NULL), (7, 'gone', 0.1);
DELETE FROM parent WHERE id = 7;
INSERT INTO child(parent_id, note) VALUES (1, 'n1'), (1, NULL), (2, 'line1
line2 ''quoted'' "dq"	tab \ backslash');
INSERT INTO kinds VALUES (9223372036854775807, 0.1, 'text', X'00FF10', 1.5, 'any', -9223372036854775808);
INSERT INTO kinds VALUES (NULL, 1e308, '', X'', 12, X'DEADBEEF', 9007199254740993);
INSERT INTO kinds VALUES (-1, -0.0, 'emoji 😀 ✓ ' || char(8232) || char(1), zeroblob(3), '007', 5.0, -9007199254740993);
INSERT INTO kinds VALUES (0, 1e999, CAST(X'610062' AS TEXT), NULL, 2.5e-308, -1e999, NULL);
INSERT INTO kinds VALUES (1, 4.9e-324, CAST(X'FF80' AS TEXT), X'0A0D27225C', 0.30000000000000004, -0.0, 2);
INSERT INTO strict_t VALUES (1, 42, 's', 1.25), (2, -3, NULL, X'01');
INSERT INTO wr VALUES ('k2', 'x'), ('k1', 1);
INSERT INTO gen(a, t) VALUES (3, 'abc'), (NULL, NULL);
INSERT INTO "we""ird name" VALUES ('v''"', 9);
INSERT INTO tree VALUES (1, NULL), (2, 3), (3, 1);
)SQL";

QByteArray jsonFromElsewhere()
{
    return R"({"metadata":{"version":"1.0","created":"x","tables":["parent"]},)"
           R"("parent":[{"id":41,"name":"x","score":true},{"name":"y","id":40}]})";
}

QList<BadJson> badJsonCases()
{
    const QByteArray meta = R"({"metadata":{"version":1,"tables":["parent","child"]},)";
    return {
        {"truncated", meta + R"("parent":[{"id":1,"name":"a"},{"id":2,"na)", "truncated"},
        {"missing table", meta + R"("parent":[{"id":1,"name":"a"}]})", "\"child\""},
        {"unknown table", QByteArray(R"({"metadata":{"version":1,"tables":["nope"]},"nope":[{"x":1}]})"),
         "\"nope\""},
        {"unknown column", meta + R"("parent":[{"id":1,"name":"a"},{"id":2,"nmae":"b"}],"child":[]})",
         "nmae"},
        {"wrong type into STRICT",
         QByteArray(R"({"metadata":{"version":1,"tables":["strict_t"]},"strict_t":[{"id":1,"v":"abc"}]})"),
         "strict_t"},
        {"NOT NULL", meta + R"("parent":[{"id":1,"name":null}],"child":[]})", "row 1"},
        {"UNIQUE", meta + R"("parent":[{"id":1,"name":"a"},{"id":2,"name":"a"}],"child":[]})", "row 2"},
        {"foreign key violation",
         meta + R"("parent":[{"id":1,"name":"a"}],"child":[{"id":1,"parent_id":99}]})", "foreign-key"},
        {"array value", meta + R"("parent":[{"id":1,"name":[1]}],"child":[]})", "array"},
        {"bad base64", meta + R"("parent":[{"id":1,"name":{"$blob":"%%%"}}],"child":[]})", "base64"},
        {"no metadata", QByteArray(R"({"parent":[]})"), "metadata"},
        {"garbage after end", meta + R"("parent":[],"child":[]} x)", "after the end"},
    };
}
