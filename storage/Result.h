#pragma once

#include "storage/StoreError.h"

#include <type_traits>
#include <utility>
#include <variant>

namespace mdb {

// Either a value or a StoreError. Storage calls never throw; they return one of these, and an
// unread one is a warning. and_then, transform and value_or work as std::expected's do, so that a
// chain of calls that may each fail reads as one expression.
template <typename T>
class [[nodiscard]] Result
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

    T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }
    T value_or(T fallback) && { return ok() ? std::move(*this).value() : std::move(fallback); }

    // The next call, given the value; the error as it is otherwise. `f` returns a Result.
    template <typename F>
    auto and_then(F&& f) const& -> std::invoke_result_t<F, const T&>
    {
        if (!ok())
            return error();
        return std::forward<F>(f)(value());
    }
    template <typename F>
    auto and_then(F&& f) && -> std::invoke_result_t<F, T&&>
    {
        if (!ok())
            return error();
        return std::forward<F>(f)(std::move(*this).value());
    }

    // The value changed by `f` (which cannot fail); the error as it is otherwise.
    template <typename F>
    auto transform(F&& f) const& -> Result<std::invoke_result_t<F, const T&>>
    {
        if (!ok())
            return error();
        return std::forward<F>(f)(value());
    }
    // On a temporary, `f` gets the value itself, free to change or move from it (a query to read
    // rows from, say).
    template <typename F>
    auto transform(F&& f) && -> Result<std::invoke_result_t<F, T&>>
    {
        if (!ok())
            return error();
        return std::forward<F>(f)(value());
    }

private:
    std::variant<T, StoreError> m_state;
};

// For calls that return nothing but may fail.
struct Done
{};
using Status = Result<Done>;

} // namespace mdb
