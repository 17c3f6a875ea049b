#pragma once
// The designer's indexes: name, UNIQUE, columns ("a, b") and the WHERE of a partial index.
#include "schemaplan/TableDesign.h"

#include <QAbstractTableModel>

#include <functional>

namespace sluice::ui {

class DesignIndexesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Col { Name, Unique, Columns, Where, Count };
    using Commit = std::function<void(const TableDesign&, const QString& what)>;

    DesignIndexesModel(const TableDesign* design, Commit commit, QObject* parent = nullptr);
    void reload();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

private:
    const TableDesign* m_design;
    Commit m_commit;
};

} // namespace sluice::ui
