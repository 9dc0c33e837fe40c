"""Reference values for the GC calibration tests in src/science/gas/calibration.rs,
computed outside the project.

Run with NumPy and SciPy installed: python3 tests/gas_refs/make_calibration_refs.py. The
versions are printed first; the Rust literals printed after them were pasted into the test
module. Nothing here uses the project's code or its QR solver: the straight lines are solved
by the normal equations in closed form (weighted means and sums of squares, as in Miller &
Miller, Statistics and Chemometrics for Analytical Chemistry, 6th ed., 2010, sections 5.4
and 5.10), the covariance is inverted from X^T W X by numpy.linalg.inv, t from
scipy.stats.t.ppf. The inverse-prediction standard errors are Miller & Miller's closed forms
(section 5.6 unweighted, 5.10 weighted, with weights normalised to sum to n), which contain
no covariance term of their own, so they check the covariance form used in the Rust code
(var x0 = [s_y0^2/m + var a + x0^2 var b + 2 x0 cov(a,b)] / b^2) independently. A Monte
Carlo of each inverse prediction (200,000 simulated calibrations and samples) checks the
first-order standard error to 3 %; its figures are printed for information, not pasted.

Data (typed here, and the same literals in the Rust tests):
  A: H2 standards, 50 to 500 uL of 1 % H2 at 24.47 L/mol (amounts in umol), areas in counts;
     fitted unweighted with an intercept, and through the origin.
  C: a wide range (0.01 to 1 umol) with the standard deviation of replicate injections of
     each standard; fitted by 1/sigma^2 and by 1/area^2, with an intercept and through the
     origin.
"""
import sys

import numpy as np
import scipy
from scipy import stats

print(f"// Python {sys.version.split()[0]} NumPy {np.__version__} SciPy {scipy.__version__}")

A_AMOUNT = np.array([0.0204, 0.0409, 0.0817, 0.1226, 0.1635, 0.2043])
A_AREA = np.array([2480.0, 5105.0, 9870.0, 15020.0, 19730.0, 24950.0])

C_AMOUNT = np.array([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0])
C_AREA = np.array([1230.0, 2395.0, 6120.0, 12350.0, 24100.0, 61800.0, 121500.0])
C_SIGMA = np.array([25.0, 40.0, 90.0, 180.0, 420.0, 950.0, 2100.0])


def lit(v):
    return repr(float(v))


def arr(v):
    return "[" + ", ".join(lit(x) for x in v) + "]"


def line_fit(x, y, w, intercept):
    """Weighted least squares by the closed-form normal equations."""
    n = len(x)
    if intercept:
        xw = np.sum(w * x) / np.sum(w)
        yw = np.sum(w * y) / np.sum(w)
        sxx = np.sum(w * (x - xw) ** 2)
        b = np.sum(w * (x - xw) * (y - yw)) / sxx
        a = yw - b * xw
        p = 2
    else:
        b = np.sum(w * x * y) / np.sum(w * x * x)
        a = 0.0
        p = 1
    r = y - (a + b * x)
    dof = n - p
    s2 = np.sum(w * r * r) / dof
    if intercept:
        X = np.column_stack([np.ones(n), x])
        cov = s2 * np.linalg.inv(X.T @ (w[:, None] * X))
        ybar = np.sum(w * y) / np.sum(w)
        tss = np.sum(w * (y - ybar) ** 2)
    else:
        cov = np.array([[0.0, 0.0], [0.0, s2 / np.sum(w * x * x)]])
        tss = np.sum(w * y * y)
    r2 = 1.0 - np.sum(w * r * r) / tss
    t = stats.t.ppf(0.975, dof)
    return dict(a=a, b=b, cov=cov, s=np.sqrt(s2), r2=r2, t=t, dof=dof, n=n, w=w, x=x, y=y,
                intercept=intercept)


