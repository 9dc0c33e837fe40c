//! Dense least-squares linear algebra: Householder QR with column pivoting, the
//! Levenberg–Marquardt parameter and the covariance from the R factor.
//!
//! A transcription of MINPACK's `qrfac`, `qrsolv` and `lmpar` (J. J. Moré, B. S. Garbow,
//! K. E. Hillstrom, "User Guide for MINPACK-1", Argonne ANL-80-74, 1980; J. J. Moré,
//! "The Levenberg–Marquardt algorithm: implementation and theory", Lecture Notes in
//! Mathematics 630, 1978, 105–116), with 0-based indices. Matrices are column-major:
//! element (i, j) of an m-row matrix is `a[j * m + i]`, so that the Householder
//! reflections, which work on columns, run over contiguous memory.
//!
//! Nothing here allocates except [`covariance_from_r`]: the Levenberg–Marquardt loop keeps
//! its work arrays across iterations.

// A transcription of MINPACK keeps its index loops: they mirror the published algorithm.
#![allow(clippy::needless_range_loop)]

/// Euclidean norm of `v`, without destructive underflow or overflow.
///
/// The plain sum of squares is used when it is safely inside the floating-point range
/// (the common case, and fast); otherwise the norm is accumulated with scaling as in
/// LAPACK's `dnrm2`. A non-finite entry gives a non-finite norm, which callers test for.
pub(crate) fn enorm(v: &[f64]) -> f64 {
    let sum = dot(v, v);
    if sum.is_finite() && sum > 1e-280 {
        return sum.sqrt();
    }
    if sum.is_nan() {
        return f64::NAN;
    }
    let mut scale = 0.0_f64;
    let mut ssq = 1.0_f64;
    for &x in v {
        if x.is_infinite() {
            return f64::INFINITY;
        }
        if x != 0.0 {
            let a = x.abs();
            if scale < a {
                ssq = 1.0 + ssq * (scale / a) * (scale / a);
                scale = a;
            } else {
                ssq += (a / scale) * (a / scale);
            }
        }
    }
    scale * ssq.sqrt()
}

