#pragma once
// Incremental SHA-256 for backup checksums, through OpenSSL's libcrypto (EVP API).
//
// Why not QCryptographicHash: Qt 6.4 hashes in portable C (~70 MB/s on the reference machine), so
// the checksum of a 1.5 GB backup took longer than copying and flushing it; libcrypto uses the CPU's
// SHA extensions (~750 MB/s there). The digest is the same.
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

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace sluice
