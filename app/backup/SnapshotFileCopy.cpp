#include "SnapshotFileCopy.h"

#include "BackupService.h"
#include "RawQuery.h"
#include "Sha256.h"
#include "worker/DbWorker.h"

#include <QFile>
#include <QScopeGuard>

#include <sqlite3.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <sched.h>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Backing up the database");
const QString kVerify = QStringLiteral("Verifying the backup");

constexpr qint64 kWindow = 8 << 20;         // mapped, written and hashed at a time
constexpr qint64 kReadAheadPiece = 8 << 20; // one POSIX_FADV_WILLNEED request
constexpr size_t kMaxQueued = 16;           // windows mapped and waiting for the hash: at most 128 MiB
constexpr qint64 kDirectAlign = 4096;       // O_DIRECT offsets and lengths: a multiple of the block size

// How far ahead of the copy the source is read: an eighth of the memory, between 64 MiB and 4 GiB.
qint64 readAheadLimit()
{
    const qint64 memory = qint64(::sysconf(_SC_PHYS_PAGES)) * qint64(::sysconf(_SC_PAGESIZE));
    return qBound<qint64>(qint64(64) << 20, memory / 8, qint64(4) << 30);
}

struct RawDb
{
    sqlite3* db = nullptr;
    ~RawDb()
    {
        if (db)
            sqlite3_close_v2(db);
    }
};

DbError sqliteError(sqlite3* db, int rc, const QString& operation, const QString& path)
{
    const int code = sqlite3_extended_errcode(db);
    return DbError::fromSqlite(code ? code : rc, QString::fromUtf8(sqlite3_errmsg(db)), operation, path);
}

int stopWhenAsked(void* flag)
{
    return static_cast<std::atomic_bool*>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

// Windows of the source, mapped by the copy thread and hashed in order by this one. The copy waits when
// kMaxQueued windows are waiting, so the mapped memory stays bounded however large the file. Hashed
// windows are unmapped by the copy thread itself at its next push: an munmap on this thread would take
// the address space's lock for writing while the copy thread's O_DIRECT writes pin pages under it, and
// measurably slowed the copy.
class WindowHasher
{
public:
    explicit WindowHasher(bool enabled) : m_enabled(enabled)
    {
        if (m_enabled)
            m_thread = std::thread([this] { run(); });
    }
    ~WindowHasher() { stop(false); }
    WindowHasher(const WindowHasher&) = delete;
    WindowHasher& operator=(const WindowHasher&) = delete;

    // Takes the mapping over; unmaps the windows hashed since the last call.
    void push(void* base, size_t length)
    {
        if (!m_enabled) {
            ::munmap(base, length);
            return;
        }
        std::vector<Window> hashed;
        {
            std::unique_lock lock(m_mutex);
            m_room.wait(lock, [&] { return m_queue.size() < kMaxQueued || m_abandoned; });
            m_queue.push_back({base, length});
            m_ready.notify_one();
            hashed.swap(m_hashed);
        }
        for (const Window& w : hashed)
            ::munmap(w.base, w.length);
    }
    // Waits for every window to be hashed (complete) or drops the rest; the digest, or "".
    QString stop(bool complete)
    {
        {
            std::lock_guard lock(m_mutex);
            m_closing = true;
            m_abandoned = m_abandoned || !complete;
            m_ready.notify_all();
            m_room.notify_all();
        }
        if (m_thread.joinable())
            m_thread.join();
        for (const Window& w : m_queue)
            ::munmap(w.base, w.length);
        for (const Window& w : m_hashed)
            ::munmap(w.base, w.length);
        m_queue.clear();
        m_hashed.clear();
        if (complete && m_enabled && !m_abandoned && m_digest.isEmpty())
            m_digest = m_hash.hexDigest();
        return complete ? m_digest : QString();
    }

private:
    struct Window
    {
        void* base;
        size_t length;
    };
    void run()
    {
        for (;;) {
            Window w;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [&] { return !m_queue.empty() || m_closing; });
                if (m_abandoned || m_queue.empty())
                    return;
                w = m_queue.front();
                m_queue.pop_front();
                m_room.notify_one();
            }
            m_hash.add(static_cast<const char*>(w.base), qint64(w.length));
            std::lock_guard lock(m_mutex);
            m_hashed.push_back(w);
        }
    }

    const bool m_enabled;
    Sha256 m_hash;
    QString m_digest;
    std::mutex m_mutex;
    std::condition_variable m_ready, m_room;
    std::deque<Window> m_queue;
    std::vector<Window> m_hashed; // waiting for the copy thread to unmap them
    bool m_closing = false;
    bool m_abandoned = false;
    std::thread m_thread;
};

