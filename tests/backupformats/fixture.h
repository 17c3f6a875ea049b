#pragma once
#include <QByteArray>
#include <QList>

extern const char* const kSchema; // every kind of column, table, index, view and trigger
extern const char* const kData;   // every kind of value

struct BadJson
{
    const char* name;
    QByteArray json;
    const char* expected; // part of the error message
};
QList<BadJson> badJsonCases();
QByteArray jsonFromElsewhere(); // no "sequences", booleans, omitted columns
