#include "FilterEvaluator.h"

#include "storage/StreamName.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace mdbtest {

namespace {

using mdb::query::Field;
using mdb::query::Literal;
using mdb::query::Node;
using mdb::query::Op;

// -1, 0, 1 by Unicode code point (not by UTF-16 unit, which orders astral characters differently).
int compareCodePoints(const QString& a, const QString& b)
{
    const QList<uint> x = a.toUcs4();
    const QList<uint> y = b.toUcs4();
    for (qsizetype i = 0; i < std::min(x.size(), y.size()); ++i) {
        if (x.at(i) != y.at(i))
            return x.at(i) < y.at(i) ? -1 : 1;
    }
    return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
}

template <typename T>
bool ordered(Op op, const T& a, const T& b)
{
    switch (op) {
    case Op::Equal:
        return a == b;
    case Op::NotEqual:
        return a != b;
    case Op::Less:
        return a < b;
    case Op::LessOrEqual:
        return a <= b;
    case Op::Greater:
        return a > b;
    case Op::GreaterOrEqual:
        return a >= b;
    default:
        return false;
    }
}

bool stringTest(Op op, const QString& value, const QString& literal)
{
    if (op == Op::Contains)
        return value.contains(literal);
    if (op == Op::StartsWith)
        return value.startsWith(literal);
    return ordered(op, compareCodePoints(value, literal), 0);
}

// The value at the field's path, absent when a key or element is missing.
std::optional<QJsonValue> jsonAt(const Field& field, const mdb::Message& m)
{
    const std::optional<QString>& document = field.root == Field::Root::Data ? m.data : m.metadata;
    if (!document)
        return std::nullopt;
    QJsonValue v = QJsonDocument::fromJson((u'[' + *document + u']').toUtf8()).array().at(0);
    for (const Field::Step& step : field.path) {
        if (step.isIndex()) {
            if (!v.isArray() || step.index >= v.toArray().size())
                return std::nullopt;
            v = v.toArray().at(step.index);
        } else {
            if (!v.isObject() || !v.toObject().contains(step.key))
                return std::nullopt;
            v = v.toObject().value(step.key);
        }
    }
    return v;
}

bool jsonTest(Op op, const std::optional<QJsonValue>& v, const Literal& literal)
{
    if (op == Op::Exists)
        return v.has_value();
    if (!v)
        return false;
    switch (literal.kind) {
    case Literal::Kind::Null:
        return op == Op::Equal ? v->isNull() : !v->isNull();
    case Literal::Kind::Boolean:
        return v->isBool() && ordered(op, v->toBool(), literal.boolean);
    case Literal::Kind::Number:
        return v->isDouble() && ordered(op, v->toDouble(), literal.number);
    case Literal::Kind::String:
        return v->isString() && stringTest(op, v->toString(), literal.string);
    }
    return false;
}

bool columnTest(const Field& field, Op op, const Literal& literal, const mdb::Message& m)
{
    if (op == Op::Exists)
        return true;
    switch (field.root) {
    case Field::Root::Position:
        return ordered(op, double(m.position), literal.number);
    case Field::Root::GlobalPosition:
        return ordered(op, double(m.globalPosition), literal.number);
    case Field::Root::Time:
        return ordered(op, m.timeMicros, literal.timeMicros);
    case Field::Root::Type:
        return stringTest(op, m.type, literal.string);
    case Field::Root::StreamName:
        return stringTest(op, m.streamName, literal.string);
    case Field::Root::Category:
        return stringTest(op, mdb::StreamName::category(m.streamName), literal.string);
    case Field::Root::Id:
        return stringTest(op, m.id, literal.string);
    default:
        return false;
    }
}

bool test(const Field& field, Op op, const Literal& literal, const mdb::Message& m)
{
    return field.isJson() ? jsonTest(op, jsonAt(field, m), literal) : columnTest(field, op, literal, m);
}

bool evaluate(const Node& n, const mdb::Message& m)
{
    switch (n.kind) {
    case Node::Kind::Not:
        return !evaluate(n.children.front(), m);
    case Node::Kind::And:
        for (const Node& child : n.children) {
            if (!evaluate(child, m))
                return false;
        }
        return true;
    case Node::Kind::Or:
        for (const Node& child : n.children) {
            if (evaluate(child, m))
                return true;
        }
        return false;
    case Node::Kind::Test:
        if (n.op == Op::In) {
            for (const Literal& literal : n.literals) {
                if (test(n.field, Op::Equal, literal, m))
                    return true;
            }
            return false;
        }
        return test(n.field, n.op, n.literals.value(0), m);
    }
    return false;
}

} // namespace

bool matches(const mdb::query::Filter& filter, const mdb::Message& message)
{
    return evaluate(filter.root(), message);
}

} // namespace mdbtest
