"""Reference fits for tests/quench_refs.rs, computed outside the project.

Run with SciPy and NumPy installed (pip install scipy numpy); the versions used are printed
first, and every number printed was pasted into tests/quench_refs.rs.

Each quenching model is fitted to what was measured, with the unquenched value a parameter,
by scipy.optimize.least_squares (method "lm", MINPACK, exact Jacobians written out below,
tolerances 1e-15). Standard errors are from s^2 (J^T W J)^-1 with s^2 = chi^2/(n - p)
(relative weights, as the project and curve_fit's default), 95 % intervals from
scipy.stats.t.ppf(0.975, n - p), and the profile interval of K as the roots (brentq) of
RSS_profile(K) - RSS_min (1 + t^2/(n - p)), each RSS_profile a least_squares refit of the
other parameters with K held.

Data sets:
  A. The calculator's example (intensities, [Q] in uM): Stern-Volmer, Langmuir, Poisson,
     Hill and static + dynamic.
  B. Lifetimes tau = 25/(1 + 4e4 [Q]) ns moved by a fixed pattern: Stern-Volmer with tau0 free.
  C. Intensities and lifetimes of static + dynamic quenching (K_D = 4e4, K_S = 1.5e5), moved by
     fixed patterns, fitted jointly with K_D shared; each set weighted by the residual standard
     deviation of its own fit alone (intensities by static + dynamic, lifetimes by
     Stern-Volmer), as the project does.
  D. The example with the typed model I0/I = 1 + (K x)^n (x = [Q]), fitted to the intensities
     as I = I0/(1 + (K x)^n) from n = 0.5: its derivative in n is infinite at x = 0 only in
     form (the term is 0 there for every K and n > 0).
"""
import sys

import numpy as np
import scipy
from scipy import optimize, stats

print("// Python", sys.version.split()[0], "NumPy", np.__version__, "SciPy", scipy.__version__)

Q = np.array([0, 1, 2, 4, 6, 8, 10, 15, 20], float) * 1e-6
I = np.array([1000, 865, 761, 652, 577, 538, 499, 449, 414], float)


def sv(p, q):
    y0, k = p
    r = 1 / (1 + k * q)
    return y0 * r, np.column_stack([r, -y0 * q * r * r])


def langmuir(p, q):
    y0, f, k = p
    u = 1 + k * q
    r = 1 - f * k * q / u
    return y0 * r, np.column_stack([r, -y0 * k * q / u, -y0 * f * q / u**2])


def poisson(p, q):
    y0, k = p
    r = np.exp(-k * q)
    return y0 * r, np.column_stack([r, -y0 * q * r])


def hill(p, q):
    y0, f, k, n = p
    kx = k * q
    v = np.where(kx > 0, np.abs(kx) ** n, 0.0)
    h = v / (1 + v)
    dh = 1 / (1 + v) ** 2
    dvk = np.where(kx > 0, n * v / k, 0.0)
    dvn = np.where(kx > 0, v * np.log(np.where(kx > 0, kx, 1.0)), 0.0)
    r = 1 - f * h
    return y0 * r, np.column_stack([r, -y0 * h, -y0 * f * dh * dvk, -y0 * f * dh * dvn])


def static_dynamic(p, q):
    y0, kd, ks = p
    d, s = 1 + kd * q, 1 + ks * q
    r = 1 / (d * s)
    return y0 * r, np.column_stack([r, -y0 * q * r / d, -y0 * q * r / s])


