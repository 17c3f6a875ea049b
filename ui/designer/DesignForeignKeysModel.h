#pragma once
// The designer's foreign keys: one row per key (its columns, the parent table and columns, the
// ON DELETE / ON UPDATE actions). Column lists are edited as "a, b". Edits go to `commit`.
#include "schemaplan/TableDesign.h"

#include <QAbstractTableModel>

#include <functional>

namespace sluice::ui {

class DesignForeignKeysModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Col { Columns, ParentTable, ParentColumns, OnDelete, OnUpdate, Count };
    using Commit = std::function<void(const TableDesign&, const QString& what)>;

    DesignForeignKeysModel(const TableDesign* design, Commit commit, QObject* parent = nullptr);
    void reload();

    static QStringList actions(); // NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT

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

// "a, b" → {"a", "b"} (blank entries dropped) and back.
QStringList splitNameList(const QString& text);
QString joinNameList(const QStringList& names);

} // namespace sluice::ui
