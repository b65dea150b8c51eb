// CSV records (csvRecord, which the exports use) on arbitrary fields: read back by an RFC 4180
// reader written here, every record gives back exactly its fields, whatever they hold (commas,
// quotes, line breaks, NULs, lone surrogates).
//
// The input is split into fields at byte 0x1F (the unit separator); the first byte picks UTF-8 or
// raw UTF-16 for the rest.
#include "FuzzSupport.h"
#include "model/Csv.h"

#include <QStringList>

using mdbfuzz::check;

namespace {

// RFC 4180, for one record: fields separated by commas; a field that starts with a quote runs to
// the quote that is not doubled. Absent when the text is not one well-formed record.
std::optional<QStringList> readRecord(const QString& text)
{
    QStringList fields;
    QString field;
    qsizetype i = 0;
    for (;;) {
        field.clear();
        if (i < text.size() && text.at(i) == u'"') {
            ++i;
            for (;;) {
                if (i >= text.size())
                    return std::nullopt; // unterminated quote
                if (text.at(i) == u'"') {
                    if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                        field += u'"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text.at(i++);
            }
            if (i < text.size() && text.at(i) != u',')
                return std::nullopt; // text after a closing quote
        } else {
            while (i < text.size() && text.at(i) != u',') {
                const QChar c = text.at(i);
                if (c == u'"' || c == u'\n' || c == u'\r')
                    return std::nullopt; // these need quotes
                field += c;
                ++i;
            }
        }
        fields << field;
        if (i >= text.size())
            return fields;
        ++i; // the comma
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QString text =
        data[0] % 2 == 0 ? mdbfuzz::utf8Text(data + 1, size - 1) : mdbfuzz::utf16Text(data + 1, size - 1);
    const QStringList fields = text.split(QChar(0x1F));
    const QString record = mdb::csvRecord(fields);
    const std::optional<QStringList> read = readRecord(record);
    check(read.has_value(), "a record is well-formed RFC 4180", record);
    check(*read == fields, "a record reads back as its fields", record);
    return 0;
}
