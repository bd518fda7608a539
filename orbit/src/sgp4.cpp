// SGP4 near-earth propagation. Symbols follow the published algorithm (Hoots and
// Roehrich 1980, revised by Vallado et al. 2006) so the code can be read next to it.
#include "orbit/sgp4.h"

#include <cmath>
#include <cstdio>
#include <numbers>

namespace orbit {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRe = Wgs72::kEarthRadiusKm;
constexpr double kJ2 = Wgs72::kJ2;
constexpr double kJ4 = Wgs72::kJ4;
constexpr double kJ3OverJ2 = Wgs72::kJ3 / Wgs72::kJ2;
constexpr double kTwoThirds = 2.0 / 3.0;

// sqrt(mu / Re^3) in 1/minutes: the model's time unit.
const double kXke = 60.0 / std::sqrt(kRe * kRe * kRe / Wgs72::kMu);

std::string ErrorText(const char* what, double minutes) {
  char text[160];
  std::snprintf(text, sizeof text, "%s at %+.3f min from the element set's epoch", what, minutes);
  return text;
}

Unexpected<ModelError> Fail(ModelErrorKind kind, const char* what, double minutes) {
  return MakeUnexpected(ModelError{kind, minutes, ErrorText(what, minutes)});
}

}  // namespace

Expected<Sgp4, ModelError> Sgp4::Create(const ElementSet& elements) {
  Sgp4 model;
  const double no_kozai = elements.mean_motion_rev_per_day * kTwoPi / 1440.0;
  if (!(no_kozai > 0.0)) {
    return Fail(ModelErrorKind::kMeanMotionNotPositive, "mean motion is not positive", 0.0);
  }
  model.ecco_ = elements.eccentricity;
  if (model.ecco_ < 0.0 || model.ecco_ >= 1.0) {
    return Fail(ModelErrorKind::kEccentricityOutOfRange, "eccentricity is outside [0, 1)", 0.0);
  }
  model.inclo_ = elements.inclination_deg * kDegToRad;
  model.nodeo_ = elements.raan_deg * kDegToRad;
  model.argpo_ = elements.argument_of_perigee_deg * kDegToRad;
  model.mo_ = elements.mean_anomaly_deg * kDegToRad;
  model.bstar_ = elements.bstar;

  // Recover the original mean motion and semi-major axis from the Kozai mean motion.
  const double eccsq = model.ecco_ * model.ecco_;
  const double omeosq = 1.0 - eccsq;
  const double rteosq = std::sqrt(omeosq);
  const double cosio = std::cos(model.inclo_);
  const double cosio2 = cosio * cosio;
  const double ak = std::pow(kXke / no_kozai, kTwoThirds);
  const double d1 = 0.75 * kJ2 * (3.0 * cosio2 - 1.0) / (rteosq * omeosq);
  double delta = d1 / (ak * ak);
  const double adel =
      ak * (1.0 - delta * delta - delta * (1.0 / 3.0 + 134.0 * delta * delta / 81.0));
  delta = d1 / (adel * adel);
  model.mean_motion_ = no_kozai / (1.0 + delta);

  if (model.PeriodMinutes() >= kDeepSpacePeriodMinutes) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "deep-space element set: period %.1f min is not below %.0f min; SDP4 is "
                  "not implemented, only near-earth SGP4",
                  model.PeriodMinutes(), kDeepSpacePeriodMinutes);
    return MakeUnexpected(ModelError{ModelErrorKind::kDeepSpaceNotSupported, 0.0, text});
  }

  const double ao = std::pow(kXke / model.mean_motion_, kTwoThirds);
  const double sinio = std::sin(model.inclo_);
  const double po = ao * omeosq;
  const double con42 = 1.0 - 5.0 * cosio2;
  model.con41_ = -con42 - cosio2 - cosio2;
  const double posq = po * po;
  const double rp = ao * (1.0 - model.ecco_);

  model.simplified_drag_ = rp < (220.0 / kRe + 1.0);

  // Atmospheric density parameters, lowered for perigees below 156 km.
  double sfour = 78.0 / kRe + 1.0;
  double qzms24 = std::pow((120.0 - 78.0) / kRe, 4);
  const double perigee_km = (rp - 1.0) * kRe;
  if (perigee_km < 156.0) {
    sfour = perigee_km < 98.0 ? 20.0 : perigee_km - 78.0;
    qzms24 = std::pow((120.0 - sfour) / kRe, 4);
    sfour = sfour / kRe + 1.0;
  }

  const double n = model.mean_motion_;
  const double pinvsq = 1.0 / posq;
  const double tsi = 1.0 / (ao - sfour);
  model.eta_ = ao * model.ecco_ * tsi;
  const double etasq = model.eta_ * model.eta_;
  const double eeta = model.ecco_ * model.eta_;
  const double psisq = std::fabs(1.0 - etasq);
  const double coef = qzms24 * std::pow(tsi, 4);
  const double coef1 = coef / std::pow(psisq, 3.5);
  const double cc2 =
      coef1 * n *
      (ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq)) +
       0.375 * kJ2 * tsi / psisq * model.con41_ * (8.0 + 3.0 * etasq * (8.0 + etasq)));
  model.cc1_ = model.bstar_ * cc2;
  double cc3 = 0.0;
  if (model.ecco_ > 1.0e-4) cc3 = -2.0 * coef * tsi * kJ3OverJ2 * n * sinio / model.ecco_;
  model.x1mth2_ = 1.0 - cosio2;
  model.cc4_ = 2.0 * n * coef1 * ao * omeosq *
               (model.eta_ * (2.0 + 0.5 * etasq) + model.ecco_ * (0.5 + 2.0 * etasq) -
                kJ2 * tsi / (ao * psisq) *
                    (-3.0 * model.con41_ * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta)) +
                     0.75 * model.x1mth2_ * (2.0 * etasq - eeta * (1.0 + etasq)) *
                         std::cos(2.0 * model.argpo_)));
  model.cc5_ = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq);

  // Secular rates of mean anomaly, argument of perigee and node from J2 and J4.
  const double cosio4 = cosio2 * cosio2;
  const double temp1 = 1.5 * kJ2 * pinvsq * n;
  const double temp2 = 0.5 * temp1 * kJ2 * pinvsq;
  const double temp3 = -0.46875 * kJ4 * pinvsq * pinvsq * n;
  model.mdot_ = n + 0.5 * temp1 * rteosq * model.con41_ +
                0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4);
  model.argpdot_ = -0.5 * temp1 * con42 + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4) +
                   temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4);
  const double xhdot1 = -temp1 * cosio;
  model.nodedot_ =
      xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * cosio;
  model.omgcof_ = model.bstar_ * cc3 * std::cos(model.argpo_);
  model.xmcof_ = 0.0;
  if (model.ecco_ > 1.0e-4) model.xmcof_ = -kTwoThirds * coef * model.bstar_ / eeta;
  model.nodecf_ = 3.5 * omeosq * xhdot1 * model.cc1_;
  model.t2cof_ = 1.5 * model.cc1_;
  // Avoid dividing by zero for inclinations of exactly 180 degrees.
  const double one_plus_cosio = std::fabs(cosio + 1.0) > 1.5e-12 ? 1.0 + cosio : 1.5e-12;
  model.xlcof_ = -0.25 * kJ3OverJ2 * sinio * (3.0 + 5.0 * cosio) / one_plus_cosio;
  model.aycof_ = -0.5 * kJ3OverJ2 * sinio;
  model.delmo_ = std::pow(1.0 + model.eta_ * std::cos(model.mo_), 3);
  model.sinmao_ = std::sin(model.mo_);
  model.x7thm1_ = 7.0 * cosio2 - 1.0;

  if (!model.simplified_drag_) {
    const double cc1sq = model.cc1_ * model.cc1_;
    model.d2_ = 4.0 * ao * tsi * cc1sq;
    const double temp = model.d2_ * tsi * model.cc1_ / 3.0;
    model.d3_ = (17.0 * ao + sfour) * temp;
    model.d4_ = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * model.cc1_;
    model.t3cof_ = model.d2_ + 2.0 * cc1sq;
    model.t4cof_ = 0.25 * (3.0 * model.d3_ + model.cc1_ * (12.0 * model.d2_ + 10.0 * cc1sq));
    model.t5cof_ = 0.2 * (3.0 * model.d4_ + 12.0 * model.cc1_ * model.d3_ +
                          6.0 * model.d2_ * model.d2_ + 15.0 * cc1sq * (2.0 * model.d2_ + cc1sq));
  }

  // As in the reference implementation, elements that fail at their own epoch are refused.
  auto at_epoch = model.Propagate(0.0);
  if (!at_epoch) return MakeUnexpected(at_epoch.error());
  return model;
}

