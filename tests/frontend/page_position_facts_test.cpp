// The page shows what the ISS source adds: altitude, the place's horizon, the elements' age.
#include <gtest/gtest.h>

#include "page.h"

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ReadPositionFacts, TakesTheSgpFourFieldsAndSkipsNulls) {
  nlohmann::json answer = nlohmann::json::parse(
      R"({"altitude_km": 417.25, "elevation_deg": 23.44, "visible": true,
          "tle_epoch": "2026-09-16T20:27:47.669Z", "tle_age_days": 1.5})");
  frontend::ResultView result;
  frontend::ReadPositionFacts(answer, result);
  EXPECT_EQ(result.altitude_km, 417.25);
  EXPECT_EQ(result.elevation_deg, 23.44);
  EXPECT_EQ(result.visible, true);
  EXPECT_EQ(result.tle_epoch, "2026-09-16T20:27:47.669Z");
  EXPECT_EQ(result.tle_age_days, 1.5);

  frontend::ResultView live;
  frontend::ReadPositionFacts(
      nlohmann::json::parse(R"({"altitude_km": null, "elevation_deg": null, "visible": null})"),
      live);
  EXPECT_FALSE(live.altitude_km || live.elevation_deg || live.visible || live.tle_age_days);
  EXPECT_EQ(live.tle_epoch, "");
}

TEST(RenderPage, ShowsAltitudeHorizonAndElements) {
  frontend::PageView view;
  view.result = frontend::ResultView{};
  view.result->place_name = "Paris <France>";
  view.result->source = "tle";
  view.result->altitude_km = 417.25;
  view.result->elevation_deg = -20.24;
  view.result->visible = false;
  view.result->tle_epoch = "2026-09-16T20:27:47.669Z";
  view.result->tle_age_days = 69.582;
  std::string html = frontend::RenderPage(view);
  EXPECT_TRUE(Contains(html, "SGP4 model"));
  EXPECT_TRUE(Contains(html, "417.2 km")) << html;  // {:.1f} of 417.25 rounds to even
  EXPECT_TRUE(Contains(html, "Seen from Paris &lt;France&gt;"));
  EXPECT_TRUE(Contains(html, "below the horizon (-20.2°)"));
  EXPECT_TRUE(Contains(html, "2026-09-16 20:27 UTC, 69.6 days old"));

  view.result->visible = true;
  view.result->elevation_deg = 23.44;
  html = frontend::RenderPage(view);
  EXPECT_TRUE(Contains(html, "above the horizon, 23.4° up"));
}

TEST(RenderPage, NoEmptyRowsForALivePosition) {
  frontend::PageView view;
  view.result = frontend::ResultView{};
  view.result->source = "live";
  std::string html = frontend::RenderPage(view);
  EXPECT_FALSE(Contains(html, "ISS altitude"));
  EXPECT_FALSE(Contains(html, "horizon"));
  EXPECT_FALSE(Contains(html, "Orbital elements"));
}

}  // namespace
