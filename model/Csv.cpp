#include "model/Csv.h"

namespace mdb {

QString csvRecord(const QStringList& fields)
{
    QStringList quoted;
    for (const QString& f : fields) {
        if (f.contains(u',') || f.contains(u'"') || f.contains(u'\n') || f.contains(u'\r'))
            quoted << u'"' + QString(f).replace(u'"', QStringLiteral("\"\"")) + u'"';
        else
            quoted << f;
    }
    return quoted.join(u',');
}

} // namespace mdb
