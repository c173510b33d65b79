/// Encodes an `Encodable` value into a `JSONValue`, keeping keys in the order they are
/// encoded, so a `Codable` type's own `encode(to:)` fixes the JSON the ledger writes
/// (Foundation's encoder reorders and reformats). Supports what the ledger's types use:
/// objects, arrays, strings, integers, doubles, booleans and null.
public enum JSONValueEncoder {
    public static func encode(_ value: some Encodable) throws -> JSONValue {
        let node = Node()
        try value.encode(to: NodeEncoder(node: node, codingPath: []))
        return node.json
    }
}

private final class Node {
    enum Kind { case unset, value(JSONValue), object([(String, Node)]), array([Node]) }
    var kind: Kind = .unset

    var json: JSONValue {
        switch kind {
        case .unset: .null
        case .value(let value): value
        case .object(let members): .object(members.map { ($0.0, $0.1.json) })
        case .array(let items): .array(items.map(\.json))
        }
    }

    func member(_ key: String) -> Node {
        let child = Node()
        if case .object(var members) = kind {
            members.append((key, child))
            kind = .object(members)
        } else {
            kind = .object([(key, child)])
        }
        return child
    }

    func append() -> Node {
        let child = Node()
        if case .array(var items) = kind {
            items.append(child)
            kind = .array(items)
        } else {
            kind = .array([child])
        }
        return child
    }

    func set(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let v as String: kind = .value(.string(v))
        case let v as Bool: kind = .value(.bool(v))
        case let v as Int: kind = .value(.int(Int64(v)))
        case let v as Int64: kind = .value(.int(v))
        case let v as Int32: kind = .value(.int(Int64(v)))
        case let v as Double: kind = .value(.double(v))
        default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.kind {} else { node.kind = .object([]) }
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.kind {} else { node.kind = .array([]) }
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).kind = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.member(key.stringValue).set(value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]) }

    mutating func encode(_ value: Bool, forKey key: Key) throws { try encode(Box(value), forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encode(Box(value), forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encode(Box(value), forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encode(Box(Double(value)), forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encode(Box(value), forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encode(Box(Int(value)), forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encode(Box(Int(value)), forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(Box(Int(value)), forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encode(Box(value), forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encode(Box(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encode(Box(Int(value)), forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encode(Box(Int(value)), forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encode(Box(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encode(Box(Int64(value)), forKey: key) }
}

/// A primitive passed through the generic path without recursing into its own `encode`.
private struct Box<T: Encodable>: Encodable {
    let value: T
    init(_ value: T) { self.value = value }
    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(value)
    }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int { if case .array(let items) = node.kind { items.count } else { 0 } }

    mutating func encodeNil() throws { node.append().kind = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.append().set(value, codingPath: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.append(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.append(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.append(), codingPath: codingPath) }
}

private struct Single: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.kind = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.set(value, codingPath: codingPath) }
}
