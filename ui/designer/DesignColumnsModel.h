#pragma once
// The designer's columns grid: one row per column of the design (name, type, NOT NULL, PK,
// AUTOINCREMENT, UNIQUE, DEFAULT, CHECK, COLLATE, GENERATED). The model only reads the design;
// every edit is handed to `commit` as a whole new design, which the designer pushes as one undo step.
#include "schemaplan/TableDesign.h"

#include <QAbstractTableModel>

#include <functional>

namespace sluice::ui {

class DesignColumnsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Col {
        Name,
        Type,
        NotNull,
        PrimaryKey,
        AutoIncrement,
        Unique,
        Default,
        Check,
        Collation,
        Generated,
        Count
    };
    using Commit = std::function<void(const TableDesign&, const QString& what)>;

    DesignColumnsModel(const TableDesign* design, Commit commit, QObject* parent = nullptr);
    void reload(); // the design changed as a whole (an undo, a new table)

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    static bool isCheckColumn(int column);

private:
    const TableDesign* m_design;
    Commit m_commit;
};

} // namespace sluice::ui
