#pragma once

#include "storage/StoreError.h"

#include <utility>
#include <variant>

namespace mdb {

// Either a value or a StoreError. Storage calls never throw; they return one of these.
template <typename T>
class Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    Result(StoreError error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_state); }
    T& value() & { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const StoreError& error() const { return std::get<1>(m_state); }

private:
    std::variant<T, StoreError> m_state;
};

// For calls that return nothing but may fail.
struct Done
{};
using Status = Result<Done>;

} // namespace mdb
