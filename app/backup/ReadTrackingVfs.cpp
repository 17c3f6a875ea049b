#include "ReadTrackingVfs.h"

#include <sqlite3.h>

#include <cstddef>
#include <mutex>
#include <new>

// Written by hand: SQLite ships no VFS that reports read positions (its test shims, vfslog and
// vfsstat, log to tables or count, and are not in the system library). The shape is the usual one for a
// pass-through VFS: our file object first, the default VFS's file object right after it.

namespace sluice {

namespace {

struct TrackedFile
{
    sqlite3_file base;                // pMethods: kMethods, or nullptr when the open failed
    sqlite3_file* real;               // the default VFS's file, in the same allocation after this one
    bool mainDb;                      // reads of other files (journal, WAL) are not recorded
    std::atomic<qint64> lastRead{-1}; // see lastReadOffset()
};

// The file object's size rounded up so that the real file after it is aligned like any allocation.
constexpr int kTrackedSize = int((sizeof(TrackedFile) + alignof(std::max_align_t) - 1) /
                                 alignof(std::max_align_t) * alignof(std::max_align_t));

sqlite3_vfs* realVfs(sqlite3_vfs* vfs)
{
    return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

sqlite3_file* real(sqlite3_file* file)
{
    return reinterpret_cast<TrackedFile*>(file)->real;
}

const sqlite3_io_methods* realMethods(sqlite3_file* file)
{
    return real(file)->pMethods;
}

void noteRead(sqlite3_file* file, sqlite3_int64 offset)
{
    auto* tracked = reinterpret_cast<TrackedFile*>(file);
    if (tracked->mainDb)
        tracked->lastRead.store(offset, std::memory_order_relaxed);
}

int fileClose(sqlite3_file* file)
{
    return realMethods(file)->xClose(real(file));
}

int fileRead(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset)
{
    noteRead(file, offset);
    return realMethods(file)->xRead(real(file), buffer, amount, offset);
}

int fileWrite(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset)
{
    return realMethods(file)->xWrite(real(file), buffer, amount, offset);
}

int fileTruncate(sqlite3_file* file, sqlite3_int64 size)
{
    return realMethods(file)->xTruncate(real(file), size);
}

int fileSync(sqlite3_file* file, int flags)
{
    return realMethods(file)->xSync(real(file), flags);
}

int fileSize(sqlite3_file* file, sqlite3_int64* size)
{
    return realMethods(file)->xFileSize(real(file), size);
}

int fileLock(sqlite3_file* file, int level)
{
    return realMethods(file)->xLock(real(file), level);
}

int fileUnlock(sqlite3_file* file, int level)
{
    return realMethods(file)->xUnlock(real(file), level);
}

int fileCheckReservedLock(sqlite3_file* file, int* result)
{
    return realMethods(file)->xCheckReservedLock(real(file), result);
}

int fileControl(sqlite3_file* file, int op, void* argument)
{
    return realMethods(file)->xFileControl(real(file), op, argument);
}

int fileSectorSize(sqlite3_file* file)
{
    return realMethods(file)->xSectorSize(real(file));
}

int fileDeviceCharacteristics(sqlite3_file* file)
{
    return realMethods(file)->xDeviceCharacteristics(real(file));
}

// Version 2 and 3 methods: the default VFS of every platform SQLite supports has them; if it did not,
// they answer as a file without shared memory or memory mapping would.
int fileShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** address)
{
    const sqlite3_io_methods* methods = realMethods(file);
    if (methods->iVersion < 2 || !methods->xShmMap)
        return SQLITE_IOERR_SHMMAP;
    return methods->xShmMap(real(file), region, size, extend, address);
}

int fileShmLock(sqlite3_file* file, int offset, int count, int flags)
{
    const sqlite3_io_methods* methods = realMethods(file);
    if (methods->iVersion < 2 || !methods->xShmLock)
        return SQLITE_IOERR_SHMLOCK;
    return methods->xShmLock(real(file), offset, count, flags);
}

void fileShmBarrier(sqlite3_file* file)
{
    const sqlite3_io_methods* methods = realMethods(file);
    if (methods->iVersion >= 2 && methods->xShmBarrier)
        methods->xShmBarrier(real(file));
}

int fileShmUnmap(sqlite3_file* file, int deleteFlag)
{
    const sqlite3_io_methods* methods = realMethods(file);
    if (methods->iVersion < 2 || !methods->xShmUnmap)
        return SQLITE_OK;
    return methods->xShmUnmap(real(file), deleteFlag);
}

int fileFetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** pointer)
{
    noteRead(file, offset);
    const sqlite3_io_methods* methods = realMethods(file);
    if (methods->iVersion < 3 || !methods->xFetch) {
        *pointer = nullptr; // SQLite reads the page with xRead instead
        return SQLITE_OK;
    }
    return methods->xFetch(real(file), offset, amount, pointer);
}

int fileUnfetch(sqlite3_file* file, sqlite3_int64 offset, void* pointer)
{
    const sqlite3_io_methods* methods = realMethods(file);
    if (methods->iVersion < 3 || !methods->xUnfetch)
        return SQLITE_OK;
    return methods->xUnfetch(real(file), offset, pointer);
}

const sqlite3_io_methods kMethods = {
    3,
    fileClose,
    fileRead,
    fileWrite,
    fileTruncate,
    fileSync,
    fileSize,
    fileLock,
    fileUnlock,
    fileCheckReservedLock,
    fileControl,
    fileSectorSize,
    fileDeviceCharacteristics,
    fileShmMap,
    fileShmLock,
    fileShmBarrier,
    fileShmUnmap,
    fileFetch,
    fileUnfetch,
};

int vfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* outFlags)
{
    auto* tracked = new (file) TrackedFile{};
    tracked->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kTrackedSize);
    tracked->mainDb = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    const int rc = realVfs(vfs)->xOpen(realVfs(vfs), name, tracked->real, flags, outFlags);
    // SQLite calls xClose after a failed open only when pMethods is set; the real file decides.
    tracked->base.pMethods = tracked->real->pMethods ? &kMethods : nullptr;
    return rc;
}

