#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

// Helpers shared by the libFuzzer targets.
namespace mdbfuzz {

// A broken property: name it and the input, then trap so that libFuzzer keeps the input as a crash.
[[noreturn]] inline void violated(const char* property, const QString& input)
{
    const QByteArray text = input.toUtf8();
    std::fprintf(stderr, "==mdbfuzz== property violated: %s\n==mdbfuzz== input (UTF-8): %s\n", property,
                 text.constData());
    std::fflush(stderr);
    __builtin_trap();
}

inline void check(bool holds, const char* property, const QString& input)
{
    if (!holds)
        violated(property, input);
}

// The input read as UTF-8 (invalid sequences become U+FFFD, as they do for any text we are given).
inline QString utf8Text(const std::uint8_t* data, std::size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
}

// The input read as raw UTF-16, so that unpaired surrogates and U+0000 reach the code too.
inline QString utf16Text(const std::uint8_t* data, std::size_t size)
{
    QString text(qsizetype(size / 2), Qt::Uninitialized);
    std::memcpy(text.data(), data, (size / 2) * sizeof(char16_t));
    return text;
}

} // namespace mdbfuzz