double Sgp4::PeriodMinutes() const {
  return kTwoPi / mean_motion_;
}

Expected<TemeState, ModelError> Sgp4::Propagate(double minutes) const {
  const double t = minutes;

  // Secular gravity and atmospheric drag.
  const double xmdf = mo_ + mdot_ * t;
  const double argpdf = argpo_ + argpdot_ * t;
  const double nodedf = nodeo_ + nodedot_ * t;
  double argpm = argpdf;
  double mm = xmdf;
  const double t2 = t * t;
  double nodem = nodedf + nodecf_ * t2;
  double tempa = 1.0 - cc1_ * t;
  double tempe = bstar_ * cc4_ * t;
  double templ = t2cof_ * t2;
  if (!simplified_drag_) {
    const double delomg = omgcof_ * t;
    const double delmtemp = 1.0 + eta_ * std::cos(xmdf);
    const double delm = xmcof_ * (delmtemp * delmtemp * delmtemp - delmo_);
    const double temp = delomg + delm;
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const double t3 = t2 * t;
    const double t4 = t3 * t;
    tempa = tempa - d2_ * t2 - d3_ * t3 - d4_ * t4;
    tempe = tempe + bstar_ * cc5_ * (std::sin(mm) - sinmao_);
    templ = templ + t3cof_ * t3 + t4 * (t4cof_ + t * t5cof_);
  }

  double nm = mean_motion_;
  if (nm <= 0.0) return Fail(ModelErrorKind::kMeanMotionNotPositive, "mean motion <= 0", t);
  const double am = std::pow(kXke / nm, kTwoThirds) * tempa * tempa;
  nm = kXke / std::pow(am, 1.5);
  double em = ecco_ - tempe;
  if (em >= 1.0 || em < -0.001 || std::isnan(em)) {
    return Fail(ModelErrorKind::kEccentricityOutOfRange,
                "mean eccentricity left [-0.001, 1) (drag has overwhelmed the elements)", t);
  }
  if (em < 1.0e-6) em = 1.0e-6;
  mm = mm + mean_motion_ * templ;
  double xlm = mm + argpm + nodem;
  nodem = std::fmod(nodem, kTwoPi);
  argpm = std::fmod(argpm, kTwoPi);
  xlm = std::fmod(xlm, kTwoPi);
  mm = std::fmod(xlm - argpm - nodem, kTwoPi);

  const double sinip = std::sin(inclo_);
  const double cosip = std::cos(inclo_);

  // Long-period periodics.
  const double axnl = em * std::cos(argpm);
  double temp = 1.0 / (am * (1.0 - em * em));
  const double aynl = em * std::sin(argpm) + temp * aycof_;
  const double xl = mm + argpm + nodem + temp * xlcof_ * axnl;

  // Kepler's equation in the modified (Lyddane-free) form, Newton steps limited to 0.95.
  const double u = std::fmod(xl - nodem, kTwoPi);
  double eo1 = u;
  double tem5 = 9999.9;
  double sineo1 = 0.0, coseo1 = 0.0;
  for (int iteration = 1; std::fabs(tem5) >= 1.0e-12 && iteration <= 10; ++iteration) {
    sineo1 = std::sin(eo1);
    coseo1 = std::cos(eo1);
    tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl;
    tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5;
    if (std::fabs(tem5) >= 0.95) tem5 = tem5 > 0.0 ? 0.95 : -0.95;
    eo1 = eo1 + tem5;
  }

  // Short-period periodics.
  const double ecose = axnl * coseo1 + aynl * sineo1;
  const double esine = axnl * sineo1 - aynl * coseo1;
  const double el2 = axnl * axnl + aynl * aynl;
  const double pl = am * (1.0 - el2);
  if (pl < 0.0) {
    return Fail(ModelErrorKind::kSemiLatusRectumNegative, "semi-latus rectum is negative", t);
  }
  const double rl = am * (1.0 - ecose);
  const double rdotl = std::sqrt(am) * esine / rl;
  const double rvdotl = std::sqrt(pl) / rl;
  const double betal = std::sqrt(1.0 - el2);
  temp = esine / (1.0 + betal);
  const double sinu = am / rl * (sineo1 - aynl - axnl * temp);
  const double cosu = am / rl * (coseo1 - axnl + aynl * temp);
  double su = std::atan2(sinu, cosu);
  const double sin2u = (cosu + cosu) * sinu;
  const double cos2u = 1.0 - 2.0 * sinu * sinu;
  temp = 1.0 / pl;
  const double temp1 = 0.5 * kJ2 * temp;
  const double temp2 = temp1 * temp;

  const double mrt = rl * (1.0 - 1.5 * temp2 * betal * con41_) + 0.5 * temp1 * x1mth2_ * cos2u;
  su = su - 0.25 * temp2 * x7thm1_ * sin2u;
  const double xnode = nodem + 1.5 * temp2 * cosip * sin2u;
  const double xinc = inclo_ + 1.5 * temp2 * cosip * sinip * cos2u;
  const double mvt = rdotl - nm * temp1 * x1mth2_ * sin2u / kXke;
  const double rvdot = rvdotl + nm * temp1 * (x1mth2_ * cos2u + 1.5 * con41_) / kXke;
  if (mrt < 1.0) {
    return Fail(ModelErrorKind::kDecayed,
                "satellite has decayed (orbit radius below one earth radius)", t);
  }

  // Orientation vectors: u along the position, v along the in-plane velocity direction.
  const double sinsu = std::sin(su), cossu = std::cos(su);
  const double snod = std::sin(xnode), cnod = std::cos(xnode);
  const double sini = std::sin(xinc), cosi = std::cos(xinc);
  const double xmx = -snod * cosi;
  const double xmy = cnod * cosi;
  const Vec3 uvec{xmx * sinsu + cnod * cossu, xmy * sinsu + snod * cossu, sini * sinsu};
  const Vec3 vvec{xmx * cossu - cnod * sinsu, xmy * cossu - snod * sinsu, sini * cossu};
  const double km_per_s = kRe * kXke / 60.0;
  TemeState state;
  for (size_t i = 0; i < 3; ++i) {
    state.position_km[i] = mrt * uvec[i] * kRe;
    state.velocity_km_s[i] = (mvt * uvec[i] + rvdot * vvec[i]) * km_per_s;
  }
  return state;
}

}  // namespace orbit