int vfsDelete(sqlite3_vfs* vfs, const char* name, int syncDir)
{
    return realVfs(vfs)->xDelete(realVfs(vfs), name, syncDir);
}

int vfsAccess(sqlite3_vfs* vfs, const char* name, int flags, int* result)
{
    return realVfs(vfs)->xAccess(realVfs(vfs), name, flags, result);
}

int vfsFullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out)
{
    return realVfs(vfs)->xFullPathname(realVfs(vfs), name, size, out);
}

// No extension is ever loaded through this VFS (Sluice never enables loading): these refuse.
void* vfsDlOpen(sqlite3_vfs*, const char*)
{
    return nullptr;
}

void vfsDlError(sqlite3_vfs*, int size, char* out)
{
    if (size > 0)
        sqlite3_snprintf(size, out, "extension loading is not available");
}

void (*vfsDlSym(sqlite3_vfs*, void*, const char*))(void)
{
    return nullptr;
}

void vfsDlClose(sqlite3_vfs*, void*) {}

int vfsRandomness(sqlite3_vfs* vfs, int size, char* out)
{
    return realVfs(vfs)->xRandomness(realVfs(vfs), size, out);
}

int vfsSleep(sqlite3_vfs* vfs, int microseconds)
{
    return realVfs(vfs)->xSleep(realVfs(vfs), microseconds);
}

int vfsCurrentTime(sqlite3_vfs* vfs, double* now)
{
    return realVfs(vfs)->xCurrentTime(realVfs(vfs), now);
}

int vfsGetLastError(sqlite3_vfs* vfs, int size, char* out)
{
    return realVfs(vfs)->xGetLastError ? realVfs(vfs)->xGetLastError(realVfs(vfs), size, out) : 0;
}

int vfsCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* now)
{
    sqlite3_vfs* base = realVfs(vfs);
    if (base->iVersion >= 2 && base->xCurrentTimeInt64)
        return base->xCurrentTimeInt64(base, now);
    double days = 0;
    const int rc = base->xCurrentTime(base, &days);
    *now = sqlite3_int64(days * 86400000.0);
    return rc;
}

sqlite3_vfs trackingVfs = {};
bool registered = false;

} // namespace

const char* readTrackingVfsName()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sqlite3_initialize() != SQLITE_OK)
            return;
        sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
        if (!base)
            return;
        trackingVfs.iVersion = 2;
        trackingVfs.szOsFile = kTrackedSize + base->szOsFile;
        trackingVfs.mxPathname = base->mxPathname;
        trackingVfs.zName = "sluice-read-tracking";
        trackingVfs.pAppData = base;
        trackingVfs.xOpen = vfsOpen;
        trackingVfs.xDelete = vfsDelete;
        trackingVfs.xAccess = vfsAccess;
        trackingVfs.xFullPathname = vfsFullPathname;
        trackingVfs.xDlOpen = vfsDlOpen;
        trackingVfs.xDlError = vfsDlError;
        trackingVfs.xDlSym = vfsDlSym;
        trackingVfs.xDlClose = vfsDlClose;
        trackingVfs.xRandomness = vfsRandomness;
        trackingVfs.xSleep = vfsSleep;
        trackingVfs.xCurrentTime = vfsCurrentTime;
        trackingVfs.xGetLastError = vfsGetLastError;
        trackingVfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
        registered = sqlite3_vfs_register(&trackingVfs, 0) == SQLITE_OK;
    });
    return registered ? trackingVfs.zName : nullptr;
}

const std::atomic<qint64>* lastReadOffset(sqlite3* db)
{
    sqlite3_file* file = nullptr;
    if (!db || sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file ||
        file->pMethods != &kMethods)
        return nullptr;
    return &reinterpret_cast<TrackedFile*>(file)->lastRead;
}

} // namespace sluice
