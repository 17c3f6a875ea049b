#pragma once
#include "query/StatementResult.h"

#include <QAbstractTableModel>

namespace sluice::ui {

// A read-only grid over one statement's kept rows. NULL is shown as an italic grey "NULL" so it
// never looks like empty text; cut TEXT/BLOB values end with "…" and say their full size in the
// tooltip; numbers are right-aligned.
class QueryResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        IsNullRole = Qt::UserRole + 1, // bool
        CellTypeRole,                  // int(ResultCell::Type)
        ValueRole,                     // the kept value (invalid for NULL)
        FullBytesRole,                 // size of the whole TEXT/BLOB value
        TruncatedRole                  // bool
    };

    explicit QueryResultModel(QObject* parent = nullptr);

    void setResult(StatementResult result);
    void clear();
    const StatementResult& result() const { return m_result; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The one-line text a cell shows.
    static QString displayText(const ResultCell& cell);

private:
    StatementResult m_result;
};

} // namespace sluice::ui