def mm_inverse_se(f, y0, m, sd0_over_s):
    """Miller & Miller's s_x0 (sections 5.6 and 5.10): weights normalised to sum to n; sd0_over_s is the
    standard deviation of one response at y0 in units of the fit's residual SD s (1 for an
    unweighted fit, sigma(x0) for 1/sigma^2 weights, y0 for 1/y^2 weights)."""
    n, b, x, y = f["n"], f["b"], f["x"], f["y"]
    wn = f["w"] * n / np.sum(f["w"])
    scale = np.sqrt(n / np.sum(f["w"]))  # s_(y/x)w = s * scale with normalised weights
    s_w = f["s"] * scale
    w0 = (n / np.sum(f["w"])) / sd0_over_s**2  # the normalised weight of y0
    if f["intercept"]:
        xw = np.sum(wn * x) / n
        yw = np.sum(wn * y) / n
        sxx = np.sum(wn * x * x) - n * xw * xw
        return s_w / b * np.sqrt(1.0 / (w0 * m) + 1.0 / n + (y0 - yw) ** 2 / (b * b * sxx))
    # Through the origin: var x0 = (s0^2/m + x0^2 var b) / b^2, var b = s_w^2 / sum(wn x^2).
    x0 = y0 / b
    return s_w / b * np.sqrt(1.0 / (w0 * m) + x0 * x0 / np.sum(wn * x * x))


def no_covariance_se(f, y0, m, sd0):
    """What the inverse-prediction SE would be if cov(a, b) were left out."""
    x0 = (y0 - f["a"]) / f["b"]
    c = f["cov"]
    return np.sqrt(sd0**2 / m + c[0, 0] + x0 * x0 * c[1, 1]) / f["b"]


def monte_carlo_sd(f, sd_of, x0, m, rng, runs=200_000):
    """SD of x0 over simulated calibrations (noise s * sd_of(amount) on each standard, the
    fitted line as the truth) and samples (the mean of m injections at the true x0)."""
    x, w = f["x"], f["w"]
    truth = f["a"] + f["b"] * x
    ys = truth + f["s"] * sd_of(x) * rng.standard_normal((runs, len(x)))
    y0 = f["a"] + f["b"] * x0 + f["s"] * sd_of(np.array([x0]))[0] / np.sqrt(m) * rng.standard_normal(runs)
    if f["intercept"]:
        xw = np.sum(w * x) / np.sum(w)
        yw = ys @ w / np.sum(w)
        b = ((ys - yw[:, None]) * (w * (x - xw))).sum(axis=1) / np.sum(w * (x - xw) ** 2)
        a = yw - b * xw
    else:
        b = ys @ (w * x) / np.sum(w * x * x)
        a = 0.0
    return np.std((y0 - a) / b)


def band(f, at):
    """The 95 % confidence band of the line, textbook form: s t sqrt(1/sum w + (x - xw)^2 / Sxx)."""
    x, w = f["x"], f["w"]
    yhat = f["a"] + f["b"] * at
    if f["intercept"]:
        xw = np.sum(w * x) / np.sum(w)
        h = f["t"] * f["s"] * np.sqrt(1.0 / np.sum(w) + (at - xw) ** 2 / np.sum(w * (x - xw) ** 2))
    else:
        h = f["t"] * f["s"] * abs(at) / np.sqrt(np.sum(w * x * x))
    return yhat - h, yhat + h


