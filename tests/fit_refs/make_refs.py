"""Reference values for tests/fit_tools.rs, computed outside the project.

Run with SciPy, NumPy, lmfit and mpmath installed (pip install scipy numpy lmfit mpmath):
python3 tests/fit_refs/make_refs.py. The versions used are printed first. Each section
prints Rust literals that were pasted into tests/fit_tools.rs. Least-squares solutions are
scipy.optimize.least_squares' (MINPACK), refined to 40 digits by Newton's method in mpmath
(see lsq), with covariances s^2 (J^T J)^-1 at them. Sections:
  1. The regularized incomplete beta function and the F upper tail at a table of points:
     the values are mpmath's at 40 digits (correctly rounded to double), and SciPy's
     scipy.special.betainc / scipy.stats.f.sf (Boost) are checked to agree to 1e-12.
  2. Bounds: the model refitted with the parameter held at its bound (or its closed form),
     and curve_fit with bounds (trust-region reflective) as a cross-check.
  3. F tests: RSS of nested fits (numpy.linalg.lstsq for the polynomials), F and
     scipy.stats.f.sf.
  4. Confidence band: the delta method in NumPy with analytic gradients, t from
     scipy.stats.t.ppf; lmfit's eval_uncertainty(sigma=0.95) as a cross-check (it
     differentiates numerically, so it agrees to about 1e-5).
  5. Profile intervals: the profile computed directly (least_squares refits with the
     parameter held, brentq on RSS(theta) - RSS_min*(1 + t^2/(n-p))), and lmfit's
     conf_interval(sigmas=[0.95]) as a cross-check (its own root tolerance is looser);
     then an isotherm measured on its initial slope, whose upper ends are open, and the
     closed-form end of Bmax when Kd is bounded above.
  6. A Hill-type quenching curve with x = 0 among the points, and lmfit's fit of it.
The data of sections 2-6 are made here (fixed seed, rounded to 4 decimals) and printed, and
the Rust tests hold the same literals.
"""
import sys

import mpmath
import numpy as np
import scipy
from scipy import optimize, special, stats

mpmath.mp.dps = 40


def lit(v):
    return repr(float(v))


def section(title):
    print(f"\n// ---- {title}")


print("// Python", sys.version.split()[0], "NumPy", np.__version__, "SciPy", scipy.__version__,
      "mpmath", mpmath.__version__)

# 1. Incomplete beta and the F upper tail.
section("betainc(a, b, x): (a, b, x, value)")
BETA_POINTS = [
    (0.5, 0.5, 0.3), (1.0, 1.0, 0.42), (2.0, 3.0, 0.4), (5.0, 0.5, 0.9), (0.5, 5.0, 0.01),
    (10.0, 10.0, 0.5), (50.0, 50.0, 0.3), (100.0, 2.5, 0.99), (2.5, 100.0, 1e-3),
    (500.0, 500.0, 0.48), (0.1, 0.1, 1e-6), (3.0, 4.0, 1e-10), (20.0, 0.5, 0.2),
    (1.5, 7.0, 0.6), (250.0, 0.5, 0.97),
]
for a, b, x in BETA_POINTS:
    v = special.betainc(a, b, x)
    m = mpmath.betainc(a, b, 0, x, regularized=True)
    assert abs(v - float(m)) <= 1e-12 * abs(float(m)), (a, b, x, v, m)
    print(f"({lit(a)}, {lit(b)}, {lit(x)}, {lit(m)}),")

section("f.sf(f, d1, d2): (f, d1, d2, value)")
F_POINTS = [
    (3.5, 1, 10), (0.5, 2, 20), (4.0, 3, 30), (1.0, 5, 5), (100.0, 1, 10), (1e4, 2, 8),
    (50.0, 3, 100), (200.0, 1, 1000), (1e-4, 1, 5), (2.5, 10, 1000), (1.2, 50, 50),
    (1e6, 1, 3), (0.02, 4, 12), (30.0, 2, 2000), (1.05, 500, 2000), (0.9, 200, 200),
]
for f, d1, d2 in F_POINTS:
    v = stats.f.sf(f, d1, d2)
    # mpmath: P(F > f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2).
    xm = mpmath.mpf(d2) / (d2 + d1 * mpmath.mpf(f))
    m = mpmath.betainc(mpmath.mpf(d2) / 2, mpmath.mpf(d1) / 2, 0, xm, regularized=True)
    assert abs(v - float(m)) <= 1e-12 * abs(float(m)), (f, d1, d2, v, m)
    print(f"({lit(f)}, {lit(d1)}, {lit(d2)}, {lit(m)}),")


