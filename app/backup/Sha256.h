#pragma once
// Incremental SHA-256 for backup checksums.
//
// Why not only QCryptographicHash: Qt 6.4 hashes in portable C (~70–250 MB/s here), so the checksum
// of a 1.5 GB backup cost longer than copying and flushing it. OpenSSL's libcrypto uses the CPU's
// SHA extensions (several times faster) and is present on every Debian system, but the engine does
// not link it: it is loaded at run time (as Qt's own TLS backend does) and Qt's hash is the fallback
// when it is missing. Both give the same digest; `backend()` says which one runs.
#include <QByteArray>
#include <QString>

#include <memory>

namespace sluice {

class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void add(const char* data, qint64 size);
    void add(const QByteArray& data) { add(data.constData(), data.size()); }
    QString hexDigest(); // lowercase hex; the object is finished afterwards

    // "openssl" or "qt".
    static QString backend();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace sluice
