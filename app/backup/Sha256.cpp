#include "Sha256.h"

#include <openssl/evp.h>

namespace sluice {

struct Sha256::Impl
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m(std::make_unique<Impl>())
{
    // Only fails when memory runs out; hexDigest() then returns an empty string, which never
    // matches a recorded checksum (verification fails rather than passing silently).
    if (m->ctx && EVP_DigestInit_ex(m->ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(m->ctx);
        m->ctx = nullptr;
    }
}

Sha256::~Sha256() = default;

void Sha256::add(const char* data, qint64 size)
{
    if (m->ctx && size > 0)
        EVP_DigestUpdate(m->ctx, data, size_t(size));
}

QString Sha256::hexDigest()
{
    if (!m->ctx)
        return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m->ctx, digest, &length) != 1)
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
}

} // namespace sluice
