#pragma once
// Result<T>: a value or a DbError. C++20 has no std::expected (it is C++23), and the engine
// reports every failure as a value rather than an exception or a dialog, so this small wrapper
// stands in for it. It deliberately offers only what the engine uses.
#include "DbError.h"

#include <optional>
#include <utility>
#include <variant>

namespace sluice {

template <class T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(DbError error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }

    const DbError& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, DbError> m_v;
};

template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(DbError error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const DbError& error() const { return *m_error; }

private:
    std::optional<DbError> m_error;
};

using Status = Result<void>;

} // namespace sluice
