// Semantic-convention names this SDK and its users write: one spelling, checked by the
// compiler, instead of string literals repeated across the instrumentation, the resource
// detectors and the services. Values from the OpenTelemetry semantic conventions (stable
// HTTP, resource and exception conventions); names as the official SDKs spell them, with
// the k prefix of this library's constants. Character arrays, so they convert to both
// std::string (attribute lists) and std::string_view (set_attribute) without a cast.
#pragma once

namespace otel::semconv {

// ---- resource: service, deployment, SDK, process, host ----
inline constexpr char kServiceName[] = "service.name";
inline constexpr char kServiceNamespace[] = "service.namespace";
inline constexpr char kServiceVersion[] = "service.version";
inline constexpr char kServiceInstanceId[] = "service.instance.id";
inline constexpr char kDeploymentEnvironmentName[] = "deployment.environment.name";
inline constexpr char kTelemetrySdkName[] = "telemetry.sdk.name";
inline constexpr char kTelemetrySdkLanguage[] = "telemetry.sdk.language";
inline constexpr char kTelemetrySdkVersion[] = "telemetry.sdk.version";
inline constexpr char kProcessPid[] = "process.pid";
inline constexpr char kProcessExecutableName[] = "process.executable.name";
inline constexpr char kProcessExecutablePath[] = "process.executable.path";
inline constexpr char kProcessRuntimeName[] = "process.runtime.name";
inline constexpr char kHostName[] = "host.name";

// ---- HTTP spans and metrics ----
inline constexpr char kHttpRequestMethod[] = "http.request.method";
inline constexpr char kHttpRequestMethodOriginal[] = "http.request.method_original";
inline constexpr char kHttpResponseStatusCode[] = "http.response.status_code";
inline constexpr char kHttpRoute[] = "http.route";
inline constexpr char kUrlFull[] = "url.full";
inline constexpr char kUrlPath[] = "url.path";
inline constexpr char kUrlQuery[] = "url.query";
inline constexpr char kUrlScheme[] = "url.scheme";
inline constexpr char kServerAddress[] = "server.address";
inline constexpr char kServerPort[] = "server.port";
inline constexpr char kClientAddress[] = "client.address";
inline constexpr char kClientPort[] = "client.port";
inline constexpr char kNetworkProtocolVersion[] = "network.protocol.version";
inline constexpr char kUserAgentOriginal[] = "user_agent.original";
inline constexpr char kErrorType[] = "error.type";
// Metric names
inline constexpr char kHttpServerRequestDuration[] = "http.server.request.duration";
inline constexpr char kHttpClientRequestDuration[] = "http.client.request.duration";

// ---- exceptions (the "exception" span event) ----
inline constexpr char kExceptionType[] = "exception.type";
inline constexpr char kExceptionMessage[] = "exception.message";

}  // namespace otel::semconv
