// mdbctl's argument parser (CommandLine) on arbitrary argument lists. Whatever it is given, it
// either refuses the list with a message or takes it apart so that
//   - every option it reports is one it knows, flags among the flags and values among the value
//     options, and nothing is both;
//   - the positional arguments are those arguments, in order, that are neither options nor
//     option values;
//   - putting the result back together (--name=value, --flag, then "--" and the positional
//     arguments) and parsing that gives the same result again;
//   - number() either gives a number, from an option that is digits with an optional sign, or an
//     error that says which option.
//
// The input is split into arguments at NUL bytes and read as UTF-8.
#include "FuzzSupport.h"
#include "app/mdbctl/CommandLine.h"

using mdbfuzz::check;

namespace {

const QSet<QString> Flags{QStringLiteral("json"), QStringLiteral("yes"), QStringLiteral("enable-conditions")};
const QSet<QString> ValueOptions{QStringLiteral("store"), QStringLiteral("ns"), QStringLiteral("limit"),
                                 QStringLiteral("type"), QStringLiteral("position")};

QStringList rebuilt(const CommandLine& cl)
{
    QStringList args;
    for (auto it = cl.options.cbegin(); it != cl.options.cend(); ++it)
        args << QStringLiteral("--%1=%2").arg(it.key(), it.value());
    for (const QString& flag : cl.setFlags)
        args << QStringLiteral("--") + flag;
    args << QStringLiteral("--");
    args += cl.positional;
    return args;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QStringList args;
    for (const QByteArray& part : bytes.split('\0'))
        args << QString::fromUtf8(part);
    const QString input = args.join(QStringLiteral(" | "));

    CommandLine cl(Flags, ValueOptions);
    if (const std::optional<QString> error = cl.parse(args)) {
        check(!error->isEmpty(), "a refusal says why", input);
        return 0;
    }
    for (auto it = cl.options.cbegin(); it != cl.options.cend(); ++it)
        check(ValueOptions.contains(it.key()), "only known value options", input);
    for (const QString& flag : cl.setFlags)
        check(Flags.contains(flag) && !cl.options.contains(flag), "only known flags, never as values", input);
    // The positional arguments appear in the input, in order.
    qsizetype from = 0;
    for (const QString& p : cl.positional) {
        const qsizetype at = args.indexOf(p, from);
        check(at >= 0, "positional arguments come from the input, in order", input);
        from = at + 1;
    }
    CommandLine again(Flags, ValueOptions);
    check(!again.parse(rebuilt(cl)).has_value(), "the result put back together parses", input);
    check(again.positional == cl.positional && again.options == cl.options && again.setFlags == cl.setFlags,
          "the result put back together parses the same", input);
    for (const QString& name : ValueOptions) {
        if (!cl.has(name))
            continue;
        QString error;
        const std::optional<qint64> n = cl.number(name, error);
        check(n.has_value() != !error.isEmpty(), "number() gives a number or an error", input);
        check(n.has_value() || error.contains(QStringLiteral("--") + name), "the error names the option",
              input);
        if (n) {
            // Digits with an optional sign (and the spaces toLongLong allows round them), nothing else.
            const QString digits = cl.value(name).trimmed();
            const qsizetype start = digits.startsWith(u'-') || digits.startsWith(u'+') ? 1 : 0;
            bool onlyDigits = digits.size() > start;
            for (qsizetype i = start; i < digits.size(); ++i)
                onlyDigits = onlyDigits && digits.at(i) >= u'0' && digits.at(i) <= u'9';
            check(onlyDigits, "a number is digits with an optional sign", input);
        }
    }
    return 0;
}