// What the copy thread reports back.
struct CopyState
{
    std::atomic<qint64> copied{0};
    std::atomic_bool finished{false};
    std::atomic_bool stop{false}; // cancel, or the check failed: stop copying
    int error = 0;                // errno of the failure (-1: the source is shorter than its pages)
    bool declined = false;        // this platform or filesystem cannot do it: use the backup API
    bool directIo = false;
    QByteArray firstPage; // the source's first page as copied, to compare with the copy
};

// The copy itself, on a thread of its own. Its file descriptors live in a private descriptor table
// (unshare(CLONE_FILES)): closing a descriptor of the database file would otherwise drop every POSIX
// lock this process holds on that file — the read lock of the snapshot connection and the locks of any
// other connection of Sluice (a WAL database's connections hold one for as long as they are open).
// On Linux those locks belong to the descriptor table, so closing ours in a private table leaves them.
void copyThread(const QByteArray& sourceFile, const QByteArray& tempFile, qint64 total, qint64 pageSize,
                WindowHasher& hasher, CopyState& state)
{
    auto done = qScopeGuard([&] { state.finished = true; });
    if (::unshare(CLONE_FILES) != 0) {
        state.declined = true;
        return;
    }
    const int in = ::open(sourceFile.constData(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        state.declined = true;
        return;
    }
    auto closeIn = qScopeGuard([&] { ::close(in); });
    struct stat st = {};
    if (::fstat(in, &st) != 0 || st.st_size < total) {
        // Mapping past the end would fault; SQLite would report the missing pages as corruption.
        state.error = -1;
        return;
    }
    int out = ::open(tempFile.constData(), O_WRONLY | O_CLOEXEC | O_DIRECT);
    state.directIo = out >= 0;
    if (out < 0 && errno == EINVAL) // a filesystem without O_DIRECT (tmpfs before Linux 6.6): buffered
        out = ::open(tempFile.constData(), O_WRONLY | O_CLOEXEC);
    if (out < 0) {
        state.error = errno;
        return;
    }
    auto closeOut = qScopeGuard([&] { ::close(out); });
    auto dropDirect = [&] {
        state.directIo = false;
        return ::fcntl(out, F_SETFL, ::fcntl(out, F_GETFL) & ~O_DIRECT) == 0;
    };
    // Read ahead of the copy, as far as memory allows: the check and the hash then work from the page
    // cache at their own pace instead of waiting for each window to be read and then written. (One
    // POSIX_FADV_WILLNEED call reads at most the device's read-ahead size, so it is asked piece by piece.)
    // This thread shares the copy thread's private descriptor table.
    std::atomic_bool copyEnded{false};
    std::thread prefetcher([&] {
        const qint64 lead = readAheadLimit();
        for (qint64 offset = 0; offset < total && !copyEnded;) {
            if (offset - state.copied >= lead) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                continue;
            }
            const qint64 length = qMin(kReadAheadPiece, total - offset);
            ::posix_fadvise(in, offset, length, POSIX_FADV_WILLNEED);
            offset += length;
        }
    });
    auto joinPrefetcher = qScopeGuard([&] {
        copyEnded = true;
        prefetcher.join();
    });
    for (qint64 offset = 0; offset < total && !state.stop;) {
        const qint64 length = qMin(kWindow, total - offset);
        void* base = ::mmap(nullptr, size_t(length), PROT_READ, MAP_SHARED, in, offset);
        if (base == MAP_FAILED) {
            state.declined = offset == 0; // nothing written yet: the backup API can still do it
            state.error = state.declined ? 0 : errno;
            return;
        }
        const char* bytes = static_cast<const char*>(base);
        if (offset == 0)
            state.firstPage = QByteArray(bytes, int(qMin(pageSize, length)));
        if (state.directIo && length % kDirectAlign != 0)
            dropDirect(); // the last, partial block (a database of small pages) goes through the cache
        for (qint64 written = 0; written < length;) {
            const ssize_t n = ::pwrite(out, bytes + written, size_t(length - written), offset + written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && errno == EINVAL && state.directIo && dropDirect())
                continue; // O_DIRECT refused on this filesystem after all
            if (n <= 0) {
                state.error = n < 0 ? errno : EIO;
                ::munmap(base, size_t(length));
                return;
            }
            written += n;
        }
        if (!state.directIo)
            ::sync_file_range(out, offset, length, SYNC_FILE_RANGE_WRITE); // start the writeback now
        hasher.push(base, size_t(length));
        offset += length;
        state.copied = offset;
    }
    if (state.stop)
        return;
    // O_DIRECT data is on the device already; this flushes its cache and the file's size and extents.
    if (::fdatasync(out) != 0)
        state.error = errno;
}

