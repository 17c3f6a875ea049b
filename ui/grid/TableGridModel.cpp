#include "TableGridModel.h"

#include "CellFormatter.h"
#include "DatabaseSession.h"
#include "browse/CellFetcher.h"
#include "core/Identifiers.h"
#include "edit/EditColors.h"
#include "edit/GridEdits.h"
#include "edit/TypedValue.h"
#include "edit/ViewEditing.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFont>
#include <QLocale>

#include <algorithm>
#include <climits>

namespace sluice::ui {

namespace {

constexpr int kWantedLimit = 16;    // pages remembered as wanted (the most recently painted ones)
constexpr int kGuiBudgetMs = 30;    // GUI-thread reading per event-loop turn
constexpr int kGuiReadLimitMs = 60; // one GUI-thread read past this is interrupted and moved to a worker
constexpr int kRetryBusyMs = 250;   // wait before retrying a read that found the database locked

} // namespace

TableGridModel::TableGridModel(DatabaseSession& session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session)
{
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(0);
    connect(&m_fetchTimer, &QTimer::timeout, this, &TableGridModel::processWanted);
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(kRetryBusyMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        m_locked = false;
        Q_EMIT statusChanged();
        processWanted();
    });
    connect(&m_session, &DatabaseSession::dataChanged, this, [this] {
        if (m_source)
            reload();
    });
    connect(&m_session, &DatabaseSession::rowCountReady, this, [this](const QString& table, qint64 n) {
        if (m_sharedCountPending && m_source && m_source->name() == table) {
            m_sharedCountPending = false;
            applyExactCount(n);
        }
    });
    connect(&m_session, &DatabaseSession::rowCountFailed, this,
            [this](const QString& table, const DbError& e) {
                if (!m_sharedCountPending || !m_source || m_source->name() != table)
                    return;
                m_sharedCountPending = false;
                if (e.isInterrupted())
                    m_countCancelled = true;
                else
                    setError(e);
                Q_EMIT statusChanged();
            });
}

TableGridModel::~TableGridModel() = default;

DbWorker& TableGridModel::pageWorker()
{
    if (!m_pageWorker)
        m_pageWorker = m_session.makeWorker();
    return *m_pageWorker;
}

DbWorker& TableGridModel::jobWorker()
{
    if (!m_jobWorker)
        m_jobWorker = m_session.makeWorker();
    return *m_jobWorker;
}

bool TableGridModel::setSource(const QString& tableOrView)
{
    std::optional<RowSource> src = RowSource::fromSchema(m_session.schema(), tableOrView);
    if (!src) {
        clear();
        return false;
    }
    m_source = std::move(src);
    m_sort = {};
    m_filters.clear();
    m_estimate.reset();
    m_rowidRange.reset();
    if (auto range = readRowidRange(m_session.connection(), *m_source); range && *range)
        m_rowidRange = *range;
    m_estimate = estimateRowCount(m_session.connection(), *m_source);
    resetQuery();
    return true;
}

void TableGridModel::clear()
{
    beginResetModel();
    ++m_generation;
    if (m_pageWorker)
        m_pageWorker->cancelAll();
    if (m_jobWorker)
        m_jobWorker->cancelAll();
    m_source.reset();
    m_pager.reset();
    m_sort = {};
    m_filters.clear();
    m_rows = 0;
    m_exact = -1;
    m_pages.clear();
    m_wanted.clear();
    m_inflight.clear();
    m_pageJobs.clear();
    m_countJob = m_indexJob = 0;
    m_sharedCountPending = false;
    m_index.reset();
    m_error.clear();
    m_insertedShown = 0;
    m_fkOfColumn.clear();
    m_editProblem.clear();
    endResetModel();
    Q_EMIT statusChanged();
}

void TableGridModel::setSort(const SortSpec& sort)
{
    setQuery(sort, m_filters);
}

void TableGridModel::setFilters(const QList<ColumnFilter>& filters)
{
    setQuery(m_sort, filters);
}

void TableGridModel::setQuery(const SortSpec& sort, const QList<ColumnFilter>& filters)
{
    if (!m_source)
        return;
    m_sort = sort;
    m_filters = filters;
    resetQuery();
}

void TableGridModel::reload()
{
    if (!m_source)
        return;
    if (auto range = readRowidRange(m_session.connection(), *m_source); range)
        m_rowidRange = *range;
    m_estimate = estimateRowCount(m_session.connection(), *m_source);
    resetQuery();
}