def show(name, f, lod_sd_over_s, samples, sd_of, rng):
    print(f"\n// {name}")
    print(f"const {name}_LINE: [f64; 2] = {arr([f['a'], f['b']])}; // intercept, slope")
    c = f["cov"]
    print(f"const {name}_COV: [f64; 3] = {arr([c[0, 0], c[0, 1], c[1, 1]])}; // var a, cov ab, var b")
    print(f"const {name}_FIT: [f64; 3] = {arr([f['r2'], f['s'], f['t']])}; // R2, residual SD, t(0.975, {f['dof']})")
    sd_lod = f["s"] * lod_sd_over_s
    lod = 3.3 * sd_lod / f["b"]
    loq = 10.0 * sd_lod / f["b"]
    print(f"const {name}_LOD_LOQ: [f64; 2] = {arr([lod, loq])};")
    rows = []
    for y0, m in samples:
        x0 = (y0 - f["a"]) / f["b"]
        sd0 = sd_of(np.array([x0]))[0] if not callable(getattr(sd_of, "at_area", None)) else sd_of.at_area(y0)
        se = mm_inverse_se(f, y0, m, sd0)
        half = f["t"] * se
        rows.append((y0, m, x0, se, x0 - half, x0 + half))
        mc = monte_carlo_sd(f, sd_of, x0, m, rng)
        assert abs(mc / se - 1.0) < 0.03, (name, y0, mc, se)
        noc = no_covariance_se(f, y0, m, f["s"] * sd0)
        print(f"// area {y0} x{m}: x0 {x0:.6g}, se {se:.6g}; Monte Carlo SD {mc:.6g} "
              f"({100 * (mc / se - 1):+.2f} %); without cov(a,b) the se would be {noc:.6g} "
              f"({100 * (noc / se - 1):+.1f} %)")
    print(f"const {name}_INVERSE: [[f64; 6]; {len(rows)}] = [ // area, replicates, x0, se, ci low, ci high")
    for r in rows:
        print(f"    {arr(r)},")
    print("];")
    bands = [(at, *band(f, at)) for at in (0.0, float(np.median(f["x"])), float(f["x"].max()) * 1.5)]
    print(f"const {name}_BAND: [[f64; 3]; 3] = [ // amount, low, high")
    for b in bands:
        print(f"    {arr(b)},")
    print("];")


rng = np.random.default_rng(20240509)
ones = lambda x: np.ones_like(x)

fa = line_fit(A_AMOUNT, A_AREA, np.ones(6), True)
# Within the range, above the LOQ; mid-range with 3 replicates; above the highest standard;
# between the LOD and the LOQ; below the LOD; below the intercept (a negative amount).
A_SAMPLES = [(3000.0, 1), (12000.0, 3), (30000.0, 1), (500.0, 1), (150.0, 2), (20.0, 2)]
show("A", fa, 1.0, A_SAMPLES, ones, rng)
fa0 = line_fit(A_AMOUNT, A_AREA, np.ones(6), False)
show("A0", fa0, 1.0, A_SAMPLES[:3], ones, rng)


def sigma_of(x):
    # The sigma of a response at amount x: linear interpolation between the standards,
    # held at the end values outside them (numpy.interp clamps).
    return np.interp(x, C_AMOUNT, C_SIGMA)


class RelativeSd:
    """1/area^2 weights: the SD of one response at amount x is s * (the response); the Monte
    Carlo uses the fitted line, the inverse prediction the sample's own area."""

    def __init__(self, f):
        self.f = f

    def __call__(self, x):
        return self.f["a"] + self.f["b"] * x

    def at_area(self, y0):
        return y0


C_SAMPLES = [(900.0, 1), (30000.0, 2), (90000.0, 1), (150000.0, 3)]
fc = line_fit(C_AMOUNT, C_AREA, 1.0 / C_SIGMA**2, True)
show("CS", fc, C_SIGMA[0], C_SAMPLES, sigma_of, rng)
fc0 = line_fit(C_AMOUNT, C_AREA, 1.0 / C_SIGMA**2, False)
show("CS0", fc0, C_SIGMA[0], C_SAMPLES, sigma_of, rng)
fr = line_fit(C_AMOUNT, C_AREA, 1.0 / C_AREA**2, True)
show("CR", fr, C_AREA[0], C_SAMPLES, RelativeSd(fr), rng)
fr0 = line_fit(C_AMOUNT, C_AREA, 1.0 / C_AREA**2, False)
show("CR0", fr0, C_AREA[0], C_SAMPLES, RelativeSd(fr0), rng)
