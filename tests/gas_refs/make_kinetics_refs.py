"""Reference numbers for the tests in src/science/gas/kinetics.rs, computed outside the project.

Run with NumPy and SciPy installed (lmfit, if present, is used for a cross-check); the
versions are printed first, and every number printed was pasted into the tests.

- The saturating model n(t) = n_inf (1 - exp(-k t)) is fitted by scipy.optimize.least_squares
  (method "lm", MINPACK, the exact Jacobian written out below, tolerances 1e-15) and again by
  scipy.optimize.curve_fit from other start values; standard errors are s^2 (J^T J)^-1 with
  s^2 = RSS/(n - 2), as curve_fit's default (absolute_sigma=False).
- The profile-likelihood 95 % interval of n_inf is found independently of the project's
  algorithm: for n_inf held at a value, k is refitted by a bounded scalar minimization of the
  RSS (scipy.optimize.minimize_scalar, then polished by least_squares); the ends are the roots
  (brentq, xtol 1e-12) of RSS_profile(n_inf) - RSS_min (1 + t^2/(n - 2)), t = t(0.975, n - 2),
  bracketed by a scan. lmfit's conf_interval (the same F criterion) is printed beside it.
- Initial rates: scipy.stats.linregress and numpy.polyfit (with cov=True) for the line with an
  intercept; for the line through the origin the closed form b = sum(t y)/sum(t^2),
  se = sqrt(RSS/(n - 1)/sum(t^2)), R^2 uncentered (1 - RSS/sum(y^2)).
"""
import sys

import numpy as np
import scipy
from scipy import optimize, stats

print("// Python", sys.version.split()[0], "NumPy", np.__version__, "SciPy", scipy.__version__)

# A. Saturating: 150 umol (1 - exp(-0.35 t)) moved by a fixed pattern, rounded to 0.1 umol.
T_A = np.array([0, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12], float)
N_A = np.array([0.3, 24.0, 42.1, 61.3, 77.9, 98.7, 114.9, 122.8, 131.5, 140.6, 146.4, 148.9])
# B. The same kind of reaction stopped early: 150 (1 - exp(-0.25 t)) to 4 h (63 % of the end).
T_B = np.array([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4], float)
N_B = np.array([0.0, 18.1, 33.6, 46.0, 59.4, 69.5, 79.8, 87.2, 95.4])

# C. Growing linearly, 10 umol/h plus a fixed pattern: no plateau in sight.
T_C = np.arange(7, dtype=float)
N_C = np.array([0.0, 10.3, 19.8, 30.25, 39.7, 50.2, 59.9])
# D. Accelerating, 10 t + 0.3 t^2 plus the same pattern (an induction period).
N_D = np.array([0.0, 10.6, 21.0, 32.95, 44.5, 57.7, 70.7])


def model(p, t):
    a, k = p
    e = np.exp(-k * t)
    return a * (1 - e)


def jac(p, t):
    a, k = p
    e = np.exp(-k * t)
    return np.column_stack([1 - e, a * t * e])


