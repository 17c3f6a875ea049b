#pragma once
// Selected cells as tab-separated text for the clipboard, and pasted text back into a grid of
// values, the way spreadsheet applications exchange them: rows end with a newline, cells are
// separated by tabs, a cell containing a tab, a newline or a double quote is wrapped in double
// quotes with its quotes doubled. NULL is written as an empty cell (the caller can pick a marker).
#include "SqlValue.h"
#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

// BLOBs are written as their hex (X'..' would not round-trip through a spreadsheet either).
QString encodeTsv(const QList<SqlValueList>& rows, const QString& nullText = {});

// The cells of pasted text: a trailing newline does not make an extra row; "\r\n" is a newline.
QList<QStringList> parseTsv(const QString& text);

// Checks that `pasted` fits `columnCount` columns starting at the selected column (paste fills
// the selected columns and as many following ones as the data has). A clear message when not.
Status checkPasteFits(const QList<QStringList>& pasted, int firstColumn, int columnCount);

} // namespace sluice