# Shared helpers for the fits.
rng = np.random.default_rng(20240601)
TIGHT = dict(method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)


def arr(name, v):
    print(f"const {name}: [f64; {len(v)}] = [{', '.join(lit(t) for t in v)}];")


def EXP(v):
    """exp for NumPy arrays and for mpmath numbers, so that one model serves both."""
    return mp_exp(v) if isinstance(v, mpmath.mpf) else np.exp(v)


mp_exp = mpmath.exp


def lsq(f, jac, p0, x, y):
    """Unweighted least squares; returns (p, rss, covariance s^2 (J^T J)^-1).

    least_squares (MINPACK) stops about 1e-9 short of the minimum even with tolerances of
    1e-15, so its solution is refined by Newton's method on the normal equations in mpmath
    at 50 digits (derivatives by mpmath.diff), on the data's exact binary values."""
    r = optimize.least_squares(lambda p: f(x, p) - y, p0, jac=lambda p: jac(x, p), **TIGHT)
    with mpmath.workdps(50):
        X = [mpmath.mpf(float(v)) for v in x]
        Y = [mpmath.mpf(float(v)) for v in y]

        def rss_mp(*p):
            return mpmath.fsum((f(xi, p) - yi) ** 2 for xi, yi in zip(X, Y))

        def gradient(*p):
            return [mpmath.diff(lambda t: rss_mp(*(p[:i] + (t,) + p[i + 1:])), p[i]) for i in range(len(p))]

        start = [mpmath.mpf(float(v)) for v in r.x]
        tol = mpmath.mpf(10) ** -40
        if len(start) > 1:
            exact = list(mpmath.findroot(gradient, start, tol=tol))
        else:
            exact = [mpmath.findroot(lambda t: gradient(t)[0], start[0], tol=tol)]
        rss = float(rss_mp(*exact))
        p = np.array([float(v) for v in exact])
    J = jac(x, p)
    dof = len(x) - len(p0)
    cov = np.linalg.inv(J.T @ J) * rss / dof
    return p, rss, cov


# 2. Bounds.
section("bounds: fraction f pushed above 1 in y = f*K*x/(1 + K*x)")
X_FRAC = np.array([0.1, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0])
Y_FRAC = np.round(1.08 * 0.8 * X_FRAC / (1 + 0.8 * X_FRAC) * (1 + 0.01 * rng.standard_normal(X_FRAC.size)), 4)
arr("X_FRAC", X_FRAC)
arr("Y_FRAC", Y_FRAC)
frac = lambda x, p: p[0] * p[1] * x / (1 + p[1] * x)
frac_jac = lambda x, p: np.column_stack([p[1] * x / (1 + p[1] * x), p[0] * x / (1 + p[1] * x) ** 2])
p, rss, _ = lsq(frac, frac_jac, [1.0, 1.0], X_FRAC, Y_FRAC)
print("// unconstrained f, K =", lit(p[0]), lit(p[1]))
held = lambda x, p: p[0] * x / (1 + p[0] * x)
held_jac = lambda x, p: np.column_stack([x / (1 + p[0] * x) ** 2])
p1, rss1, cov1 = lsq(held, held_jac, [1.0], X_FRAC, Y_FRAC)
print("// f held at 1: K, se(K), RSS =", lit(p1[0]), lit(np.sqrt(cov1[0, 0])), lit(rss1))
cb, _ = optimize.curve_fit(lambda x, f, K: frac(x, [f, K]), X_FRAC, Y_FRAC, p0=[0.5, 1.0],
                           bounds=([0, 0], [1, np.inf]), xtol=1e-15, ftol=1e-15, gtol=1e-15)
print("// curve_fit with bounds (trf): f, K =", lit(cb[0]), lit(cb[1]))
assert abs(cb[0] - 1) < 1e-9 and abs(cb[1] - p1[0]) < 1e-7 * p1[0]