def fit(t, n, start):
    r = optimize.least_squares(lambda p: model(p, t) - n, start, jac=lambda p: jac(p, t),
                               method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
    p = r.x
    rss = float(np.sum((model(p, t) - n) ** 2))
    dof = len(t) - 2
    J = jac(p, t)
    cov = rss / dof * np.linalg.inv(J.T @ J)
    return p, np.sqrt(np.diag(cov)), rss, dof


def profile_rss(a, t, n, k_guess):
    """RSS with n_inf held at a, k refitted (k >= 0)."""
    f = lambda k: float(np.sum((a * (1 - np.exp(-k * t)) - n) ** 2))
    lo, hi = 0.0, max(10 * k_guess, 1e-9)
    m = optimize.minimize_scalar(f, bounds=(lo, hi), method="bounded",
                                 options={"xatol": 1e-14 * max(k_guess, 1e-12)})
    k = m.x
    # Polish with a 1-parameter least_squares from there.
    r = optimize.least_squares(lambda q: a * (1 - np.exp(-q[0] * t)) - n, [k],
                               jac=lambda q: (a * t * np.exp(-q[0] * t))[:, None],
                               method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
    return min(f(r.x[0]), f(k)), r.x[0]


def profile(t, n, p, se, rss, dof):
    tq = stats.t.ppf(0.975, dof)
    limit = rss * (1 + tq * tq / dof)
    g = lambda a: profile_rss(a, t, n, p[1])[0] - limit
    ends = []
    for sign in (-1, 1):
        step, inner = se[0], p[0]
        outer = None
        for _ in range(40):
            a = p[0] + sign * step
            if a <= 0:
                break
            if g(a) >= 0:
                outer = a
                break
            inner = a
            step *= 1.5
        ends.append(None if outer is None else optimize.brentq(g, inner, outer, xtol=1e-12, rtol=1e-15))
    return ends, tq


for label, t, n in [("A", T_A, N_A), ("B", T_B, N_B)]:
    p, se, rss, dof = fit(t, n, [n.max(), 0.3])
    pc, cov = optimize.curve_fit(lambda x, a, k: a * (1 - np.exp(-k * x)), t, n, p0=[n.max() * 1.5, 0.1],
                                 jac=lambda x, a, k: jac((a, k), x), ftol=1e-15, xtol=1e-15, gtol=1e-15)
    assert np.allclose(p, pc, rtol=1e-9), (p, pc)
    assert np.allclose(se, np.sqrt(np.diag(cov)), rtol=1e-7), (se, np.sqrt(np.diag(cov)))
    (low, high), tq = profile(t, n, p, se, rss, dof)
    print(f"// {label}")
    print(f"const {label}_VALUES: [f64; 2] = [{float(p[0])!r}, {float(p[1])!r}];")
    print(f"const {label}_ERRORS: [f64; 2] = [{float(se[0])!r}, {float(se[1])!r}];")
    print(f"const {label}_RSS: f64 = {rss!r};")
    print(f"const {label}_PROFILE: (f64, f64) = ({float(low)!r}, {float(high)!r});")
    print(f"// t(0.975, {dof}) = {float(tq)!r}; Wald interval of n_inf: {float(p[0] - tq * se[0])!r} to {float(p[0] + tq * se[0])!r}")
    try:
        import lmfit

        params = lmfit.Parameters()
        params.add("a", value=p[0], min=0)
        params.add("k", value=p[1], min=0)
        mini = lmfit.Minimizer(lambda ps: ps["a"] * (1 - np.exp(-ps["k"] * t)) - n, params)
        res = mini.minimize(method="leastsq", xtol=1e-15, ftol=1e-15)
        ci = lmfit.conf_interval(mini, res, p_names=["a"], sigmas=[0.95])
        print(f"// lmfit conf_interval (0.95): {float(ci['a'][0][1])!r} to {float(ci['a'][2][1])!r}")
    except ImportError:
        pass

# Initial rates of A.
for lo, hi in [(0.0, 2.0), (0.5, 1.0)]:
    m = (T_A >= lo) & (T_A <= hi)
    t, y = T_A[m], N_A[m]
    if len(t) > 2:
        r = stats.linregress(t, y)
        coef, cov = np.polyfit(t, y, 1, cov="unscaled")
        rss = float(np.sum((y - np.polyval(coef, t)) ** 2))
        se_pf = np.sqrt(np.diag(cov) * rss / (len(t) - 2))
        assert np.allclose([r.slope, r.intercept], coef, rtol=1e-12)
        assert np.allclose([r.stderr, r.intercept_stderr], se_pf, rtol=1e-10)
        tq = stats.t.ppf(0.975, len(t) - 2)
        print(f"// window {lo} to {hi} h, {len(t)} points, intercept free (linregress; polyfit agrees)")
        print(f"const RATE_LINE: [f64; 5] = [{float(r.slope)!r}, {float(r.stderr)!r}, {float(r.intercept)!r}, {float(r.intercept_stderr)!r}, {float(r.rvalue ** 2)!r}];")
        print(f"const RATE_LINE_CI: (f64, f64) = ({float(r.slope - tq * r.stderr)!r}, {float(r.slope + tq * r.stderr)!r});")
        b = float(np.sum(t * y) / np.sum(t * t))
        rss0 = float(np.sum((y - b * t) ** 2))
        se0 = np.sqrt(rss0 / (len(t) - 1) / np.sum(t * t))
        r2 = 1 - rss0 / float(np.sum(y * y))
        print(f"const RATE_ORIGIN: [f64; 3] = [{b!r}, {float(se0)!r}, {r2!r}];")
    else:
        slope = (y[1] - y[0]) / (t[1] - t[0])
        print(f"// window {lo} to {hi} h, 2 points: slope {float(slope)!r}, intercept {float(y[0] - slope * t[0])!r}")

# C and D: is there a plateau? Fitted in the form n = r0 (1 - exp(-k t))/k (the same curve,
# n_inf = r0/k, but defined for every k, so that accelerating data give k < 0 instead of running
# off). The upper end of the profile interval of n_inf is open when even the limit n_inf -> oo
# (the line r0 t through the origin) stays under the 95 % limit of the sum of squares.
def rate_form(p, t):
    r0, k = p
    z = k * t
    return r0 * t * np.where(z == 0, 1.0, -np.expm1(-z) / np.where(z == 0, 1.0, z))


for label, t, n in [("C", T_C, N_C), ("D", T_C, N_D)]:
    r = optimize.least_squares(lambda p: rate_form(p, t) - n, [10.0, 0.01], method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
    r0, k = (float(v) for v in r.x)
    rss = float(np.sum((rate_form(r.x, t) - n) ** 2))
    dof = len(t) - 2
    tq = stats.t.ppf(0.975, dof)
    b = float(np.sum(t * n) / np.sum(t * t))
    line = float(np.sum((n - b * t) ** 2))
    print(f"// {label}: r0 = {r0!r}, k = {k!r} per h, n_inf = r0/k = {r0 / k!r}, last point {float(n[-1]) / (r0 / k)!r} of it;"
          f" RSS {rss!r}, 95 % limit {rss * (1 + float(tq) ** 2 / dof)!r}, line through the origin {line!r}")