void TableGridModel::resetQuery()
{
    beginResetModel();
    ++m_generation;
    if (m_pageWorker)
        m_pageWorker->cancelAll();
    if (m_jobWorker)
        m_jobWorker->cancelAll();
    m_pages.clear();
    m_wanted.clear();
    m_inflight.clear();
    m_pageJobs.clear();
    m_countJob = m_indexJob = 0;
    m_sharedCountPending = false;
    m_index.reset();
    m_tailPage.reset();
    m_pendingEnd = false;
    m_exact = -1;
    m_dense = false;
    m_locked = false;
    m_countCancelled = m_indexCancelled = false;
    m_indexPercent = 0;
    m_error.clear();
    updateEditProblem();
    m_insertedShown = 0;
    if (m_edits && m_edits->changes().table() == m_source->name())
        for (const StagedEdit& e : m_edits->changes().edits())
            m_insertedShown += e.kind == StagedEdit::Kind::Insert ? 1 : 0;
    m_pager.emplace(RowQueryBuilder(*m_source, m_sort, m_filters));
    if (!m_pager->builder().problem().isEmpty()) {
        m_error = m_pager->builder().problem();
        m_pager.reset();
        m_rows = 0;
        endResetModel();
        Q_EMIT statusChanged();
        return;
    }
    // Until the count arrives: the estimate for the whole table, one page for a filtered one.
    qint64 rows = 0;
    if (m_source->isKeyed())
        rows = m_filters.isEmpty() ? m_estimate.value_or(kPageSize)
                                   : qMin<qint64>(m_estimate.value_or(kPageSize), kPageSize);
    m_rows = int(qMin<qint64>(rows, INT_MAX));
    // The first page now, when it is cheap, so the grid never flashes placeholders for it.
    bool firstTooSlow = false;
    if (readIsCheap()) {
        Result<RowPage> first =
            readOnGuiThread(PageRequest{PageRequest::Mode::First, {}, 0, kPageSize}, firstTooSlow);
        if (firstTooSlow) {
            // judged cheap but was not: the worker reads it (below)
        } else if (first) {
            if (first->reachedEnd) {
                m_exact = first->rows.size();
                m_rows = int(m_exact);
            } else {
                m_rows = qMax(m_rows, int(first->rows.size()));
            }
            m_pages.insert(0, CachedPage{std::move(first.value()), ++m_tick});
        } else if (first.error().isBusy()) {
            m_locked = true;
            m_retryTimer.start();
        } else {
            m_error = first.error().message();
        }
    }
    endResetModel();
    if (m_exact >= 0)
        applyExactCount(m_exact);
    else
        startCount();
    if (!m_pages.contains(0) && m_pager && !m_locked) {
        if (readIsCheap() && !firstTooSlow)
            want(0);
        else // a sort or a scan: on the worker at once, so the status can say so
            submitPage(0, PageRequest{PageRequest::Mode::First, {}, 0, kPageSize});
    }
    Q_EMIT statusChanged();
}

bool TableGridModel::isSmall() const
{
    const qint64 n = m_exact >= 0 ? m_exact : m_estimate.value_or(LLONG_MAX);
    return n <= kSmallTable;
}

bool TableGridModel::orderIsIndexed() const
{
    return m_pager && m_pager->builder().orderIsIndexed();
}

bool TableGridModel::readIsCheap() const
{
    if (!m_pager || !m_source->isKeyed())
        return false; // a view's query can be anything: its pages are read on a worker
    if (isSmall())
        return true;
    if (!orderIsIndexed())
        return false;
    // Filters bound the work only when they narrow the very index walked: the rowid (natural order)
    // or the sort column.
    for (const ColumnFilter& f : m_filters) {
        const bool comparison = f.op == ColumnFilter::Op::Equals || f.op == ColumnFilter::Op::Less ||
                                f.op == ColumnFilter::Op::Greater;
        const bool onRowid = m_sort.isNatural() && m_source->rowidAlias() &&
                             m_source->rowidAlias()->compare(f.column, Qt::CaseInsensitive) == 0;
        const bool onSort = !m_sort.isNatural() && m_sort.column.compare(f.column, Qt::CaseInsensitive) == 0;
        if (!comparison || !(onRowid || onSort))
            return false;
    }
    return true;
}

int TableGridModel::rowsInPage(qint64 page) const
{
    if (m_exact < 0)
        return kPageSize;
    return int(std::clamp<qint64>(m_exact - page * kPageSize, 0, kPageSize));
}

std::optional<PageRequest> TableGridModel::planFor(qint64 page) const
{
    using Mode = PageRequest::Mode;
    const qint64 start = page * kPageSize;
    if (page == 0)
        return PageRequest{Mode::First, {}, 0, kPageSize};
    if (!m_source->isKeyed()) // views: OFFSET is all there is
        return PageRequest{Mode::Offset, {}, start, kPageSize};
    if (m_dense && m_rowidRange) {
        RowKey k;
        k.locator = {m_rowidRange->min + start};
        return PageRequest{Mode::From, k, 0, kPageSize};
    }
    if (auto prev = m_pages.constFind(page - 1);
        prev != m_pages.constEnd() && prev->page.rows.size() == kPageSize && !prev->page.keys.isEmpty())
        return PageRequest{Mode::After, prev->page.keys.last(), 0, kPageSize};
    if (auto next = m_pages.constFind(page + 1); next != m_pages.constEnd() && !next->page.keys.isEmpty())
        return PageRequest{Mode::Before, next->page.keys.first(), 0, kPageSize};
    if (m_index) {
        if (auto seek = m_index->seek(start))
            return PageRequest{Mode::From, seek->key, seek->skip, kPageSize};
    }
    if (start < kShortHop || isSmall())
        return PageRequest{Mode::Offset, {}, start, kPageSize};
    if (m_exact >= 0) {
        const int n = rowsInPage(page);
        const qint64 fromEnd = m_exact - (start + n);
        if (n > 0 && fromEnd <= kShortHop)
            return PageRequest{Mode::OffsetFromEnd, {}, fromEnd, n};
    }
    return std::nullopt; // wait for the position index
}

void TableGridModel::want(qint64 page) const
{
    m_wanted.removeOne(page);
    m_wanted.append(page);
    if (!m_fetchTimer.isActive())
        m_fetchTimer.start();
}

