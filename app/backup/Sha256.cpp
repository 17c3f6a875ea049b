#include "Sha256.h"

#include <QCryptographicHash>

#include <dlfcn.h>

namespace sluice {

namespace {

// The few libcrypto 3 entry points used, resolved once. EVP_* is OpenSSL's stable public API.
struct LibCrypto
{
    using NewCtx = void* (*)();
    using FreeCtx = void (*)(void*);
    using Md = const void* (*)();
    using Init = int (*)(void*, const void*, void*);
    using Update = int (*)(void*, const void*, size_t);
    using Final = int (*)(void*, unsigned char*, unsigned int*);

    NewCtx newCtx = nullptr;
    FreeCtx freeCtx = nullptr;
    Md sha256 = nullptr;
    Init init = nullptr;
    Update update = nullptr;
    Final final = nullptr;

    bool usable() const { return newCtx && freeCtx && sha256 && init && update && final; }

    static const LibCrypto& instance()
    {
        static const LibCrypto lib = load();
        return lib;
    }

private:
    static LibCrypto load()
    {
        LibCrypto l;
        if (qEnvironmentVariableIsSet("SLUICE_SHA256_QT")) // to compare with Qt's implementation
            return l;
        void* h = ::dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
        if (!h)
            return l;
        l.newCtx = reinterpret_cast<NewCtx>(::dlsym(h, "EVP_MD_CTX_new"));
        l.freeCtx = reinterpret_cast<FreeCtx>(::dlsym(h, "EVP_MD_CTX_free"));
        l.sha256 = reinterpret_cast<Md>(::dlsym(h, "EVP_sha256"));
        l.init = reinterpret_cast<Init>(::dlsym(h, "EVP_DigestInit_ex"));
        l.update = reinterpret_cast<Update>(::dlsym(h, "EVP_DigestUpdate"));
        l.final = reinterpret_cast<Final>(::dlsym(h, "EVP_DigestFinal_ex"));
        if (!l.usable())
            l = LibCrypto{}; // the library stays loaded: unloading is not worth the risk
        return l;
    }
};

} // namespace

struct Sha256::Impl
{
    void* ctx = nullptr; // libcrypto's EVP_MD_CTX, when it is used
    QCryptographicHash qt{QCryptographicHash::Sha256};
};

Sha256::Sha256() : m(std::make_unique<Impl>())
{
    const LibCrypto& lib = LibCrypto::instance();
    if (lib.usable()) {
        m->ctx = lib.newCtx();
        if (m->ctx && lib.init(m->ctx, lib.sha256(), nullptr) != 1) {
            lib.freeCtx(m->ctx);
            m->ctx = nullptr;
        }
    }
}

Sha256::~Sha256()
{
    if (m->ctx)
        LibCrypto::instance().freeCtx(m->ctx);
}

void Sha256::add(const char* data, qint64 size)
{
    if (size <= 0)
        return;
    if (m->ctx)
        LibCrypto::instance().update(m->ctx, data, size_t(size));
    else
        m->qt.addData(QByteArrayView(data, size));
}

QString Sha256::hexDigest()
{
    if (m->ctx) {
        unsigned char digest[32];
        unsigned int length = 0;
        LibCrypto::instance().final(m->ctx, digest, &length);
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
    }
    return QString::fromLatin1(m->qt.result().toHex());
}

QString Sha256::backend()
{
    return LibCrypto::instance().usable() ? QStringLiteral("openssl") : QStringLiteral("qt");
}

} // namespace sluice