/// Σ aᵢbᵢ with four independent partial sums: the additions need not wait for each other,
/// which makes long dot products several times faster than a single running sum.
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let len = a.len().min(b.len());
    let (a, b) = (&a[..len], &b[..len]);
    let mut acc = [0.0; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for l in 0..4 {
            acc[l] += x[l] * y[l];
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Work arrays of a pivoted QR factorization of an m × n matrix (m ≥ n).
pub(crate) struct QrWork {
    /// Pivot order: column `j` of R belongs to original column `ipvt[j]`.
    pub ipvt: Vec<usize>,
    /// Diagonal of R.
    pub rdiag: Vec<f64>,
    /// Norms of the original columns.
    pub acnorm: Vec<f64>,
    wa: Vec<f64>,
}

impl QrWork {
    pub fn new(n: usize) -> Self {
        QrWork {
            ipvt: (0..n).collect(),
            rdiag: vec![0.0; n],
            acnorm: vec![0.0; n],
            wa: vec![0.0; n],
        }
    }
}

/// Householder QR with column pivoting of the m × n column-major matrix `a` (MINPACK `qrfac`).
///
/// On return the strict upper triangle of `a` holds the strict upper triangle of R, the
/// diagonal of R is in `work.rdiag`, and the lower trapezoid (with the diagonal) holds the
/// Householder vectors: Q = H₀ H₁ … with Hⱼ = I − uⱼ uⱼᵀ / uⱼ[j]. Pivoting brings the column
/// of largest remaining norm forward at each step, so |R₀₀| ≥ |R₁₁| ≥ … and a rank
/// deficiency shows as trailing small diagonal entries.
pub(crate) fn qr_factor(m: usize, n: usize, a: &mut [f64], work: &mut QrWork) {
    let epsmch = f64::EPSILON;
    for j in 0..n {
        let norm = enorm(&a[j * m..(j + 1) * m]);
        work.acnorm[j] = norm;
        work.rdiag[j] = norm;
        work.wa[j] = norm;
        work.ipvt[j] = j;
    }
    for j in 0..m.min(n) {
        // Bring the column of largest remaining norm into the pivot position.
        let mut kmax = j;
        for k in j..n {
            if work.rdiag[k] > work.rdiag[kmax] {
                kmax = k;
            }
        }
        if kmax != j {
            for i in 0..m {
                a.swap(j * m + i, kmax * m + i);
            }
            work.rdiag[kmax] = work.rdiag[j];
            work.wa[kmax] = work.wa[j];
            work.ipvt.swap(j, kmax);
        }
        // The Householder reflection that zeroes column j below the diagonal.
        let (head, tail) = a.split_at_mut((j + 1) * m);
        let col_j = &mut head[j * m..];
        let mut ajnorm = enorm(&col_j[j..]);
        if ajnorm != 0.0 {
            if col_j[j] < 0.0 {
                ajnorm = -ajnorm;
            }
            for v in &mut col_j[j..] {
                *v /= ajnorm;
            }
            col_j[j] += 1.0;
            // Apply it to the remaining columns and update their norms.
            for k in (j + 1)..n {
                let col_k = &mut tail[(k - j - 1) * m..(k - j) * m];
                let sum = dot(&col_j[j..], &col_k[j..]);
                let temp = sum / col_j[j];
                for (v, u) in col_k[j..].iter_mut().zip(&col_j[j..]) {
                    *v -= temp * u;
                }
                if work.rdiag[k] != 0.0 {
                    let t = col_k[j] / work.rdiag[k];
                    work.rdiag[k] *= (1.0 - t * t).max(0.0).sqrt();
                    let ratio = work.rdiag[k] / work.wa[k];
                    if 0.05 * ratio * ratio <= epsmch {
                        // Too much cancellation: recompute the norm.
                        work.rdiag[k] = enorm(&col_k[j + 1..]);
                        work.wa[k] = work.rdiag[k];
                    }
                }
            }
        }
        work.rdiag[j] = -ajnorm;
    }
}

/// Overwrites `v` (length m) with Qᵀv, using the Householder vectors left by [`qr_factor`].
/// Must be called before the diagonal of `a` is overwritten with R's diagonal.
pub(crate) fn apply_qt(m: usize, n: usize, a: &[f64], v: &mut [f64]) {
    for j in 0..m.min(n) {
        let col = &a[j * m..(j + 1) * m];
        if col[j] != 0.0 {
            let sum = dot(&col[j..], &v[j..]);
            let temp = -sum / col[j];
            for (x, u) in v[j..].iter_mut().zip(&col[j..]) {
                *x += temp * u;
            }
        }
    }
}

/// Work arrays for [`lm_parameter`].
pub(crate) struct LmParWork {
    sdiag: Vec<f64>,
    wa1: Vec<f64>,
    wa2: Vec<f64>,
}

impl LmParWork {
    pub fn new(n: usize) -> Self {
        LmParWork {
            sdiag: vec![0.0; n],
            wa1: vec![0.0; n],
            wa2: vec![0.0; n],
        }
    }
}

/// Solves (R; √λ·D·P) z ≈ (Qᵀb; 0) in the least-squares sense by Givens rotations
/// (MINPACK `qrsolv`). `r` is n × n column-major (leading dimension `ldr`) with R in its upper
/// triangle; the strict lower triangle receives the transposed triangular factor S of the
/// augmented system (whose diagonal goes to `sdiag`), the upper triangle is kept.
#[allow(clippy::too_many_arguments)]
fn qr_solve(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    x: &mut [f64],
    sdiag: &mut [f64],
    wa: &mut [f64],
) {
    // Copy R and Qᵀb to preserve the input and initialize S.
    for j in 0..n {
        for i in j..n {
            r[j * ldr + i] = r[i * ldr + j];
        }
        x[j] = r[j * ldr + j];
        wa[j] = qtb[j];
    }
    // Eliminate the diagonal matrix D by Givens rotations.
    for j in 0..n {
        let l = ipvt[j];
        if diag[l] != 0.0 {
            for s in sdiag[j..n].iter_mut() {
                *s = 0.0;
            }
            sdiag[j] = diag[l];
            let mut qtbpj = 0.0;
            for k in j..n {
                if sdiag[k] == 0.0 {
                    continue;
                }
                let rkk = r[k * ldr + k];
                let (sin, cos) = if rkk.abs() < sdiag[k].abs() {
                    let cotan = rkk / sdiag[k];
                    let sin = 0.5 / (0.25 + 0.25 * cotan * cotan).sqrt();
                    (sin, sin * cotan)
                } else {
                    let tan = sdiag[k] / rkk;
                    let cos = 0.5 / (0.25 + 0.25 * tan * tan).sqrt();
                    (cos * tan, cos)
                };
                r[k * ldr + k] = cos * rkk + sin * sdiag[k];
                let temp = cos * wa[k] + sin * qtbpj;
                qtbpj = -sin * wa[k] + cos * qtbpj;
                wa[k] = temp;
                for i in (k + 1)..n {
                    let rik = r[k * ldr + i];
                    let temp = cos * rik + sin * sdiag[i];
                    sdiag[i] = -sin * rik + cos * sdiag[i];
                    r[k * ldr + i] = temp;
                }
            }
        }
        sdiag[j] = r[j * ldr + j];
        r[j * ldr + j] = x[j];
    }
    // Solve the triangular system; a singular one gets a least-squares solution.
    let mut nsing = n;
    for j in 0..n {
        if sdiag[j] == 0.0 && nsing == n {
            nsing = j;
        }
        if nsing < n {
            wa[j] = 0.0;
        }
    }
    for j in (0..nsing).rev() {
        let mut sum = 0.0;
        for i in (j + 1)..nsing {
            sum += r[j * ldr + i] * wa[i];
        }
        wa[j] = (wa[j] - sum) / sdiag[j];
    }
    for j in 0..n {
        x[ipvt[j]] = wa[j];
    }
}

/// Finds the Levenberg–Marquardt parameter λ (MINPACK `lmpar`) such that the step
/// x = −(JᵀJ + λDᵀD)⁻¹Jᵀf satisfies ‖Dx‖ ≈ Δ within 10 %, or λ = 0 if the Gauss–Newton
/// step already lies inside the trust region. Returns the new λ; the step is left in `x`.
///
/// `r`: n × n column-major, leading dimension `ldr`, with R in the upper triangle (its strict
/// lower triangle is overwritten); `qtb`: the first n entries of Qᵀf.
#[allow(clippy::too_many_arguments)]
pub(crate) fn lm_parameter(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    delta: f64,
    par_in: f64,
    x: &mut [f64],
    work: &mut LmParWork,
) -> f64 {
    const P1: f64 = 0.1;
    const P001: f64 = 0.001;
    let dwarf = f64::MIN_POSITIVE;
    let LmParWork { sdiag, wa1, wa2 } = work;

    // The Gauss–Newton direction (a least-squares solution if R is singular).
    let mut nsing = n;
    for j in 0..n {
        wa1[j] = qtb[j];
        if r[j * ldr + j] == 0.0 && nsing == n {
            nsing = j;
        }
        if nsing < n {
            wa1[j] = 0.0;
        }
    }
    for j in (0..nsing).rev() {
        wa1[j] /= r[j * ldr + j];
        let temp = wa1[j];
        for i in 0..j {
            wa1[i] -= r[j * ldr + i] * temp;
        }
    }
    for j in 0..n {
        x[ipvt[j]] = wa1[j];
    }

    for j in 0..n {
        wa2[j] = diag[j] * x[j];
    }
    let mut dxnorm = enorm(&wa2[..n]);
    let mut fp = dxnorm - delta;
    if fp <= P1 * delta {
        return 0.0;
    }

    // Lower bound parl for the zero of the secular function (zero if R is singular).
    let mut parl = 0.0;
    if nsing >= n {
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            let mut sum = 0.0;
            for i in 0..j {
                sum += r[j * ldr + i] * wa1[i];
            }
            wa1[j] = (wa1[j] - sum) / r[j * ldr + j];
        }
        let temp = enorm(&wa1[..n]);
        parl = ((fp / delta) / temp) / temp;
    }

    // Upper bound paru.
    for j in 0..n {
        let mut sum = 0.0;
        for i in 0..=j {
            sum += r[j * ldr + i] * qtb[i];
        }
        wa1[j] = sum / diag[ipvt[j]];
    }
    let gnorm = enorm(&wa1[..n]);
    let mut paru = gnorm / delta;
    if paru == 0.0 {
        paru = dwarf / delta.min(P1);
    }

    let mut par = par_in.max(parl).min(paru);
    if par == 0.0 {
        par = gnorm / dxnorm;
    }

    let mut iter = 0;
    loop {
        iter += 1;
        if par == 0.0 {
            par = dwarf.max(P001 * paru);
        }
        let sqrt_par = par.sqrt();
        for j in 0..n {
            wa1[j] = sqrt_par * diag[j];
        }
        qr_solve(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
        for j in 0..n {
            wa2[j] = diag[j] * x[j];
        }
        dxnorm = enorm(&wa2[..n]);
        let temp = fp;
        fp = dxnorm - delta;
        // Accept λ when ‖Dx‖ is within 10 % of Δ, or when λ = 0 would do (parl = 0 and the
        // function is increasing), or after ten iterations.
        if fp.abs() <= P1 * delta || (parl == 0.0 && fp <= temp && temp < 0.0) || iter == 10 {
            break;
        }
        if !fp.is_finite() || !dxnorm.is_finite() || dxnorm == 0.0 {
            break;
        }
        // Newton correction.
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            wa1[j] /= sdiag[j];
            let temp = wa1[j];
            for i in (j + 1)..n {
                wa1[i] -= r[j * ldr + i] * temp;
            }
        }
        let temp = enorm(&wa1[..n]);
        let parc = ((fp / delta) / temp) / temp;
        if fp > 0.0 {
            parl = parl.max(par);
        }
        if fp < 0.0 {
            paru = paru.min(par);
        }
        par = parl.max(par + parc);
        if !par.is_finite() {
            break;
        }
    }
    par
}

/// The result of [`covariance_from_r`].
pub(crate) enum Covariance {
    /// (RᵀR)⁻¹ in the original column order, n × n row-major.
    Full(Vec<f64>),
    /// R is numerically singular: these original columns are not determined by the others.
    Singular(Vec<usize>),
}

/// (RᵀR)⁻¹ = PR⁻¹R⁻ᵀPᵀ from a pivoted QR, after [`qr_factor`] of a column-equilibrated
/// matrix. `a` is the factored m × n matrix (R in its strict upper triangle), `work` holds
/// the diagonal and the pivots. Diagonal entries with |Rₖₖ| ≤ `rank_tolerance`·|R₀₀| mark the
/// rank: the columns from there on are dependent on the earlier ones; the returned list names
/// every column that takes part in such a dependence (its null-space vector's support).
pub(crate) fn covariance_from_r(
    m: usize,
    n: usize,
    a: &[f64],
    work: &QrWork,
    rank_tolerance: f64,
) -> Covariance {
    let rij = |i: usize, j: usize| if i == j { work.rdiag[j] } else { a[j * m + i] };
    let threshold = rank_tolerance * work.rdiag.first().map_or(0.0, |d| d.abs());
    let rank = (0..n)
        .take_while(|&k| work.rdiag[k].abs() > threshold && work.rdiag[k].is_finite())
        .count();
    if rank < n {
        // For each dependent column k, the null vector v with R₁₁ v₁ = −R₁ₖ, vₖ = 1 shows
        // which parameters move together without changing the fit.
        let mut involved = vec![false; n];
        for k in rank..n {
            involved[work.ipvt[k]] = true;
            let mut v = vec![0.0; rank];
            for i in (0..rank).rev() {
                let mut sum = -rij(i, k);
                for (l, vl) in v.iter().enumerate().skip(i + 1) {
                    sum -= rij(i, l) * vl;
                }
                v[i] = sum / rij(i, i);
            }
            let biggest = v.iter().fold(1.0_f64, |acc, x| acc.max(x.abs()));
            for (i, vi) in v.iter().enumerate() {
                if vi.abs() > 1e-6 * biggest || !vi.is_finite() {
                    involved[work.ipvt[i]] = true;
                }
            }
        }
        return Covariance::Singular((0..n).filter(|&j| involved[j]).collect());
    }
    // R⁻¹ (upper triangular), column by column by back substitution.
    let mut rinv = vec![0.0; n * n]; // row-major: rinv[i * n + j]
    for j in 0..n {
        rinv[j * n + j] = 1.0 / rij(j, j);
        for i in (0..j).rev() {
            let mut sum = 0.0;
            for l in (i + 1)..=j {
                sum += rij(i, l) * rinv[l * n + j];
            }
            rinv[i * n + j] = -sum / rij(i, i);
        }
    }
    // C = R⁻¹R⁻ᵀ in pivoted order, then undo the permutation.
    let mut cov = vec![0.0; n * n];
    for i in 0..n {
        for j in i..n {
            let mut sum = 0.0;
            for l in j..n {
                sum += rinv[i * n + l] * rinv[j * n + l];
            }
            let (pi, pj) = (work.ipvt[i], work.ipvt[j]);
            cov[pi * n + pj] = sum;
            cov[pj * n + pi] = sum;
        }
    }
    Covariance::Full(cov)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_survives_extreme_magnitudes() {
        assert_eq!(enorm(&[3.0, 4.0]), 5.0);
        assert!((enorm(&[3e200, 4e200]) / 5e200 - 1.0).abs() < 1e-15);
        assert!((enorm(&[3e-200, 4e-200]) / 5e-200 - 1.0).abs() < 1e-15);
        assert_eq!(enorm(&[]), 0.0);
        assert!(enorm(&[1.0, f64::NAN]).is_nan());
        assert_eq!(enorm(&[1.0, f64::INFINITY]), f64::INFINITY);
    }

    #[test]
    fn qr_reproduces_the_matrix_and_solves_least_squares() {
        // A 4 × 3 matrix, column-major.
        let m = 4;
        let n = 3;
        let a0 = [1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 1.0, 4.0, 9.0, 16.5];
        let mut a = a0;
        let mut work = QrWork::new(n);
        qr_factor(m, n, &mut a, &mut work);
        // |R| diagonal non-increasing thanks to pivoting.
        assert!(work.rdiag[0].abs() >= work.rdiag[1].abs());
        assert!(work.rdiag[1].abs() >= work.rdiag[2].abs());
        // Covariance (AᵀA)⁻¹ against the normal equations solved by hand for this small case.
        let Covariance::Full(cov) = covariance_from_r(m, n, &a, &work, 1e-12) else {
            panic!("singular")
        };
        // Check (AᵀA)·C = I.
        let ata = |i: usize, j: usize| (0..m).map(|r| a0[i * m + r] * a0[j * m + r]).sum::<f64>();
        for i in 0..n {
            for j in 0..n {
                let v: f64 = (0..n).map(|l| ata(i, l) * cov[l * n + j]).sum();
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((v - expected).abs() < 1e-10, "({i},{j}) = {v}");
            }
        }
    }

    #[test]
    fn singular_matrix_names_the_dependent_columns() {
        // Columns 0 and 2 are proportional; column 1 is independent.
        let m = 3;
        let n = 3;
        let mut a = [1.0, 2.0, 3.0, 1.0, 0.0, 1.0, 2.0, 4.0, 6.0];
        let mut work = QrWork::new(n);
        qr_factor(m, n, &mut a, &mut work);
        match covariance_from_r(m, n, &a, &work, 1e-12) {
            Covariance::Singular(cols) => assert_eq!(cols, vec![0, 2]),
            Covariance::Full(_) => panic!("should be singular"),
        }
    }
}
