#include "TestSupport.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace sluice::test;

class TestWorker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runsOnItsOwnThreadAndConnection()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("w.db"),
                                      QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3);"));
        DbWorker worker(db, {});
        std::optional<Result<qint64>> got;
        Qt::HANDLE workerThread = nullptr;
        worker.submit<qint64>(
            this,
            [&](Connection& c, JobControl&) -> Result<qint64> {
                workerThread = QThread::currentThreadId();
                auto v = c.scalar(QStringLiteral("SELECT sum(x) FROM t"));
                if (!v)
                    return v.error();
                return v->toLongLong();
            },
            [&](Result<qint64> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
        QCOMPARE(got->value(), 6);
        QVERIFY(workerThread != QThread::currentThreadId());
    }

    void progressAndCancel()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("w.db"), QStringLiteral("CREATE TABLE t(x);"));
        DbWorker worker(db, {});
        std::optional<Result<int>> got;
        int progressCalls = 0;
        const JobId id = worker.submit<int>(
            this,
            [](Connection& c, JobControl& control) -> Result<int> {
                control.progress(0, 1, QStringLiteral("starting"));
                auto v =
                    c.scalar(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n) "
                                            "SELECT count(*) FROM n"));
                if (!v)
                    return v.error();
                return 0;
            },
            [&](Result<int> r) { got = std::move(r); },
            [&](qint64, qint64, const QString&) { ++progressCalls; });
        QTRY_COMPARE(progressCalls, 1);
        QElapsedTimer t;
        t.start();
        worker.cancel(id);
        QTRY_VERIFY(got.has_value());
        QVERIFY(t.elapsed() < 2000);
        QVERIFY(!got->ok());
        QVERIFY(got->error().isInterrupted());
        QVERIFY(got->error().message().contains(QStringLiteral("cancelled")));
    }

    void cancelledQueuedJobReportsCancellation()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("w.db"), QStringLiteral("CREATE TABLE t(x);"));
        DbWorker worker(db, {});
        std::atomic_bool release{false};
        std::optional<Result<int>> first, second;
        worker.submit<int>(
            this,
            [&](Connection&, JobControl&) -> Result<int> {
                while (!release)
                    QThread::msleep(5);
                return 1;
            },
            [&](Result<int> r) { first = std::move(r); });
        const JobId queued = worker.submit<int>(
            this, [](Connection&, JobControl&) -> Result<int> { return 2; },
            [&](Result<int> r) { second = std::move(r); });
        worker.cancel(queued);
        release = true;
        QTRY_VERIFY(first.has_value() && second.has_value());
        QVERIFY(first->ok());
        QVERIFY(!second->ok());
        QVERIFY(second->error().isInterrupted());
    }

    void openErrorReachesTheJob()
    {
        TempDir dir;
        DbWorker worker(dir.path(QStringLiteral("missing.db")), {});
        std::optional<Result<int>> got;
        worker.submit<int>(
            this, [](Connection&, JobControl&) -> Result<int> { return 1; },
            [&](Result<int> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(!got->ok());
        QVERIFY(got->error().message().contains(QStringLiteral("does not exist")));
    }

    void destroyingTheWorkerStopsARunningJob()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("w.db"), QStringLiteral("CREATE TABLE t(x);"));
        QElapsedTimer t;
        t.start();
        {
            DbWorker worker(db, {});
            worker.submit<int>(
                this,
                [](Connection& c, JobControl&) -> Result<int> {
                    auto v = c.scalar(
                        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n) "
                                       "SELECT count(*) FROM n"));
                    return v ? Result<int>(0) : Result<int>(v.error());
                },
                [](Result<int>) {});
            QThread::msleep(100);
        }
        QVERIFY(t.elapsed() < 3000);
    }
};

QTEST_GUILESS_MAIN(TestWorker)
#include "tst_worker.moc"