void TableGridModel::processWanted()
{
    if (!m_pager || m_locked)
        return;
    // Forget pages asked for long ago; nudge the view so the ones still on screen ask again.
    while (m_wanted.size() > kWantedLimit) {
        const qint64 p = m_wanted.takeFirst();
        const int first = int(p * kPageSize);
        if (first < m_rows && columnCount() > 0)
            Q_EMIT dataChanged(index(first, 0),
                               index(qMin(m_rows - 1, first + kPageSize - 1), columnCount() - 1));
    }
    const bool cheap = readIsCheap();
    QElapsedTimer timer;
    timer.start();
    const QList<qint64> order(m_wanted.rbegin(), m_wanted.rend()); // most recent first
    for (const qint64 p : order) {
        if (m_pages.contains(p) || m_inflight.contains(p) || p * kPageSize >= qMax<qint64>(m_rows, 1)) {
            m_wanted.removeOne(p);
            continue;
        }
        const std::optional<PageRequest> plan = planFor(p);
        if (!plan)
            continue; // reachable once the position index is ready
        if (cheap) {
            bool tooSlow = false;
            Result<RowPage> r = readOnGuiThread(*plan, tooSlow);
            if (tooSlow) {
                m_wanted.removeOne(p);
                submitPage(p, *plan);
                continue;
            }
            if (!r) {
                if (r.error().isBusy()) {
                    m_locked = true;
                    m_retryTimer.start();
                    Q_EMIT statusChanged();
                    return;
                }
                m_wanted.removeOne(p);
                setError(r.error());
                continue;
            }
            m_wanted.removeOne(p);
            storePage(p, std::move(r.value()));
            if (timer.elapsed() > kGuiBudgetMs) {
                m_fetchTimer.start();
                return;
            }
        } else if (m_pageJobs.size() < kMaxWorkerPages) {
            m_wanted.removeOne(p);
            submitPage(p, *plan);
        }
    }
}

Result<RowPage> TableGridModel::readOnGuiThread(const PageRequest& request, bool& tooSlow)
{
    Connection::TimeBudget budget(m_session.connection(), kGuiReadLimitMs);
    Result<RowPage> r = request.run(m_session.connection(), *m_pager);
    tooSlow = !r && budget.exceeded();
    return r;
}

void TableGridModel::submitPage(qint64 page, const PageRequest& request)
{
    m_inflight.insert(page);
    const KeysetPager pager = *m_pager;
    const quint64 gen = m_generation;
    auto job = std::make_shared<JobId>(0);
    const JobId id = pageWorker().submit<RowPage>(
        this, [pager, request](Connection& c, JobControl&) { return request.run(c, pager); },
        [this, gen, page, job](Result<RowPage> r) {
            if (gen != m_generation)
                return;
            m_pageJobs.remove(*job);
            m_inflight.remove(page);
            if (!r) {
                if (!r.error().isInterrupted())
                    setError(r.error());
            } else {
                storePage(page, std::move(r.value()));
            }
            Q_EMIT statusChanged();
            if (!m_wanted.isEmpty())
                m_fetchTimer.start();
        });
    *job = id;
    m_pageJobs.insert(id, page);
    Q_EMIT statusChanged();
}

void TableGridModel::storePage(qint64 page, RowPage rows)
{
    const qint64 start = page * kPageSize;
    const qint64 end = start + rows.rows.size();
    if (m_exact < 0) {
        // Pages are read at exact positions, so a short page or one beyond the estimate tells the size.
        if (rows.reachedEnd)
            applyExactCount(end);
        else if (end > m_rows)
            setRows(end);
    }
    if (rows.rows.isEmpty())
        return;
    m_pages.insert(page, CachedPage{std::move(rows), ++m_tick});
    evict();
    const int last = int(qMin<qint64>(end, m_rows)) - 1;
    if (last >= start && columnCount() > 0)
        Q_EMIT dataChanged(index(int(start), 0), index(last, columnCount() - 1));
}

void TableGridModel::evict()
{
    while (m_pages.size() > kMaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            if (it->used < oldest->used)
                oldest = it;
        m_pages.erase(oldest);
    }
}

void TableGridModel::setRows(qint64 n)
{
    const int rows = int(qMin<qint64>(n, INT_MAX));
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    }
}

void TableGridModel::applyExactCount(qint64 n)
{
    m_exact = n;
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        if (it.key() * kPageSize >= n)
            it = m_pages.erase(it);
        else
            ++it;
    }
    setRows(n);
    m_dense = m_sort.isNatural() && m_filters.isEmpty() && m_source->kind() == RowSource::Kind::RowidTable &&
              m_rowidRange && m_rowidRange->span() == n;
    if (m_tailPage && n > 0) {
        // The last page read from the end before the count was known: now its position is exact.
        const qint64 lastPage = (n - 1) / kPageSize;
        const int need = rowsInPage(lastPage);
        RowPage tail = *m_tailPage;
        m_tailPage.reset();
        if (tail.rows.size() >= need) {
            tail.rows = tail.rows.mid(tail.rows.size() - need);
            tail.keys = tail.keys.mid(tail.keys.size() - need);
            tail.reachedEnd = true;
            m_pages.insert(lastPage, CachedPage{std::move(tail), ++m_tick});
            evict();
            if (columnCount() > 0)
                Q_EMIT dataChanged(index(int(lastPage * kPageSize), 0), index(int(n - 1), columnCount() - 1));
        }
    }
    if (m_pendingEnd) {
        m_pendingEnd = false;
        if (n > 0)
            Q_EMIT lastRowReady(int(qMin<qint64>(n, INT_MAX)) - 1);
    }
    maybeStartIndex();
    Q_EMIT statusChanged();
    if (!m_wanted.isEmpty())
        m_fetchTimer.start();
}