section("bounds: K pushed below 0 in y = m*x/(1 + K*x)")
X_CONVEX = np.array([0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0])
Y_CONVEX = np.round(2 * X_CONVEX + 0.1 * X_CONVEX ** 2 + 0.02 * rng.standard_normal(X_CONVEX.size), 4)
arr("X_CONVEX", X_CONVEX)
arr("Y_CONVEX", Y_CONVEX)
lang = lambda x, p: p[0] * x / (1 + p[1] * x)
lang_jac = lambda x, p: np.column_stack([x / (1 + p[1] * x), -p[0] * x * x / (1 + p[1] * x) ** 2])
p, rss, _ = lsq(lang, lang_jac, [2.0, 0.0], X_CONVEX, Y_CONVEX)
print("// unconstrained m, K, RSS =", lit(p[0]), lit(p[1]), lit(rss))
assert p[1] < 0
m0 = np.sum(X_CONVEX * Y_CONVEX) / np.sum(X_CONVEX ** 2)
print("// K held at 0: m = sum(xy)/sum(x^2) =", lit(m0))
cb, _ = optimize.curve_fit(lambda x, m, K: lang(x, [m, K]), X_CONVEX, Y_CONVEX, p0=[1.0, 1.0],
                           bounds=([-np.inf, 0], [np.inf, np.inf]), xtol=1e-15, ftol=1e-15, gtol=1e-15)
print("// curve_fit with bounds (trf): m, K =", lit(cb[0]), lit(cb[1]))
assert abs(cb[1]) < 1e-9 and abs(cb[0] - m0) < 1e-7 * m0

# 3. F tests.
section("F test: straight line against parabola")
X_POLY = np.arange(11.0)
Y_POLY = np.round(1 + 0.5 * X_POLY + 0.02 * X_POLY ** 2 + 0.1 * rng.standard_normal(11), 4)
arr("X_POLY", X_POLY)
arr("Y_POLY", Y_POLY)
rss_of = lambda A: float(np.sum((Y_POLY - A @ np.linalg.lstsq(A, Y_POLY, rcond=None)[0]) ** 2))
r1 = rss_of(np.column_stack([np.ones(11), X_POLY]))
r2 = rss_of(np.column_stack([np.ones(11), X_POLY, X_POLY ** 2]))
F = (r1 - r2) / 1 / (r2 / 8)
print("// RSS line, RSS parabola, F, p =", lit(r1), lit(r2), lit(F), lit(stats.f.sf(F, 1, 8)))

section("F test and band: a*exp(-k*x) against a*exp(-k*x) + c")
X_DECAY = np.array([0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0])
Y_DECAY = np.round(5 * np.exp(-0.7 * X_DECAY) + 0.3 + 0.05 * rng.standard_normal(X_DECAY.size), 4)
arr("X_DECAY", X_DECAY)
arr("Y_DECAY", Y_DECAY)
dec2 = lambda x, p: p[0] * EXP(-p[1] * x)
dec2_jac = lambda x, p: np.column_stack([np.exp(-p[1] * x), -p[0] * x * np.exp(-p[1] * x)])
dec3 = lambda x, p: p[0] * EXP(-p[1] * x) + p[2]
dec3_jac = lambda x, p: np.column_stack([np.exp(-p[1] * x), -p[0] * x * np.exp(-p[1] * x), np.ones_like(x)])
pa, ra, _ = lsq(dec2, dec2_jac, [5.0, 0.5], X_DECAY, Y_DECAY)
pb, rb, covb = lsq(dec3, dec3_jac, [5.0, 0.5, 0.0], X_DECAY, Y_DECAY)
n = X_DECAY.size
F = (ra - rb) / 1 / (rb / (n - 3))
print("// RSS 2-parameter, RSS 3-parameter, F, p =", lit(ra), lit(rb), lit(F), lit(stats.f.sf(F, 1, n - 3)))
print("// a, k, c =", lit(pb[0]), lit(pb[1]), lit(pb[2]))

# 4. Confidence band of the 3-parameter decay.
section("band of a*exp(-k*x) + c: (x, f, half-width numpy delta method, half-width lmfit)")
import lmfit  # noqa: E402

