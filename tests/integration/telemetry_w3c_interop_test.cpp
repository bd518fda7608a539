// W3C trace context between our services and the official OpenTelemetry JS SDK
// (tests/node_modules), both directions: their client -> our server, our client ->
// their server. Our side's spans are read back from the telemetry-viewer.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "telemetry_stack.h"

namespace integration {
namespace {

using nlohmann::json;

// The JSON lines a peer printed so far.
std::vector<json> JsonLines(const std::string& output) {
  std::vector<json> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    json parsed = json::parse(line, nullptr, false);
    if (parsed.is_object()) lines.push_back(parsed);
  }
  return lines;
}

testsupport::ChildProcess StartPeer(const std::vector<std::string>& args) {
  std::vector<std::string> argv{W3C_PEER_SCRIPT};
  argv.insert(argv.end(), args.begin(), args.end());
  return testsupport::ChildProcess(NODE_EXECUTABLE, argv);
}

TEST(TelemetryW3cInterop, JsClientToOurServer) {
  Viewer viewer;
  ASSERT_TRUE(viewer.ready());
  RunningBinary geolocator("geolocator-service", FastExport(viewer.endpoint("grpc"), "grpc"));
  ASSERT_TRUE(geolocator.ready());

  testsupport::ChildProcess client = StartPeer({"client", geolocator.url() + "/?location=Oslo"});
  ASSERT_EQ(client.Wait(20s), 0) << client.Output();
  std::vector<json> lines = JsonLines(client.Output());
  ASSERT_EQ(lines.size(), 1u) << client.Output();
  const json& sent = lines[0];
  EXPECT_EQ(sent["status"], 200);
  const std::string trace_id = sent["traceId"];
  const std::string js_span_id = sent["spanId"];

  // Our SERVER span continues their trace, as a child of their span.
  json trace = viewer.WaitFor("/api/traces/" + trace_id, [](const json& t) {
    return t.value("spans", json::array()).size() >= 2;
  });
  const json spans = trace.value("spans", json::array());
  ASSERT_EQ(spans.size(), 2u) << trace.dump(1) << "\nsent " << sent.dump();
  bool found_server = false;
  for (const auto& span : spans) {
    if (span["name"] == "GET /") {
      found_server = true;
      EXPECT_EQ(span["parentSpanId"], js_span_id);
      EXPECT_EQ(span["service"], "geolocator-service");
    } else {
      EXPECT_EQ(span["name"], "getting-coordinates-for-location");
    }
  }
  EXPECT_TRUE(found_server) << trace.dump(1);
}

TEST(TelemetryW3cInterop, OurClientToJsServer) {
  Viewer viewer;
  ASSERT_TRUE(viewer.ready());
  testsupport::ChildProcess server = StartPeer({"server"});
  int port = 0;
  for (int i = 0; i < 200 && port == 0; ++i) {
    for (const auto& line : JsonLines(server.Output()))
      if (line.contains("port")) port = line["port"];
    if (port == 0) std::this_thread::sleep_for(50ms);
  }
  ASSERT_NE(port, 0) << server.Output();
  const std::string js_url = "http://127.0.0.1:" + std::to_string(port);

  // The gateway asks the JS server for both the coordinates and the distance.
  RunningBinary gateway(
      "gateway", With(FastExport(viewer.endpoint("http/protobuf"), "http/protobuf"),
                      {{"GEOLOCATOR_SERVICE_URL", js_url}, {"ISS_DISTANCE_SERVICE_URL", js_url}}));
  ASSERT_TRUE(gateway.ready());
  auto answer = gateway.Client().Get("/?location=Oslo");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;

  std::vector<json> seen;
  for (const auto& line : JsonLines(server.Output()))
    if (line.contains("traceId")) seen.push_back(line);
  ASSERT_EQ(seen.size(), 2u) << server.Output();
  const std::string trace_id = seen[0]["traceId"];
  EXPECT_EQ(seen[1]["traceId"], trace_id);
  for (const auto& extracted : seen) {
    EXPECT_EQ(extracted["sampled"], true);
    EXPECT_EQ(extracted["remote"], true);
  }

  // What they extracted are our two CLIENT spans, children of our SERVER span.
  json trace = viewer.WaitFor("/api/traces/" + trace_id, [](const json& t) {
    return t.value("spans", json::array()).size() >= 3;
  });
  std::set<std::string> client_span_ids;
  std::string server_span_id;
  for (const auto& span : trace.value("spans", json::array())) {
    if (span["kind"] == 3) client_span_ids.insert(span["spanId"].get<std::string>());
    if (span["kind"] == 2) server_span_id = span["spanId"];
  }
  EXPECT_EQ(client_span_ids, (std::set<std::string>{seen[0]["spanId"], seen[1]["spanId"]}))
      << trace.dump(1);
  for (const auto& span : trace.value("spans", json::array())) {
    if (span["kind"] == 3) {
      EXPECT_EQ(span["parentSpanId"], server_span_id);
    }
  }
}

}  // namespace
}  // namespace integration