void TableGridModel::startCount()
{
    if (m_filters.isEmpty() && m_source->kind() != RowSource::Kind::Unkeyed && !m_source->isView()) {
        // The whole table's count is the session's, shared with the schema tree: counted once.
        if (const std::optional<qint64> known = m_session.cachedRowCount(m_source->name())) {
            applyExactCount(*known);
            return;
        }
        m_sharedCountPending = true;
        m_session.requestRowCount(m_source->name(), /*urgent=*/true);
        return;
    }
    const quint64 gen = m_generation;
    const RowQueryBuilder builder = m_pager->builder();
    m_countJob = jobWorker().submit<qint64>(
        this, [builder](Connection& c, JobControl&) { return exactRowCount(c, builder); },
        [this, gen](Result<qint64> r) {
            if (gen != m_generation)
                return;
            m_countJob = 0;
            if (r)
                applyExactCount(*r);
            else if (r.error().isInterrupted())
                m_countCancelled = true;
            else
                setError(r.error());
            Q_EMIT statusChanged();
        });
}

void TableGridModel::maybeStartIndex()
{
    if (m_index || m_indexJob || m_indexCancelled || !m_source->isKeyed() || m_dense || isSmall() ||
        m_exact <= 2 * kShortHop)
        return;
    const quint64 gen = m_generation;
    const RowQueryBuilder builder = m_pager->builder();
    const qint64 expected = m_exact;
    m_indexPercent = 0;
    m_indexJob = jobWorker().submit<PositionIndex>(
        this,
        [builder, expected](Connection& c, JobControl& control) {
            return PositionIndex::build(c, builder, &control, expected);
        },
        [this, gen](Result<PositionIndex> r) {
            if (gen != m_generation)
                return;
            m_indexJob = 0;
            if (r) {
                m_index = std::make_shared<const PositionIndex>(std::move(r.value()));
                if (m_index->rowCount() != m_exact)
                    applyExactCount(m_index->rowCount());
            } else if (r.error().isInterrupted()) {
                m_indexCancelled = true;
            } else {
                setError(r.error());
            }
            Q_EMIT statusChanged();
            if (!m_wanted.isEmpty())
                m_fetchTimer.start();
        },
        [this, gen](qint64 done, qint64 total, const QString&) {
            if (gen != m_generation || total <= 0)
                return;
            m_indexPercent = int(done * 100 / total);
            Q_EMIT statusChanged();
        });
    Q_EMIT statusChanged();
}

void TableGridModel::setError(const DbError& e)
{
    m_error = e.message();
    Q_EMIT statusChanged();
}

void TableGridModel::requestLastRow()
{
    if (!m_pager)
        return;
    if (m_exact >= 0) {
        if (m_exact > 0)
            Q_EMIT lastRowReady(m_rows - 1);
        return;
    }
    m_pendingEnd = true;
    if (m_source->isKeyed() && readIsCheap() && !m_tailPage) {
        bool tooSlow = false; // then the count and the index bring the end instead
        Result<RowPage> r = readOnGuiThread(PageRequest{PageRequest::Mode::Last, {}, 0, kPageSize}, tooSlow);
        if (r)
            m_tailPage = std::move(r.value());
    }
    if (!m_countJob && !m_sharedCountPending)
        startCount();
}

void TableGridModel::locateRowid(qint64 rowid)
{
    if (!m_source || m_source->kind() != RowSource::Kind::RowidTable || !m_sort.isNatural() ||
        !m_filters.isEmpty())
        return;
    const quint64 gen = m_generation;
    const QString table = quoteIdentifier(m_source->name());
    const QString rid = m_source->rowidSql();
    jobWorker().submit<qint64>(
        this,
        [table, rid, rowid](Connection& c, JobControl&) -> Result<qint64> {
            Result<QVariant> found =
                c.scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 = ?").arg(table, rid), {rowid},
                         QStringLiteral("find the row"));
            if (!found)
                return found.error();
            if (found->toLongLong() == 0)
                return qint64(-1);
            Result<QVariant> before =
                c.scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 < ?").arg(table, rid), {rowid},
                         QStringLiteral("find the row's position"));
            if (!before)
                return before.error();
            return before->toLongLong();
        },
        [this, gen, rowid](Result<qint64> r) {
            if (gen != m_generation)
                return;
            if (!r) {
                setError(r.error());
                return;
            }
            if (*r < 0) {
                m_error = QStringLiteral("there is no row with rowid %1").arg(rowid);
                Q_EMIT statusChanged();
                return;
            }
            if (*r >= m_rows)
                setRows(*r + 1);
            Q_EMIT rowLocated(int(*r));
        });
}

bool TableGridModel::canCancel() const
{
    return m_countJob || m_sharedCountPending || m_indexJob || !m_pageJobs.isEmpty();
}

void TableGridModel::cancel()
{
    const bool sorting = !m_pageJobs.isEmpty() && !orderIsIndexed() && !m_sort.isNatural();
    if (m_sharedCountPending)
        m_session.cancelRowCount(m_source->name());
    if (m_countJob) {
        jobWorker().cancel(m_countJob);
    }
    if (m_indexJob)
        jobWorker().cancel(m_indexJob);
    if (m_pageWorker)
        m_pageWorker->cancelAll();
    if (sorting) {
        setQuery({}, m_filters);
        Q_EMIT sortReverted();
    }
    Q_EMIT statusChanged();
}

