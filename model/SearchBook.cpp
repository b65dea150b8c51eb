#include "model/SearchBook.h"

#include <QCryptographicHash>
#include <QSettings>

#include <algorithm>

namespace mdb {

namespace {

void writeSaved(QSettings& settings, const QList<SavedSearch>& searches)
{
    settings.remove(QStringLiteral("saved"));
    settings.beginWriteArray(QStringLiteral("saved"), int(searches.size()));
    for (int i = 0; i < searches.size(); ++i) {
        const SavedSearch& s = searches.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), s.name);
        settings.setValue(QStringLiteral("expression"), s.expression);
        settings.setValue(QStringLiteral("scope"), int(s.scope));
        settings.setValue(QStringLiteral("since"), s.since);
        settings.setValue(QStringLiteral("until"), s.until);
    }
    settings.endArray();
}

} // namespace

SearchBook::SearchBook(const QString& connection)
    // A hash names the group: a URL's slashes and colons would nest or break settings keys.
    : m_group(QStringLiteral("searches/") +
              QString::fromLatin1(
                  QCryptographicHash::hash(connection.toUtf8(), QCryptographicHash::Sha1).toHex().left(16)))
{
    QSettings settings;
    settings.setValue(m_group + QStringLiteral("/connection"), connection);
}

QStringList SearchBook::history() const
{
    return QSettings().value(m_group + QStringLiteral("/history")).toStringList();
}

void SearchBook::remember(const QString& expression)
{
    if (expression.trimmed().isEmpty())
        return;
    QStringList list = history();
    list.removeAll(expression);
    list.prepend(expression);
    QSettings().setValue(m_group + QStringLiteral("/history"), list.mid(0, MaxHistory));
}

void SearchBook::clearHistory()
{
    QSettings().remove(m_group + QStringLiteral("/history"));
}

QList<SavedSearch> SearchBook::saved() const
{
    QSettings settings;
    settings.beginGroup(m_group);
    QList<SavedSearch> list;
    const int count = settings.beginReadArray(QStringLiteral("saved"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        SavedSearch s;
        s.name = settings.value(QStringLiteral("name")).toString();
        s.expression = settings.value(QStringLiteral("expression")).toString();
        s.scope = SavedSearch::Scope(std::clamp(settings.value(QStringLiteral("scope")).toInt(), 0, 2));
        s.since = settings.value(QStringLiteral("since")).toString();
        s.until = settings.value(QStringLiteral("until")).toString();
        list << s;
    }
    settings.endArray();
    return list;
}

void SearchBook::save(const SavedSearch& search)
{
    QList<SavedSearch> list = saved();
    const auto same =
        std::find_if(list.begin(), list.end(), [&](const SavedSearch& s) { return s.name == search.name; });
    if (same != list.end())
        *same = search;
    else
        list << search;
    QSettings settings;
    settings.beginGroup(m_group);
    writeSaved(settings, list);
}

void SearchBook::remove(const QString& name)
{
    QList<SavedSearch> list = saved();
    list.removeIf([&](const SavedSearch& s) { return s.name == name; });
    QSettings settings;
    settings.beginGroup(m_group);
    writeSaved(settings, list);
}

} // namespace mdb
