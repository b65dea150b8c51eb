#include "storage/Message.h"

#include <QDateTime>
#include <QTimeZone>

namespace mdb {

QString Message::timeText() const
{
    return mdb::timeText(timeMicros);
}

QString timeText(qint64 timeMicros)
{
    // Formatted by hand: this runs for every visible cell of the time column.
    const qint64 seconds = timeMicros >= 0 ? timeMicros / 1000000 : (timeMicros - 999999) / 1000000;
    const qint64 micros = timeMicros - seconds * 1000000;
    const QDateTime t = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
    const QDate d = t.date();
    const QTime c = t.time();
    return QString::asprintf("%04d-%02d-%02dT%02d:%02d:%02d.%06lld", d.year(), d.month(), d.day(), c.hour(),
                             c.minute(), c.second(), micros);
}

} // namespace mdb