QString TableGridModel::statusText() const
{
    if (!m_source)
        return {};
    QStringList parts;
    const QLocale locale;
    if (m_exact >= 0)
        parts << (m_exact == 1 ? QStringLiteral("1 row")
                               : QStringLiteral("%1 rows").arg(locale.toString(m_exact)));
    else if (m_countCancelled)
        parts << QStringLiteral("about %1 rows (count cancelled)").arg(locale.toString(qint64(m_rows)));
    else if (m_filters.isEmpty() && m_estimate)
        parts << QStringLiteral("about %1 rows, counting\u2026").arg(locale.toString(*m_estimate));
    else
        parts << QStringLiteral("counting\u2026");
    if (!m_filters.isEmpty())
        parts.last() += QStringLiteral(" (filtered)");
    if (!m_pageJobs.isEmpty() && !orderIsIndexed())
        parts << QStringLiteral("sorting\u2026");
    else if (!m_pageJobs.isEmpty())
        parts << QStringLiteral("loading\u2026");
    if (m_indexJob)
        parts << QStringLiteral("indexing positions %1%").arg(m_indexPercent);
    else if (m_indexCancelled)
        parts << QStringLiteral("positions not indexed: scroll from either end");
    if (m_locked)
        parts << QStringLiteral("database is locked, retrying\u2026");
    if (!m_error.isEmpty())
        parts << m_error;
    return parts.join(QStringLiteral(" \u00b7 "));
}

int TableGridModel::cachedRowCount() const
{
    int n = 0;
    for (const CachedPage& p : m_pages)
        n += int(p.page.rows.size());
    return n;
}

int TableGridModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows + m_insertedShown;
}

int TableGridModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_source ? 0 : int(m_source->columns().size());
}

const Cell* TableGridModel::cellAt(int row, int column) const
{
    if (row < 0 || row >= m_rows || column < 0 || column >= columnCount())
        return nullptr;
    auto it = m_pages.find(row / kPageSize);
    if (it == m_pages.end())
        return nullptr;
    const int i = row % kPageSize;
    if (i >= it->page.rows.size())
        return nullptr;
    it->used = ++m_tick;
    return &it->page.rows.at(i).at(column);
}

const RowKey* TableGridModel::keyAt(int row) const
{
    auto it = m_pages.constFind(row / kPageSize);
    if (row < 0 || it == m_pages.constEnd() || row % kPageSize >= it->page.keys.size())
        return nullptr;
    return &it->page.keys.at(row % kPageSize);
}

QVariant TableGridModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_source)
        return {};
    const int row = index.row();
    const int col = index.column();
    const QPalette palette = QApplication::palette();
    const BrowseColumn& column = m_source->columns().at(col);
    if (isInsertedRow(row)) {
        const StagedEdit* e = m_edits->changes().edit(insertedEditId(row));
        const std::optional<SqlValue> v = e ? e->changeFor(column.name) : std::nullopt;
        const QString problem = e ? m_edits->problemFor(e->id, column.name) : QString();
        if (role == Qt::BackgroundRole)
            return problem.isEmpty() ? EditColors::inserted(palette) : EditColors::problem(palette);
        if (!v) {
            // Left to SQLite: say what it will put there.
            const Table* t = editTable();
            const Column* c = t ? t->column(column.name) : nullptr;
            QString what = QStringLiteral("NULL");
            if (c && c->isGenerated())
                what = QStringLiteral("(generated)");
            else if (t && t->rowidAlias() && t->rowidAlias()->compare(column.name, Qt::CaseInsensitive) == 0)
                what = QStringLiteral("(auto)");
            else if (c && c->defaultSql)
                what = QStringLiteral("DEFAULT %1").arg(*c->defaultSql);
            switch (role) {
            case Qt::DisplayRole:
                return what;
            case Qt::ForegroundRole:
                return CellFormatter::dimmedColor(palette);
            case Qt::FontRole: {
                QFont f;
                f.setItalic(true);
                return f;
            }
            case Qt::ToolTipRole:
                return problem.isEmpty() ? tr("New row: %1 is left to SQLite (%2)").arg(column.name, what)
                                         : problem;
            case Qt::EditRole:
                return QString();
            default:
                return {};
            }
        }
        const Cell cell = cellOf(*v);
        switch (role) {
        case Qt::DisplayRole:
            return CellFormatter::displayText(cell);
        case Qt::EditRole:
            return v->isNull() ? QString() : CellFormatter::displayText(cell);
        case Qt::ToolTipRole:
            return problem.isEmpty() ? CellFormatter::toolTip(cell, column) : problem;
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(CellFormatter::alignment(cell));
        case Qt::FontRole:
            if (CellFormatter::isItalic(cell)) {
                QFont f;
                f.setItalic(true);
                return f;
            }
            return {};
        case Qt::ForegroundRole:
            if (cell.isNull())
                return CellFormatter::dimmedColor(palette);
            return {};
        default:
            return {};
        }
    }
    const Cell* loaded = cellAt(row, col);
    if (!loaded) {
        if (role == Qt::DisplayRole || role == Qt::ForegroundRole)
            want(row / kPageSize); // loaded after this paint, never during it
        if (role == Qt::DisplayRole)
            return CellFormatter::placeholderText();
        if (role == Qt::ForegroundRole)
            return CellFormatter::dimmedColor(palette);
        return {};
    }
    Cell staged;
    const Cell* cell = loaded;
    bool changed = false;
    bool deleted = false;
    QString problem;
    if (m_edits && !m_edits->isEmpty()) {
        const RowIdentity id = identityAt(row);
        if (const StagedEdit* e = id.isValid() ? m_edits->changes().findRow(id) : nullptr) {
            deleted = e->kind == StagedEdit::Kind::Delete;
            if (const std::optional<SqlValue> v = e->changeFor(column.name); v && !deleted) {
                staged = cellOf(*v);
                cell = &staged;
                changed = true;
            }
            problem = m_edits->problemFor(e->id, column.name);
        }
    }
    const bool link = !cell->isNull() && m_fkOfColumn.contains(col);
    switch (role) {
    case Qt::DisplayRole:
        return CellFormatter::displayText(*cell);
    case Qt::EditRole:
        return cell->isNull() ? QString() : CellFormatter::displayText(*cell);
    case Qt::ToolTipRole: {
        QString tip = CellFormatter::toolTip(*cell, column);
        if (!problem.isEmpty())
            tip = problem;
        else if (deleted)
            tip = tr("Staged for deletion") + QStringLiteral("\n") + tip;
        else if (changed)
            tip = tr("Staged change (was %1)").arg(CellFormatter::displayText(*loaded)) +
                  QStringLiteral("\n") + tip;
        if (link)
            tip += QStringLiteral("\n") +
                   tr("Ctrl+click opens the referenced row in %1").arg(m_fkOfColumn.value(col).targetTable);
        return tip;
    }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(CellFormatter::alignment(*cell));
    case Qt::FontRole: {
        if (!CellFormatter::isItalic(*cell) && !deleted && !link)
            return {};
        QFont f;
        f.setItalic(CellFormatter::isItalic(*cell));
        f.setStrikeOut(deleted);
        f.setUnderline(link);
        return f;
    }
    case Qt::ForegroundRole:
        if (cell->isNull() || deleted)
            return CellFormatter::dimmedColor(palette);
        if (link)
            return palette.color(QPalette::Link);
        return {};
    case Qt::BackgroundRole:
        if (!problem.isEmpty())
            return EditColors::problem(palette);
        if (deleted)
            return EditColors::deleted(palette);
        if (changed)
            return EditColors::changed(palette);
        return {};
    default:
        return {};
    }
}