def fit(model, p0, q, y, sigma=None, hold=None):
    """least_squares of (y - model)/sigma; `hold` = (index, value) holds one parameter."""
    sigma = np.ones_like(y) if sigma is None else sigma
    free = [j for j in range(len(p0)) if hold is None or j != hold[0]]

    def full(pf):
        p = np.array(p0, float)
        p[free] = pf
        if hold is not None:
            p[hold[0]] = hold[1]
        return p

    def res(pf):
        return (y - model(full(pf), q)[0]) / sigma

    def jac(pf):
        return -model(full(pf), q)[1][:, free] / sigma[:, None]

    start = np.array(p0, float)[free]
    out = optimize.least_squares(res, start, jac=jac, method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
    p = full(out.x)
    return p, float(np.sum(out.fun**2)), jac(out.x)


def report(name, model, p0, q, y, sigma=None, profile=None):
    p, rss, j = fit(model, p0, q, y, sigma)
    n, k = len(y), len(p)
    dof = n - k
    cov = rss / dof * np.linalg.inv(j.T @ j)
    se = np.sqrt(np.diag(cov))
    t = stats.t.ppf(0.975, dof)
    print(f"// {name}: n = {n}, RSS = {rss!r}")
    print(f"const {name}_VALUES: [f64; {k}] = [{', '.join(repr(float(v)) for v in p)}];")
    print(f"const {name}_ERRORS: [f64; {k}] = [{', '.join(repr(float(v)) for v in se)}];")
    if profile is not None:
        limit = rss * (1 + t * t / dof)

        def excess(theta):
            return fit(model, p, q, y, sigma, hold=(profile, theta))[1] - limit

        lo = optimize.brentq(excess, p[profile] - 6 * se[profile], p[profile], xtol=1e-12 * abs(p[profile]), rtol=1e-14)
        hi = optimize.brentq(excess, p[profile], p[profile] + 6 * se[profile], xtol=1e-12 * abs(p[profile]), rtol=1e-14)
        print(f"const {name}_PROFILE: (f64, f64) = ({lo!r}, {hi!r});")
    return p, rss, dof


print("\n// A. The example")
report("SV", sv, [1000, 1e5], Q, I, profile=1)
report("LANGMUIR", langmuir, [1000, 0.7, 2.5e5], Q, I, profile=2)
report("POISSON", poisson, [1000, 5e4], Q, I, profile=1)
report("HILL", hill, [1000, 0.7, 2.5e5, 1.0], Q, I, profile=2)
report("STATIC_DYNAMIC", static_dynamic, [1000, 1e5, 2e4], Q, I)

print("\n// B. Lifetimes")
PATTERN = np.array([0.0, 1.0, -1.0, 0.5, -0.5, 0.8, -0.8, 0.3, -0.6])
TAU = np.round(25 / (1 + 4e4 * Q) * (1 + 0.01 * PATTERN), 2)
print(f"const TAU_NS: [f64; 9] = [{', '.join(repr(float(v)) for v in TAU)}];")
report("LIFETIME", sv, [25, 4e4], Q, TAU, profile=1)

print("\n// C. Static + dynamic, intensities and lifetimes together")
KD, KS = 4e4, 1.5e5
PATTERN_T = np.array([0.3, -0.6, 0.9, -0.2, 0.4, -0.9, 0.1, 0.7, -0.4])
I_SD = np.round(1000 / ((1 + KD * Q) * (1 + KS * Q)) * (1 + 0.01 * PATTERN), 1)
T_SD = np.round(20 / (1 + KD * Q) * (1 + 0.01 * PATTERN_T), 2)
print(f"const JOINT_I: [f64; 9] = [{', '.join(repr(float(v)) for v in I_SD)}];")
print(f"const JOINT_TAU: [f64; 9] = [{', '.join(repr(float(v)) for v in T_SD)}];")
rss_i = fit(static_dynamic, [1000, 1e5, 2e4], Q, I_SD)[1]
rss_t = fit(sv, [20, 4e4], Q, T_SD)[1]
s_i, s_t = float(np.sqrt(rss_i / (9 - 3))), float(np.sqrt(rss_t / (9 - 2)))
print(f"// scatter of the sets alone: intensities {s_i!r}, lifetimes {s_t!r}")
QQ = np.concatenate([Q, Q])
Y = np.concatenate([I_SD, T_SD])
SIGMA = np.concatenate([np.full(9, s_i), np.full(9, s_t)])
N = len(Q)


def joint(p, x):
    i0, t0, kd, ks = p
    d, s = 1 + kd * Q, 1 + ks * Q
    yi = i0 / (d * s)
    yt = t0 / d
    zero = np.zeros(N)
    ji = np.column_stack([1 / (d * s), zero, -Q * yi / d, -Q * yi / s])
    jt = np.column_stack([zero, 1 / d, -t0 * Q / d**2, zero])
    return np.concatenate([yi, yt]), np.vstack([ji, jt])


report("JOINT", joint, [1000, 20, 4e4, 1.5e5], QQ, Y, SIGMA, profile=3)


print("\n// D. A typed power model through x = 0")


def power(p, q):
    i0, k, n = p
    kx = k * q
    v = np.where(kx > 0, np.abs(kx) ** n, 0.0)
    logs = np.log(np.where(kx > 0, kx, 1.0))
    y = i0 / (1 + v)
    return y, np.column_stack([1 / (1 + v), np.where(kx > 0, -i0 * n * v / k / (1 + v) ** 2, 0.0), -i0 * v * logs / (1 + v) ** 2])


report("POWER", power, [1000, 1e5, 0.5], Q, I, profile=1)
