#include "Message.h"

#include <QDateTime>
#include <QTimeZone>

namespace mdb {

QString Message::timeText() const
{
    const qint64 millis = timeMicros >= 0 ? timeMicros / 1000 : (timeMicros - 999) / 1000;
    const qint64 micros = timeMicros - millis * 1000;
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(millis, QTimeZone::utc());
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
           QString::number(micros).rightJustified(3, u'0');
}

} // namespace mdb