QVariant TableGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return isInsertedRow(section) ? QVariant(QStringLiteral("+")) : QVariant(section + 1);
        if (role == Qt::ToolTipRole && isInsertedRow(section))
            return tr("New row, not yet applied");
        return {};
    }
    if (!m_source || section < 0 || section >= m_source->columns().size())
        return {};
    const BrowseColumn& c = m_source->columns().at(section);
    if (role == Qt::DisplayRole)
        return c.name;
    if (role == Qt::ToolTipRole)
        return CellFormatter::headerToolTip(c);
    return {};
}

// --- staged edits ---

void TableGridModel::setEdits(GridEdits* edits)
{
    m_edits = edits;
    connect(edits, &GridEdits::changed, this, &TableGridModel::onEditsChanged);
    onEditsChanged();
}

void TableGridModel::updateEditProblem()
{
    m_fkOfColumn.clear();
    m_editProblem.clear();
    m_viewTable.reset();
    m_viewAccess = {};
    const Table* table = m_source ? m_session.schema().table(m_source->name()) : nullptr;
    if (table) {
        // Every column of a key is a link (a composite key opens the parent filtered by all of its
        // columns); a column in several keys links through the first.
        for (const ForeignKey& fk : table->foreignKeys)
            for (const QString& from : fk.fromColumns)
                if (const int col = m_source->columnIndex(from); col >= 0 && !m_fkOfColumn.contains(col))
                    m_fkOfColumn.insert(col, fk);
    }
    if (!m_source)
        m_editProblem = tr("Nothing is shown");
    else if (m_session.isReadOnly())
        m_editProblem = tr("The database is open read-only: %1").arg(m_session.readOnlyReason());
    else if (const View* view = m_source->isView() ? m_session.schema().view(m_source->name()) : nullptr) {
        // Editable through its INSTEAD OF triggers, for exactly the operations that have one.
        m_viewAccess = viewWriteAccess(m_session.schema().triggers, view->name);
        if (m_viewAccess.any())
            m_viewTable = viewAsTable(*view);
        else
            m_editProblem = viewAccessText(view->name, m_viewAccess);
    } else if (m_source->isView())
        m_editProblem = tr("%1 is a view: its rows are read-only").arg(m_source->name());
    else if (!table || table->isVirtual)
        m_editProblem = tr("%1 is a virtual table: its rows are read-only").arg(m_source->name());
    else if (Result<RowLocator> locator = RowLocator::forTable(*table); !locator)
        m_editProblem = locator.error().message();
}

void TableGridModel::onEditsChanged()
{
    int inserted = 0;
    if (m_edits && m_source && m_edits->changes().table() == m_source->name())
        for (const StagedEdit& e : m_edits->changes().edits())
            inserted += e.kind == StagedEdit::Kind::Insert ? 1 : 0;
    if (inserted > m_insertedShown) {
        beginInsertRows({}, m_rows + m_insertedShown, m_rows + inserted - 1);
        m_insertedShown = inserted;
        endInsertRows();
    } else if (inserted < m_insertedShown) {
        beginRemoveRows({}, m_rows + inserted, m_rows + m_insertedShown - 1);
        m_insertedShown = inserted;
        endRemoveRows();
    }
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, 0, qMax(0, rowCount() - 1));
}