X_BAND = np.array([0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0])
t975 = stats.t.ppf(0.975, n - 3)
G = dec3_jac(X_BAND, pb)
half = t975 * np.sqrt(np.einsum("ij,jk,ik->i", G, covb, G))
lm_model = lmfit.Model(lambda x, a, k, c: a * np.exp(-k * x) + c)
lm_fit = lm_model.fit(Y_DECAY, x=X_DECAY, a=5.0, k=0.5, c=0.0, fit_kws=dict(xtol=1e-15, ftol=1e-15, gtol=1e-15))
lm_half = lm_fit.eval_uncertainty(x=X_BAND, sigma=0.95)
for xb, fb, h, hl in zip(X_BAND, dec3(X_BAND, pb), half, lm_half):
    assert abs(h - hl) < 1e-4 * h, (xb, h, hl)
    print(f"({lit(xb)}, {lit(fb)}, {lit(h)}, {lit(hl)}),")


# 5. Profile-likelihood intervals.
def profile(f, jac, x, y, p_hat, rss_min, se, j):
    """Both ends of the 95 % profile-t interval of parameter j (None where not reached)."""
    n, p = len(x), len(p_hat)
    limit = rss_min * (1 + stats.t.ppf(0.975, n - p) ** 2 / (n - p))
    others = [i for i in range(p) if i != j]

    def excess(theta):
        def full(q):
            v = np.array(p_hat, dtype=float)
            v[others] = q
            v[j] = theta
            return v
        r = optimize.least_squares(lambda q: f(x, full(q)) - y, np.array(p_hat)[others],
                                   jac=lambda q: jac(x, full(q))[:, others], **TIGHT)
        return float(np.sum(r.fun ** 2)) - limit

    ends = []
    for sign in (-1, 1):
        inner, end = p_hat[j], None
        for m in range(12):
            theta = p_hat[j] + sign * se * 2.0 ** m
            if excess(theta) >= 0:
                end = optimize.brentq(excess, inner, theta, xtol=1e-14, rtol=1e-15)
                break
            inner = theta
        ends.append(end)
    return ends


def profile_case(title, names, f, jac, x, y, p0):
    section(title)
    p_hat, rss, cov = lsq(f, jac, p0, x, y)
    se = np.sqrt(np.diag(cov))
    print("// estimates:", ", ".join(f"{nm} = {lit(v)} ± {lit(s)}" for nm, v, s in zip(names, p_hat, se)))
    print("// RSS =", lit(rss))
    # lmfit's conf_interval at 95 % (sigmas < 1 are probabilities).
    params = lmfit.Parameters()
    for nm, v in zip(names, p0):
        params.add(nm, value=v)
    mini = lmfit.Minimizer(lambda ps: f(x, [ps[nm].value for nm in names]) - y, params)
    res = mini.minimize(method="leastsq", xtol=1e-15, ftol=1e-15, gtol=1e-15)
    ci = lmfit.conf_interval(mini, res, sigmas=[0.95])
    for j, nm in enumerate(names):
        lo, hi = profile(f, jac, x, y, p_hat, rss, se[j], j)
        (_, lm_lo), _, (_, lm_hi) = ci[nm]
        print(f"// {nm}: (profile lower, upper; lmfit lower, upper)")
        print(f"({lit(lo)}, {lit(hi)}, {lit(lm_lo)}, {lit(lm_hi)}),")
        assert abs(lo - lm_lo) < 1e-4 * se[j] + 1e-5 * abs(lo) and abs(hi - lm_hi) < 1e-4 * se[j] + 1e-5 * abs(hi)


X_ISO = np.array([0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0])
Y_ISO = np.round(10 * X_ISO / (3 + X_ISO) * (1 + 0.04 * rng.standard_normal(X_ISO.size)), 4)
section("profile data: isotherm y = Bmax*x/(Kd + x)")
arr("X_ISO", X_ISO)
arr("Y_ISO", Y_ISO)
iso = lambda x, p: p[0] * x / (p[1] + x)
iso_jac = lambda x, p: np.column_stack([x / (p[1] + x), -p[0] * x / (p[1] + x) ** 2])
profile_case("profile: isotherm", ["Bmax", "Kd"], iso, iso_jac, X_ISO, Y_ISO, [8.0, 2.0])

