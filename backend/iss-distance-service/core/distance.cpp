#include "distance.h"

#include <GeographicLib/Geodesic.hpp>
#include <cmath>

namespace iss {

double GeodesicDistanceKm(double latitude1, double longitude1, double latitude2,
                          double longitude2) {
  double metres = 0;
  GeographicLib::Geodesic::WGS84().Inverse(latitude1, longitude1, latitude2, longitude2, metres);
  return metres / 1000.0;
}

double RoundTo2Decimals(double value) {
  return std::round(value * 100.0) / 100.0;
}

}  // namespace iss