int TableGridModel::insertedEditId(int row) const
{
    if (!m_edits || !isInsertedRow(row))
        return 0;
    int n = row - m_rows;
    for (const StagedEdit& e : m_edits->changes().edits())
        if (e.kind == StagedEdit::Kind::Insert && n-- == 0)
            return e.id;
    return 0;
}

RowIdentity TableGridModel::identityAt(int row) const
{
    if (row >= m_rows)
        return {};
    if (m_viewTable) {
        // A view's row is identified by all its values, so every one must be loaded in full.
        RowIdentity id;
        for (int c = 0; c < columnCount(); ++c) {
            const Cell* cell = cellAt(row, c);
            if (!cell || cell->isTruncated() ||
                (cell->storage == Cell::Storage::Blob && cell->value.toByteArray().size() != cell->length))
                return {};
            id.key << SqlValue::fromCell(*cell);
        }
        return id;
    }
    const RowKey* key = keyAt(row);
    if (!key || !key->isValid())
        return {};
    return RowIdentity::fromLocator(key->locator);
}

int TableGridModel::editIdOfRow(int row) const
{
    if (!m_edits)
        return 0;
    if (isInsertedRow(row))
        return insertedEditId(row);
    const RowIdentity id = identityAt(row);
    const StagedEdit* e = id.isValid() ? m_edits->changes().findRow(id) : nullptr;
    return e ? e->id : 0;
}

bool TableGridModel::isRowDeleted(int row) const
{
    const RowIdentity id = identityAt(row);
    return m_edits && id.isValid() && m_edits->changes().isDeleted(id);
}

bool TableGridModel::isCellChanged(int row, int column) const
{
    if (!m_edits || !m_source || column < 0 || column >= columnCount())
        return false;
    const RowIdentity id = identityAt(row);
    return id.isValid() &&
           m_edits->changes().stagedValue(id, m_source->columns().at(column).name).has_value();
}

QString TableGridModel::problemAt(int row, int column) const
{
    const int id = editIdOfRow(row);
    if (!id || column < 0 || column >= columnCount())
        return {};
    return m_edits->problemFor(id, m_source->columns().at(column).name);
}

std::optional<SqlValue> TableGridModel::valueAt(int row, int column) const
{
    if (!m_source || column < 0 || column >= columnCount())
        return std::nullopt;
    const QString& name = m_source->columns().at(column).name;
    if (isInsertedRow(row)) {
        const StagedEdit* e = m_edits->changes().edit(insertedEditId(row));
        return e ? e->changeFor(name) : std::nullopt;
    }
    if (m_edits) {
        const RowIdentity id = identityAt(row);
        if (id.isValid())
            if (std::optional<SqlValue> v = m_edits->changes().stagedValue(id, name))
                return v;
    }
    const Cell* c = cellAt(row, column);
    if (!c || c->isTruncated())
        return std::nullopt;
    return SqlValue::fromCell(*c);
}

QList<LoadedCell> TableGridModel::loadedRow(int row) const
{
    QList<LoadedCell> loaded;
    for (int c = 0; c < columnCount(); ++c)
        if (const Cell* cell = cellAt(row, c))
            loaded << LoadedCell{m_source->columns().at(c).name, *cell};
    return loaded;
}

Qt::ItemFlags TableGridModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid() || !m_edits || !isEditable())
        return f;
    const Table* t = editTable();
    const Column* c = t ? t->column(m_source->columns().at(index.column()).name) : nullptr;
    if (!c || c->isGenerated())
        return f;
    if (isInsertedRow(index.row()))
        return f | Qt::ItemIsEditable;
    if (!canUpdate())
        return f; // a view without an INSTEAD OF UPDATE trigger
    const Cell* cell = cellAt(index.row(), index.column());
    // Truncated text and BLOBs are edited in the cell detail panel (the grid holds only a prefix).
    if (!cell || isRowDeleted(index.row()) || cell->isTruncated() || cell->storage == Cell::Storage::Blob)
        return f;
    return f | Qt::ItemIsEditable;
}

bool TableGridModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !m_source)
        return false;
    const BrowseColumn& column = m_source->columns().at(index.column());
    return stageValue(index.row(), index.column(), valueFromText(value.toString(), column.affinity));
}

bool TableGridModel::stageValue(int row, int column, const SqlValue& value, const QString& what)
{
    if (!m_source || column < 0 || column >= columnCount())
        return false;
    const QString& name = m_source->columns().at(column).name;
    return stageValues({CellValueAt{row, column, value}}, what.isEmpty() ? tr("Edit %1").arg(name) : what);
}

bool TableGridModel::stageValues(const QList<CellValueAt>& values, const QString& what)
{
    if (!m_edits || !isEditable())
        return false;
    StagedChanges next = m_edits->changes();
    bool any = false;
    for (const CellValueAt& v : values) {
        if (!(flags(index(v.row, v.column)) & Qt::ItemIsEditable)) {
            // A BLOB or long text cell is still editable through its own editor: staged as a whole.
            const Cell* cell = cellAt(v.row, v.column);
            if (!cell || isRowDeleted(v.row) || isInsertedRow(v.row))
                continue;
            const Table* t = editTable();
            const Column* c = t ? t->column(m_source->columns().at(v.column).name) : nullptr;
            if (!c || c->isGenerated() || !canUpdate())
                continue;
        }
        const QString& name = m_source->columns().at(v.column).name;
        if (isInsertedRow(v.row)) {
            next.setInsertedCell(insertedEditId(v.row), name, v.value);
            any = true;
        } else {
            const RowIdentity id = identityAt(v.row);
            if (id.isValid())
                any = next.setCell(id, loadedRow(v.row), name, v.value) || any;
        }
    }
    if (!any)
        return false;
    m_edits->commit(next, what);
    return true;
}