X_EXP = np.array([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0])
Y_EXP = np.round(2 * np.exp(-0.4 * X_EXP) + 0.04 * rng.standard_normal(X_EXP.size), 4)
section("profile data: decay y = a*exp(-k*x)")
arr("X_EXP", X_EXP)
arr("Y_EXP", Y_EXP)
profile_case("profile: decay", ["a", "k"], dec2, dec2_jac, X_EXP, Y_EXP, [1.5, 0.3])

# 6. Hill-type quenching with x = 0.
section("Hill with x = 0: y = 1 - f*(K*x)^n/(1 + (K*x)^n), made with f = 0.8, K = 2, n = 0.9")
X_HILL = np.array([0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0])
Y_HILL = np.round((1 - 0.8 * (2 * X_HILL) ** 0.9 / (1 + (2 * X_HILL) ** 0.9)) * (1 + 0.03 * rng.standard_normal(X_HILL.size)), 4)
arr("X_HILL", X_HILL)
arr("Y_HILL", Y_HILL)


def hill(x, p):
    u = (p[1] * x) ** p[2]
    return 1 - p[0] * u / (1 + u)


def hill_jac(x, p):
    f, K, n = p
    u = (K * x) ** n
    du = 1 / (1 + u) ** 2  # d(u/(1+u))/du
    log_kx = np.log(np.where(x > 0, K * x, 1.0))
    return np.column_stack([-u / (1 + u), -f * du * n * u / K, -f * du * u * log_kx])


ph, rh, covh = lsq(hill, hill_jac, [0.5, 1.0, 1.0], X_HILL, Y_HILL)
print("// f, K, n =", ", ".join(lit(v) for v in ph), "; se =", ", ".join(lit(v) for v in np.sqrt(np.diag(covh))))
print("// RSS =", lit(rh))
lh = lmfit.Model(lambda x, f, K, n: hill(x, [f, K, n])).fit(Y_HILL, x=X_HILL, f=0.5, K=1.0, n=1.0)
print("// lmfit (numerical derivatives, default tolerances): f, K, n =",
      ", ".join(lit(lh.params[nm].value) for nm in ("f", "K", "n")))

# 5b. Open ends: an isotherm measured on its initial slope only.
section("profile: isotherm on its initial slope (ends not reached within 2048 SE print None)")
X_SLOPE = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
# 3x/(1.5 + x) times fixed factors (about 6 % scatter), rounded to 4 digits.
Y_SLOPE = np.round(3 * X_SLOPE / (1.5 + X_SLOPE) * np.array([1.06, 0.93, 1.08, 0.96, 0.97, 1.05]), 4)
arr("X_SLOPE", X_SLOPE)
arr("Y_SLOPE", Y_SLOPE)
p_hat, rss, cov = lsq(iso, iso_jac, [3.0, 1.0], X_SLOPE, Y_SLOPE)
se = np.sqrt(np.diag(cov))
print("// estimates:", lit(p_hat[0]), lit(p_hat[1]), "se", lit(se[0]), lit(se[1]))
for j, nm in enumerate(["Bmax", "Kd"]):
    lo, hi = profile(iso, iso_jac, X_SLOPE, Y_SLOPE, p_hat, rss, se[j], j)
    print(f"// {nm}: lower, upper = {lit(lo)}, {hi}")
# With Kd bounded to [0, 20], Bmax's upper end is where the refit holds Kd at 20: there
# RSS(Bmax) = sum((Bmax*u - y)^2), u = x/(20 + x), is a parabola, and the end its larger root.
limit = rss * (1 + stats.t.ppf(0.975, 4) ** 2 / 4)
u = X_SLOPE / (20 + X_SLOPE)
qa, qb, qc = np.sum(u * u), -2 * np.sum(u * Y_SLOPE), np.sum(Y_SLOPE ** 2) - limit
b_end = (-qb + np.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa)
# The bound is active there: the unconstrained best Kd at that Bmax is above 20.
kd_free = optimize.minimize_scalar(lambda kd: np.sum((iso(X_SLOPE, [b_end, kd]) - Y_SLOPE) ** 2),
                                   bounds=(0.0, 1000.0), method="bounded").x
assert kd_free > 20, kd_free
print("// Bmax upper end with 0 <= Kd <= 20:", lit(b_end))