// The copy's size and its first page read back from the file (after the flush) against the source.
QString copyMismatch(const QString& tempPath, qint64 total, const QByteArray& firstPage)
{
    QFile copy(tempPath);
    if (!copy.open(QIODevice::ReadOnly))
        return QStringLiteral("the copy cannot be read back: %1").arg(copy.errorString());
    if (copy.size() != total)
        return QStringLiteral("the copy has %1 bytes instead of %2").arg(copy.size()).arg(total);
    if (copy.read(firstPage.size()) != firstPage)
        return QStringLiteral("the copy's first page differs from the source's");
    return {};
}

} // namespace

Result<std::optional<SnapshotCopy>> copySnapshotFile(sqlite3* source, const QString& tempPath,
                                                     const QString& finalPath, JobControl* control,
                                                     bool computeSha256)
{
    using Outcome = std::optional<SnapshotCopy>;
    const char* mainFile = sqlite3_db_filename(source, "main");
    if (!mainFile || !*mainFile || !sqlite3_get_autocommit(source))
        return Outcome{}; // in memory, temporary, or inside the caller's transaction
    const QString sourcePath = QFile::decodeName(mainFile);

    // The snapshot: a connection of our own, so that its read transaction can be shared by the copy
    // (which needs no SQLite) and quick_check (which runs on it on another thread).
    RawDb snap;
    const int access =
        sqlite3_db_readonly(source, "main") == 1 ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    int rc = sqlite3_open_v2(mainFile, &snap.db, access | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return Outcome{};
    sqlite3_db_config(snap.db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(snap.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_busy_timeout(snap.db, 5000);
    // quick_check reads every page, most of them twice (the b-tree walk, then the NOT NULL/CHECK scan):
    // through SQLite's memory-mapped I/O it reads them where the copy's read-ahead put them, in the page
    // cache, instead of copying each one with pread — about a third less CPU for the check. The mapped
    // pages count in this process's RSS (up to SQLite's 2 GiB mapping limit) but are the page cache
    // itself, not memory of its own.
    sqlite3_exec(snap.db, "PRAGMA mmap_size=2147418112", nullptr, nullptr, nullptr);
    QString value;
    // BEGIN and a first read take the shared lock (and roll back a hot journal, as any reader would).
    if ((rc = sqlite3_exec(snap.db, "BEGIN", nullptr, nullptr, nullptr)) != SQLITE_OK ||
        (rc = scalarText(snap.db, "SELECT count(*) FROM sqlite_schema", value)) != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_BUSY)
            return sqliteError(snap.db, rc, kOp, sourcePath);
        return Outcome{}; // the backup API on the caller's connection reports it properly
    }
    sqlite3_exec(snap.db, "PRAGMA query_only=1", nullptr, nullptr, nullptr);
    QString pageSize, pageCount, journalMode;
    if (scalarText(snap.db, "PRAGMA main.page_size", pageSize) != SQLITE_OK ||
        scalarText(snap.db, "PRAGMA main.page_count", pageCount) != SQLITE_OK ||
        scalarText(snap.db, "PRAGMA main.journal_mode", journalMode) != SQLITE_OK)
        return Outcome{};
    SnapshotCopy copy;
    copy.pageSize = pageSize.toLongLong();
    copy.pageCount = pageCount.toLongLong();
    if (copy.pageSize <= 0 || copy.pageCount <= 0)
        return Outcome{};
    if (journalMode.compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0) {
        // The main file is this snapshot only if every frame of the WAL is already in it. A passive
        // checkpoint (the caller's connection, which is not in a transaction) moves what it can; if it
        // reports everything moved, no frame is newer than the main file, and the snapshot now held stops
        // any later checkpoint from writing frames past it into the main file.
        int logFrames = -1, checkpointed = -1;
        rc = sqlite3_wal_checkpoint_v2(source, "main", SQLITE_CHECKPOINT_PASSIVE, &logFrames, &checkpointed);
        if (rc != SQLITE_OK || logFrames != checkpointed)
            return Outcome{};
    }

    const qint64 total = copy.pageCount * copy.pageSize;
    // quick_check in the same snapshot, on its own thread, while the pages are copied.
    std::atomic_bool stopCheck{false};
    std::atomic_bool checkDone{false};
    QString checkText;
    int checkRc = SQLITE_OK;
    sqlite3_progress_handler(snap.db, 10000, stopWhenAsked, &stopCheck);
    std::thread checker([&] {
        checkRc = quickCheck(snap.db, checkText);
        checkDone = true;
    });

    CopyState state;
    WindowHasher hasher(computeSha256);
    std::thread copier(copyThread, QByteArray(mainFile), QFile::encodeName(tempPath), total, copy.pageSize,
                       std::ref(hasher), std::ref(state));
    bool cancelled = false;
    bool checkStoppedForCopy = false; // the copy failed: the check's answer no longer matters
    auto checkFailed = [&] {
        return checkDone && (checkRc != SQLITE_OK || checkText != QLatin1String("ok"));
    };
    // Progress and cancel; either side failing stops the other.
    while (!state.finished || !checkDone) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (control) {
            if (!state.finished)
                control->progress(state.copied / copy.pageSize, copy.pageCount,
                                  QStringLiteral("Copying pages"));
            else
                control->progress(copy.pageCount, copy.pageCount, QStringLiteral("Checking the database"));
            if (control->isCancelled() && !cancelled) {
                cancelled = true;
                state.stop = true;
                stopCheck = true;
            }
        }
        if (checkFailed())
            state.stop = true;
        if (state.finished && (state.error || state.declined) && !checkDone) {
            checkStoppedForCopy = true;
            stopCheck = true;
        }
    }
    copier.join();
    checker.join();
    sqlite3_progress_handler(snap.db, 0, nullptr, nullptr);
    const bool copied = !state.stop && !state.declined && state.error == 0;
    const QString sha = hasher.stop(copied);
    const DbError checkError =
        checkRc != SQLITE_OK ? sqliteError(snap.db, checkRc, kVerify, sourcePath) : DbError();
    sqlite3_exec(snap.db, "COMMIT", nullptr, nullptr, nullptr); // writers may go on

    if (cancelled)
        return DbWorker::cancelledError();
    if (!checkStoppedForCopy && checkRc != SQLITE_OK)
        return checkError;
    if (!checkStoppedForCopy && checkText != QLatin1String("ok"))
        return DbError::plain(kVerify,
                              QStringLiteral("quick_check of the database reported: %1").arg(checkText),
                              QStringLiteral("Run Health ▸ Integrity Check and repair the database before "
                                             "backing it up."),
                              sourcePath);
    if (state.declined)
        return Outcome{};
    if (state.error == -1)
        return DbError::plain(
            kOp, QStringLiteral("%1 is shorter than its %2 pages").arg(sourcePath).arg(copy.pageCount),
            QStringLiteral("Run an integrity check on the database."), sourcePath);
    if (state.error)
        return BackupService::writeFailure(state.error, finalPath);
    if (const QString why = copyMismatch(tempPath, total, state.firstPage); !why.isEmpty())
        return DbError::plain(kVerify, why, {}, finalPath);
    if (computeSha256 && sha.isEmpty())
        return DbError::plain(kOp, QStringLiteral("the checksum of the copy could not be computed"), {},
                              finalPath);
    copy.sha256 = sha;
    copy.directIo = state.directIo;
    return Outcome(copy);
}

} // namespace sluice
