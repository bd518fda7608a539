// Geodesic distance on the WGS84 ellipsoid (Karney's algorithm, GeographicLib),
// the same numbers as geopy's geodesic in the original workshop.
#pragma once

namespace iss {

// Distance in kilometres between two points given in degrees.
double GeodesicDistanceKm(double latitude1, double longitude1, double latitude2, double longitude2);

// Rounds half away from zero to 2 decimals, like Python's round() for our values.
double RoundTo2Decimals(double value);

}  // namespace iss
