/// The service's OpenAPI document (`Service/openapi.yaml`, embedded at build time).
enum OpenAPIDocument {
    static let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
}