int TableGridModel::stageNewRow()
{
    if (!m_edits || !isEditable() || !canInsert())
        return -1;
    const Table* t = editTable();
    QList<CellChange> values;
    for (const Column& c : t->columns) {
        if (c.isHidden() || !c.defaultSql)
            continue;
        if (std::optional<SqlValue> v = literalDefault(*c.defaultSql))
            values << CellChange{c.name, *v};
    }
    StagedChanges next = m_edits->changes();
    next.insertRow(values);
    m_edits->commit(next, tr("Add row"));
    return rowCount() - 1;
}

int TableGridModel::stageDuplicate(int row, QString* error)
{
    if (!m_edits || !isEditable() || !canInsert())
        return -1;
    const Table* t = editTable();
    QList<CellChange> source;
    for (int c = 0; c < columnCount(); ++c) {
        const QString& name = m_source->columns().at(c).name;
        std::optional<SqlValue> v = valueAt(row, c);
        if (!v && !isInsertedRow(row)) {
            // A prefix in the grid: the whole value, read by locator (bounded).
            const Cell* cell = cellAt(row, c);
            const RowKey* key = keyAt(row);
            if (!cell || !key) {
                if (error)
                    *error = tr("Row %1 is still loading.").arg(row + 1);
                return -1;
            }
            constexpr qint64 kMaxCopy = 16 * 1024 * 1024;
            Result<CellContent> full =
                fetchCell(m_session.connection(), *m_source, key->locator, name, kMaxCopy);
            if (!full || !full->complete()) {
                if (error)
                    *error = full ? tr("%1 holds %2: too large to duplicate here.")
                                        .arg(name, humanByteSize(full->totalBytes))
                                  : full.error().message();
                return -1;
            }
            v = full->storage == Cell::Storage::Blob ? SqlValue::blob(full->bytes)
                                                     : SqlValue::text(QString::fromUtf8(full->bytes));
        }
        if (v)
            source << CellChange{name, *v};
    }
    StagedChanges next = m_edits->changes();
    next.duplicateRow(*t, source);
    m_edits->commit(next, tr("Duplicate row %1").arg(row + 1));
    return rowCount() - 1;
}

void TableGridModel::stageDeleteRows(const QList<int>& rows)
{
    if (!m_edits || !isEditable() || !canDelete())
        return;
    StagedChanges next = m_edits->changes();
    QList<int> insertedIds;
    for (int r : rows) {
        if (isInsertedRow(r)) {
            insertedIds << insertedEditId(r);
            continue;
        }
        const RowIdentity id = identityAt(r);
        if (id.isValid())
            next.deleteRow(id, loadedRow(r));
    }
    for (int id : insertedIds)
        next.removeEdit(id);
    m_edits->commit(next, rows.size() == 1 ? tr("Delete row") : tr("Delete %1 rows").arg(rows.size()));
}

void TableGridModel::revertRows(const QList<int>& rows)
{
    if (!m_edits)
        return;
    StagedChanges next = m_edits->changes();
    for (int r : rows)
        if (const int id = editIdOfRow(r))
            next.removeEdit(id);
    m_edits->commit(next, tr("Revert rows"));
}

const Table* TableGridModel::editTable() const
{
    if (m_viewTable)
        return &*m_viewTable;
    return m_source ? m_session.schema().table(m_source->name()) : nullptr;
}

QString TableGridModel::viewOperationsText() const
{
    return m_viewTable ? viewAccessText(m_viewTable->name, m_viewAccess) : QString();
}

std::optional<RelatedRows> TableGridModel::parentRowsAt(int row, int column) const
{
    auto fk = m_fkOfColumn.constFind(column);
    const Table* table = m_source ? m_session.schema().table(m_source->name()) : nullptr;
    if (fk == m_fkOfColumn.constEnd() || !table)
        return std::nullopt;
    QList<QPair<QString, SqlValue>> values;
    for (const QString& from : fk->fromColumns) {
        const int col = m_source->columnIndex(from);
        const std::optional<SqlValue> v = col >= 0 ? valueAt(row, col) : std::nullopt;
        if (!v)
            return std::nullopt; // not loaded yet
        values.append({from, *v});
    }
    for (const sluice::ParentLink& link :
         parentLinks(m_session.schema(), *table, m_source->columns().at(column).name, values))
        if (link.foreignKeyId == fk->id)
            return link.target;
    return std::nullopt;
}

std::optional<TableGridModel::ParentLink> TableGridModel::parentLinkAt(int row, int column) const
{
    auto fk = m_fkOfColumn.constFind(column);
    if (fk == m_fkOfColumn.constEnd() || fk->fromColumns.size() != 1)
        return std::nullopt;
    const std::optional<SqlValue> v = valueAt(row, column);
    if (!v || v->isNull())
        return std::nullopt;
    ParentLink link;
    link.table = fk->targetTable;
    link.column = fk->targetColumns.value(0);
    if (link.column.isEmpty()) {
        const Table* parent = m_session.schema().table(fk->targetTable);
        const QStringList pk = parent ? parent->primaryKey() : QStringList();
        link.column = pk.size() == 1 ? pk.first() : QStringLiteral("rowid");
    }
    link.value = v->toBind();
    return link;
}

} // namespace sluice::ui
