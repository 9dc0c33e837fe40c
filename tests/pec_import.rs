//! Integration tests for `science::pec::import::read`, the potentiostat-file reader.
//!
//! The files in `tests/pec_files/` are the project's own: `make_files.py` there writes them
//! from analytic curves (the formulas are repeated below and must stay in step with it), in
//! the layouts of the real exports described in `../shared/data/instruments/SOURCES.md`, with
//! their traps (latin-1 and decimal commas, CRLF, cycles and loops, an OCVCURVE table, a
//! reversing CV, UTF-16 with a trailing BOM, µA behind a unit symbol "A", units in headers).
//! Each value is compared with the formula within the digits the file writes, so a reader that
//! drops a digit, a factor of 1000 or a sign fails.
//!
//! The last test reads every real current–potential export in `../shared/data/instruments/`
//! through the same entry point (CI has that folder beside the project); the reader modules'
//! own tests already check most of their values, so it checks what they do not: that `read`
//! sends each file to its reader, the point count of every curve, and the last rows of the
//! PalmSens and HZB files.

use photocalc::science::pec::import::{read, read_with, Columns, ImportError, Kind, Recording};
use std::path::PathBuf;

// ---------------------------------------------------------------------------------------
// The analytic curves of make_files.py
// ---------------------------------------------------------------------------------------

/// Photoanode current (mA of a 1 cm² electrode): IPH·f − I0·(exp((EON − E)/(N·VT)) − 1).
fn photoanode_ma(e: f64, factor: f64) -> f64 {
    let (iph, i0, eon, n, vt) = (2.0, 0.01, 0.4, 2.0, 0.0257);
    iph * factor - i0 * (((eon - e) / (n * vt)).exp() - 1.0)
}

/// Solar-cell current density (mA/cm², tester's sign): J0·(exp(V/(NS·VT)) − 1) − JSC.
fn solar_ma_cm2(v: f64, jsc: f64) -> f64 {
    1e-9 * ((v / (1.5 * 0.0257)).exp() - 1.0) - jsc
}

/// Chopped-light chronoamperometry (mA): dark 0.05 mA, light on at 5 s and off at 20 s,
/// rising and falling by 1.2 mA with a 2 s time constant.
fn chopped_ma(t: f64) -> f64 {
    let (id, di, tau) = (0.05, 1.2, 2.0);
    if t < 5.0 {
        id
    } else if t < 20.0 {
        id + di * (1.0 - (-(t - 5.0) / tau).exp())
    } else {
        id + di * (1.0 - (-15.0_f64 / tau).exp()) * (-(t - 20.0) / tau).exp()
    }
}

/// start, start + step, … stop (as make_files.py's `grid`).
fn grid(start: f64, stop: f64, step: f64) -> Vec<f64> {
    let n = ((stop - start) / step).round() as usize;
    (0..=n).map(|k| start + k as f64 * step).collect()
}

/// Up from `lo` to `hi` and back, the vertex once.
fn up_and_down(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let up = grid(lo, hi, step);
    let mut all = up.clone();
    all.extend(up.iter().rev().skip(1));
    all
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn generated_bytes(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pec_files").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run python3 tests/pec_files/make_files.py)", path.display()))
}

fn generated(name: &str) -> Recording {
    match read(&generated_bytes(name)) {
        Some(Ok(recording)) => recording,
        Some(Err(e)) => panic!("{name}: {e}"),
        None => panic!("{name}: not recognised as any format"),
    }
}

/// `actual` within `tolerance` of `expected`, with a message naming the point.
#[track_caller]
fn near(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!((actual - expected).abs() <= tolerance, "{what}: {actual:e} is not {expected:e} ± {tolerance:e}");
}

fn counts(r: &Recording) -> Vec<usize> {
    r.curves.iter().map(|c| c.potential_v.len()).collect()
}

fn labels(r: &Recording) -> Vec<&str> {
    r.curves.iter().map(|c| c.label.as_str()).collect()
}

fn warned(r: &Recording, part: &str) -> bool {
    r.warnings.iter().any(|w| w.contains(part))
}

// ---------------------------------------------------------------------------------------
// Generated files
// ---------------------------------------------------------------------------------------

#[test]
fn biologic_cv_latin1_decimal_comma_crlf_two_cycles() {
    let bytes = generated_bytes("biologic_cv_2cycles_latin1_comma.mpt");
    // The traps are in the file: latin-1 (cm² as the byte 0xB2, so not UTF-8), CRLF.
    assert!(std::str::from_utf8(&bytes).is_err() && bytes.contains(&0xB2));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let r = generated("biologic_cv_2cycles_latin1_comma.mpt");
    assert_eq!(r.format, "BioLogic EC-Lab text (.mpt)");
    assert_eq!(r.kind, Kind::Voltammetry);
    assert_eq!(r.reference.as_deref(), Some("Ag/AgCl"));
    // One loop in the header, so the `cycle number` column splits the table.
    assert_eq!(labels(&r), ["cycle 1", "cycle 2"]);
    assert_eq!(counts(&r), [13, 13]);
    let sweep = up_and_down(0.1, 1.3, 0.2);
    for (c, (curve, factor)) in r.curves.iter().zip([1.0, 0.9]).enumerate() {
        let time = curve.time_s.as_ref().unwrap();
        for (k, &e) in sweep.iter().enumerate() {
            let what = format!("cycle {} point {k}", c + 1);
            // Ewe/V with 8 significant digits; <I>/mA and time/s with 16 (so 2e-15 relative,
            // with the mA → A product).
            near(curve.potential_v[k], e, 5e-8, &what);
            let i = photoanode_ma(e, factor) * 1e-3;
            near(curve.current_a[k], i, 2e-15 * i.abs(), &what);
            near(time[k], 3.0 + 4.0 * (13 * c + k) as f64, 1e-13, &what);
        }
    }
    // Anodic positive in A: cathodic at 0.1 V, the plateau IPH + I0 (2.01 mA; 1.81 mA in
    // cycle 2) at the 1.3 V vertex.
    assert!(r.curves[0].current_a[0] < 0.0);
    near(r.curves[0].current_a[6], 2.01e-3, 1e-9, "plateau at the vertex");
    near(r.curves[1].current_a[6], 1.81e-3, 1e-9, "cycle 2 plateau");
    assert!(warned(&r, "decimal commas") && warned(&r, "<I>/mA"), "{:?}", r.warnings);
}

#[test]
fn biologic_ca_utf8_microamperes_two_loops() {
    let r = generated("biologic_ca_2loops_utf8.mpt");
    assert_eq!(r.format, "BioLogic EC-Lab text (.mpt)");
    assert_eq!(r.kind, Kind::Chronoamperometry);
    assert_eq!(r.reference, None);
    assert!(warned(&r, "does not name its reference"));
    assert_eq!(labels(&r), ["loop 0", "loop 1"]);
    assert_eq!(counts(&r), [15, 15]);
    for (l, curve) in r.curves.iter().enumerate() {
        let time = curve.time_s.as_ref().unwrap();
        for (k, &read_t) in time.iter().enumerate() {
            let t = (15 * l + k) as f64;
            let what = format!("loop {l} t {t}");
            near(read_t, t, 1e-13, &what);
            near(curve.potential_v[k], 1.23, 1e-15, &what);
            // <I>/µA with 16 digits: µA → A is × 1e-6; the formula is in mA.
            let i = chopped_ma(t) * 1e-3;
            near(curve.current_a[k], i, 2e-15 * i, &what);
        }
    }
    assert!(warned(&r, "<I>/µA") && !warned(&r, "decimal commas"), "{:?}", r.warnings);
}

#[test]
fn gamry_two_curves_without_counts_ocv_left_out_decimal_comma() {
    let r = generated("gamry_cv_2curves_comma.DTA");
    assert_eq!(r.format, "Gamry DTA");
    assert_eq!(r.kind, Kind::Voltammetry);
    assert_eq!(r.reference, None); // Gamry names no reference; none is invented
    assert_eq!(labels(&r), ["CURVE1", "CURVE2"]);
    assert_eq!(counts(&r), [13, 13]);
    let up = grid(0.1, 1.3, 0.1);
    let down: Vec<f64> = up.iter().rev().copied().collect();
    for (c, (curve, sweep)) in r.curves.iter().zip([&up, &down]).enumerate() {
        let time = curve.time_s.as_ref().unwrap();
        for (k, &e) in sweep.iter().enumerate() {
            let what = format!("CURVE{} point {k}", c + 1);
            // %.5E: six significant digits, half a unit is 5e-6 of the value at most.
            near(curve.potential_v[k], e, 5e-6 * e, &what);
            let i = photoanode_ma(e, 1.0) * 1e-3;
            near(curve.current_a[k], i, 5e-6 * i.abs(), &what);
            near(time[k], 2.0 * (13 * c + k + 1) as f64, 0.0, &what);
        }
    }
    // CONVENTION 1: anodic positive, nothing flipped.
    assert!(r.curves[0].current_a[0] < 0.0 && r.curves[0].current_a[12] > 0.0);
    assert!(!warned(&r, "multiplied by −1"));
    assert!(warned(&r, "OCVCURVE") && warned(&r, "(4 points)"), "{:?}", r.warnings);
    assert!(warned(&r, "decimal commas"), "{:?}", r.warnings);
}

#[test]
fn chi_cv_split_where_it_reverses() {
    let r = generated("chi_cv_reversing.txt");
    assert_eq!(r.format, "CH Instruments text export");
    assert_eq!(r.kind, Kind::Voltammetry);
    assert_eq!(r.reference, None);
    assert_eq!(labels(&r), ["segment 1", "segment 2"]);
    // 25 points up to the vertex (which ends segment 1), 24 back.
    assert_eq!(counts(&r), [25, 24]);
    let sweep = up_and_down(0.1, 1.3, 0.05);
    let read: Vec<(f64, f64)> = r.curves.iter().flat_map(|c| c.potential_v.iter().copied().zip(c.current_a.iter().copied())).collect();
    for (k, (&e, &(potential, current))) in sweep.iter().zip(&read).enumerate() {
        let what = format!("row {k}");
        // %.3f and %.3e (four significant digits).
        near(potential, e, 5e-4, &what);
        let i = photoanode_ma(e, 1.0) * 1e-3;
        near(current, i, 5e-4 * i.abs(), &what);
    }
    near(r.curves[0].potential_v[24], 1.3, 0.0, "vertex");
    near(r.curves[1].potential_v[0], 1.25, 0.0, "after the vertex");
    assert!(warned(&r, "sign convention") && warned(&r, "2 segments"), "{:?}", r.warnings);
}

#[test]
fn palmsens_utf16_trailing_bom_microampere() {
    let bytes = generated_bytes("palmsens_lsv_microampere.pssession");
    assert!(bytes.starts_with(&[0xFF, 0xFE]) && bytes.ends_with(&[0xFF, 0xFE]));
    let r = generated("palmsens_lsv_microampere.pssession");
    assert_eq!(r.format, "PalmSens session (.pssession)");
    assert_eq!(r.kind, Kind::Voltammetry);
    assert_eq!(r.reference, None);
    assert_eq!(counts(&r), [21]);
    let c = &r.curves[0];
    let time = c.time_s.as_ref().unwrap();
    for (k, &e) in grid(0.1, 1.3, 0.06).iter().enumerate() {
        let what = format!("point {k}");
        near(c.potential_v[k], e, 1e-12, &what);
        // Written in µA with 6 decimals: ± 5e-7 µA = 5e-13 A (and the µA → A product).
        near(c.current_a[k], photoanode_ma(e, 1.0) * 1e-3, 6e-13, &what);
        near(time[k], 6.0 * k as f64, 0.0, &what);
    }
    assert!(c.current_a[0] < 0.0 && c.current_a[20] > 1.9e-3);
    assert!(warned(&r, "MicroAmpere"), "{:?}", r.warnings);
}

#[test]
fn hzb_two_pixels_with_their_own_areas() {
    let r = generated("hzb_jv_2pixels.txt");
    assert_eq!(r.format, "HZB solar-simulator J–V text");
    assert_eq!(r.kind, Kind::Voltammetry);
    assert_eq!(r.reference, None);
    assert_eq!(labels(&r), ["a Forward Light", "a Reverse Light", "b Forward Light", "b Reverse Light"]);
    assert_eq!(counts(&r), [21; 4]);
    let forward = grid(-0.2, 1.0, 0.06);
    let reverse: Vec<f64> = forward.iter().rev().copied().collect();
    for (curve, (area, jsc, sweep)) in r.curves.iter().zip([(0.16, 20.0, &forward), (0.16, 20.0, &reverse), (0.25, 18.0, &forward), (0.25, 18.0, &reverse)]) {
        for (k, &v) in sweep.iter().enumerate() {
            let what = format!("{} point {k}", curve.label);
            near(curve.potential_v[k], v, 1e-12, &what);
            // mA/cm² with 6 decimals, times the pixel's area, mA → A.
            near(curve.current_a[k], solar_ma_cm2(v, jsc) * 1e-3 * area, 5.1e-7 * 1e-3 * area, &what);
        }
    }
    // The tester's sign is kept: at 0 V (point 4 forward) the current is −Jsc × area.
    near(r.curves[0].current_a[4], -20.0e-3 * 0.16, 1e-9, "pixel a at 0 V");
    near(r.curves[2].current_a[4], -18.0e-3 * 0.25, 1e-9, "pixel b at 0 V");
}

#[test]
fn csv_in_millivolts_and_milliamperes_per_cm2() {
    let r = generated("generic_lsv_mV_mAcm2.csv");
    assert_eq!(r.format, "CSV/TSV table");
    assert_eq!(r.kind, Kind::Voltammetry);
    assert_eq!(r.reference, None);
    assert_eq!(counts(&r), [25]);
    let c = &r.curves[0];
    assert_eq!(c.time_s, None);
    for (k, &e) in grid(0.1, 1.3, 0.05).iter().enumerate() {
        let what = format!("row {k}");
        near(c.potential_v[k], e, 1e-12, &what);
        // j in mA/cm² with 6 significant digits, read as the current of 1 cm² in A.
        let i = photoanode_ma(e, 1.0) * 1e-3;
        near(c.current_a[k], i, 5e-6 * i.abs(), &what);
    }
    assert!(warned(&r, "mV: converted to V") && warned(&r, "current density"), "{:?}", r.warnings);
}

#[test]
fn tsv_in_volts_and_microamperes() {
    let r = generated("generic_lsv_V_uA.tsv");
    assert_eq!(r.format, "CSV/TSV table");
    assert_eq!(r.kind, Kind::Voltammetry);
    assert_eq!(counts(&r), [25]);
    let c = &r.curves[0];
    for (k, &e) in grid(0.1, 1.3, 0.05).iter().enumerate() {
        let what = format!("row {k}");
        near(c.potential_v[k], e, 1e-12, &what);
        // µA with 4 decimals: ± 5e-5 µA = 5e-11 A.
        near(c.current_a[k], photoanode_ma(e, 1.0) * 1e-3, 5.1e-11, &what);
    }
    assert!(warned(&r, "“I/µA” converted to A"), "{:?}", r.warnings);
}

#[test]
fn csv_chopped_chronoamperometry() {
    let r = generated("generic_ca_chopped.csv");
    assert_eq!(r.format, "CSV/TSV table");
    assert_eq!(r.kind, Kind::Chronoamperometry);
    assert_eq!(counts(&r), [60]);
    let c = &r.curves[0];
    let time = c.time_s.as_ref().unwrap();
    for (k, &read_t) in time.iter().enumerate() {
        let t = 0.5 * k as f64;
        let what = format!("t {t}");
        near(read_t, t, 0.0, &what);
        near(c.potential_v[k], 1.23, 0.0, &what);
        // mA with 6 decimals.
        near(c.current_a[k], chopped_ma(t) * 1e-3, 5.1e-10, &what);
    }
    // Light on at 5 s, off at 20 s: the trace rises and falls.
    assert!(c.current_a[39] > 1.2e-3 && c.current_a[59] < 0.2e-3 && c.current_a[0] < 0.06e-3);
}

#[test]
fn every_generated_file_is_small_and_read() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pec_files");
    let mut read_files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !path.is_file() || hidden || path.extension().is_some_and(|e| e == "py") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() < 4096, "{}: {} bytes", path.display(), bytes.len());
        let r = read(&bytes).unwrap_or_else(|| panic!("{} not recognised", path.display())).unwrap();
        for c in &r.curves {
            assert_eq!(c.potential_v.len(), c.current_a.len());
            assert!(c.potential_v.iter().chain(&c.current_a).all(|v| v.is_finite()));
        }
        read_files += 1;
    }
    assert_eq!(read_files, 9);
}

// ---------------------------------------------------------------------------------------
// Real instrument exports (../shared/data/instruments, see SOURCES.md there)
// ---------------------------------------------------------------------------------------

fn instrument(name: &str) -> Recording {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/instruments");
    assert!(dir.is_dir(), "{} is missing: the tests need ../shared beside the project (CI always has it)", dir.display());
    let bytes = std::fs::read(dir.join(name)).unwrap();
    read(&bytes).unwrap_or_else(|| panic!("{name} not recognised")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_real_current_potential_export_reads_through_read() {
    // (file, format, kind, points per curve); the counts are from SOURCES.md and the files'
    // table lines, as the reader modules' tests cite them.
    let mpt = "BioLogic EC-Lab text (.mpt)";
    let cases: [(&str, &str, Kind, Vec<usize>); 10] = [
        ("biologic_lsv_spAg_SP240_yadg.mpt", mpt, Kind::Voltammetry, vec![1186]),
        ("biologic_cva_Pt-poly_decimal-comma_ixdat.mpt", mpt, Kind::Voltammetry, vec![48, 52, 52, 52, 19]),
        ("biologic_ca_decimal-comma_yadg.mpt", mpt, Kind::Chronoamperometry, vec![20; 4]),
        ("gamry_lsv_hzb.DTA", "Gamry DTA", Kind::Voltammetry, vec![251]),
        ("gamry_cv_microelectrode_5curves.DTA", "Gamry DTA", Kind::Voltammetry, vec![217, 280, 280, 280, 64]),
        ("gamry_ca_decimal-comma_hzb.DTA", "Gamry DTA", Kind::Chronoamperometry, vec![105]),
        ("chi760e_lsv_her.txt", "CH Instruments text export", Kind::Voltammetry, vec![500]),
        ("chi760e_cv_her.txt", "CH Instruments text export", Kind::Voltammetry, vec![701, 699]),
        ("palmsens_lsv_rde_pstrace.pssession", "PalmSens session (.pssession)", Kind::Voltammetry, vec![121]),
        ("hzb_solarsim_jv_multipixel.txt", "HZB solar-simulator J–V text", Kind::Voltammetry, vec![71; 24]),
    ];
    for (name, format, kind, points) in cases {
        let r = instrument(name);
        assert_eq!((r.format, r.kind), (format, kind), "{name}");
        assert_eq!(counts(&r), points, "{name}");
        for c in &r.curves {
            assert_eq!(c.current_a.len(), c.potential_v.len(), "{name} {}", c.label);
            if let Some(t) = &c.time_s {
                assert_eq!(t.len(), c.potential_v.len(), "{name} {}", c.label);
            }
        }
    }

    // PalmSens, the last point of each array (the module's test checks the first and the
    // minimum): time 120.0 s, potential 1.0993404388427734 V, current 12.806224822998047 µA.
    let r = instrument("palmsens_lsv_rde_pstrace.pssession");
    let c = &r.curves[0];
    assert_eq!(c.time_s.as_ref().unwrap()[120], 120.0);
    assert_eq!(c.potential_v[120], 1.0993404388427734);
    near(c.current_a[120], 12.806224822998047e-6, 1e-20, "PalmSens last current");

    // HZB, line 115 (the last): the first pair (a Forward Dark) ends at
    // "1.1999999999999993 0.26831225" and the last (f Reverse Light) at
    // "-0.2000000000000013 -12.105706249999999"; every pixel is 0.16 cm².
    let r = instrument("hzb_solarsim_jv_multipixel.txt");
    let first = &r.curves[0];
    assert_eq!(first.potential_v[70], 1.1999999999999993);
    near(first.current_a[70], 0.26831225e-3 * 0.16, 1e-18, "HZB a Forward Dark, last");
    let last = r.curves.last().unwrap();
    assert_eq!(last.label, "f Reverse Light");
    assert_eq!(last.potential_v[70], -0.2000000000000013);
    near(last.current_a[70], -12.105706249999999e-3 * 0.16, 1e-17, "HZB f Reverse Light, last");
}

// ---------------------------------------------------------------------------------------
// The columns read, and a choice of columns (read_with)
// ---------------------------------------------------------------------------------------

fn read_dir_with(dir: &str, name: &str, potential: Option<&str>, current: Option<&str>) -> Result<Recording, ImportError> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let columns = Columns { potential: potential.map(str::to_string), current: current.map(str::to_string) };
    read_with(&bytes, &columns).unwrap_or_else(|| panic!("{name} not recognised"))
}

fn instrument_with(name: &str, potential: Option<&str>, current: Option<&str>) -> Result<Recording, ImportError> {
    read_dir_with("../shared/data/instruments", name, potential, current)
}

#[test]
fn every_file_lists_its_potential_and_current_columns() {
    // (file, potential columns, current columns, the columns read by default), from each
    // file's column line: the .mpt column lines (line 2's header count), the .mpr's column IDs
    // (tested in biologic_mpr.rs: time/s, control/V, Ewe/V, <I>/mA, (Q-Qo)/C, I Range,
    // <Ece>/V), the Gamry CURVE tables' names and units rows (Sig is in V), the CHI
    // "Potential/V, Current/A" line, the PalmSens arrays' descriptions, the HZB pairs.
    type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], (&'a str, &'a str));
    let shared: [Case; 11] = [
        ("biologic_lsv_spAg_SP240_yadg.mpt", &["control/V", "Ewe/V", "<Ece>/V", "Ewe-Ece/V"], &["<I>/mA"], ("Ewe/V", "<I>/mA")),
        ("biologic_cva_Pt-poly_decimal-comma_ixdat.mpt", &["control/V", "Ewe/V", "<Ece>/V", "Ewe-Ece/V"], &["<I>/mA"], ("Ewe/V", "<I>/mA")),
        ("biologic_ca_decimal-comma_yadg.mpt", &["control/V", "Ewe/V"], &["<I>/mA"], ("Ewe/V", "<I>/mA")),
        ("biologic_lsv_spAg_SP240_yadg.mpr", &["control/V", "Ewe/V", "<Ece>/V"], &["<I>/mA"], ("Ewe/V", "<I>/mA")),
        ("gamry_lsv_hzb.DTA", &["Vf", "Vu", "Sig"], &["Im"], ("Vf", "Im")),
        ("gamry_cv_microelectrode_5curves.DTA", &["Vf", "Vu", "Sig"], &["Im"], ("Vf", "Im")),
        ("gamry_ca_decimal-comma_hzb.DTA", &["Vf", "Vu", "Sig"], &["Im"], ("Vf", "Im")),
        ("chi760e_lsv_her.txt", &["Potential/V"], &["Current/A"], ("Potential/V", "Current/A")),
        ("chi760e_cv_her.txt", &["Potential/V"], &["Current/A"], ("Potential/V", "Current/A")),
        ("palmsens_lsv_rde_pstrace.pssession", &["potential"], &["current"], ("potential", "current")),
        ("hzb_solarsim_jv_multipixel.txt", &["Voltage (V)"], &["Current Density(mA/cm^2)"], ("Voltage (V)", "Current Density(mA/cm^2)")),
    ];
    for (name, potentials, currents, (potential, current)) in shared {
        let r = instrument(name);
        assert_eq!(r.potential_columns, potentials, "{name}");
        assert_eq!(r.current_columns, currents, "{name}");
        assert_eq!((r.potential_column.as_str(), r.current_column.as_str()), (potential, current), "{name}");
        // Choosing the default by name reads the same.
        assert_eq!(instrument_with(name, Some(potential), Some(current)).unwrap(), r, "{name}");
    }
    let own: [(&str, &[&str], &[&str]); 9] = [
        ("biologic_ca_2loops_utf8.mpt", &["Ewe/V"], &["<I>/µA"]),
        ("biologic_cv_2cycles_latin1_comma.mpt", &["Ewe/V"], &["<I>/mA"]),
        ("gamry_cv_2curves_comma.DTA", &["Vf", "Vu"], &["Im"]),
        ("chi_cv_reversing.txt", &["Potential/V"], &["Current/A"]),
        ("palmsens_lsv_microampere.pssession", &["potential"], &["current"]),
        ("hzb_jv_2pixels.txt", &["Voltage (V)"], &["Current Density(mA/cm^2)"]),
        ("generic_lsv_mV_mAcm2.csv", &["E (mV)"], &["j (mA/cm2)"]),
        ("generic_lsv_V_uA.tsv", &["Potential/V"], &["I/µA"]),
        ("generic_ca_chopped.csv", &["E (V)"], &["I (mA)"]),
    ];
    for (name, potentials, currents) in own {
        let r = generated(name);
        assert_eq!(r.potential_columns, potentials, "{name}");
        assert_eq!(r.current_columns, currents, "{name}");
        assert_eq!((r.potential_column.as_str(), r.current_column.as_str()), (potentials[0], currents[0]), "{name}");
    }
}

#[test]
fn biologic_lsv_read_with_another_potential_column() {
    let name = "biologic_lsv_spAg_SP240_yadg.mpt";
    // Line 67: control/V -5.6856550E-002, Ewe/V -2.4618463E-001, <I>/mA -6.556889057159424E+000,
    // <Ece>/V 8.1515509E-001, Ewe-Ece/V -1.0613397E+000; line 1252 (the last): control/V
    // -4.0000000E+000 is the set end of the sweep.
    let control = instrument_with(name, Some("control/V"), None).unwrap();
    assert_eq!(control.potential_column, "control/V");
    assert_eq!(control.current_column, "<I>/mA");
    let c = &control.curves[0];
    assert_eq!(c.potential_v.len(), 1186);
    assert_eq!(c.potential_v[0], -5.6856550E-002);
    assert_eq!(c.current_a[0], -6.556889057159424E+000 * 1e-3);
    let text = String::from_utf8_lossy(&std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/instruments").join(name)).unwrap()).to_string();
    let last: Vec<&str> = text.lines().nth(1251).unwrap().split('\t').collect();
    assert_eq!(c.potential_v[1185], last[5].parse::<f64>().unwrap());
    let cell = instrument_with(name, Some("Ewe-Ece/V"), None).unwrap();
    assert_eq!(cell.curves[0].potential_v[0], -1.0613397E+000);
    let counter = instrument_with(name, Some("<Ece>/V"), None).unwrap();
    assert_eq!(counter.curves[0].potential_v[0], 8.1515509E-001);
    // The binary file of the same run: control/V is an f32 (agrees to 1e-7 relative).
    let binary = instrument_with("biologic_lsv_spAg_SP240_yadg.mpr", Some("control/V"), None).unwrap();
    assert_eq!(binary.potential_column, "control/V");
    near(binary.curves[0].potential_v[0], -5.6856550E-002, 1e-8, ".mpr control/V");
    assert!(binary.warnings.iter().any(|w| w.contains("<I>/mA") && w.contains("converted to A")), "{:?}", binary.warnings);
    // control/V is no current, <I>/mA no potential.
    let error = instrument_with(name, None, Some("control/V")).unwrap_err();
    assert!(matches!(&error, ImportError::NoSuchColumn { quantity: "current", .. }), "{error}");
    assert_eq!(
        instrument_with(name, Some("<I>/mA"), None).unwrap_err().to_string(),
        "BioLogic EC-Lab text (.mpt): the file has no potential column \u{201c}<I>/mA\u{201d}; its potential columns are \u{201c}control/V\u{201d}, \u{201c}Ewe/V\u{201d}, \u{201c}<Ece>/V\u{201d}, \u{201c}Ewe-Ece/V\u{201d}."
    );
}

#[test]
fn gamry_read_with_vu_or_the_signal() {
    // gamry_lsv_hzb.DTA line 72: "\t0\t0.02\t3.79184E-004\t-2.56289E-004\t0.00000E+000\t-4.17233E-007\t…"
    // (Pt T Vf Im Vu Sig); Vu, the uncompensated potential, is 0 in every row of this run.
    let vu = instrument_with("gamry_lsv_hzb.DTA", Some("Vu"), None).unwrap();
    assert_eq!(vu.potential_column, "Vu");
    assert!(vu.curves[0].potential_v.iter().all(|&v| v == 0.0));
    assert_eq!(vu.curves[0].current_a[0], -2.56289e-4);
    let sig = instrument_with("gamry_lsv_hzb.DTA", Some("Sig"), Some("Im")).unwrap();
    assert_eq!(sig.curves[0].potential_v[0], -4.17233e-7);
    // gamry_cv_microelectrode_5curves.DTA line 109: Vf 1.58214E-001, Sig 1.58100E-001; every
    // CURVE table has the column.
    let cv = instrument_with("gamry_cv_microelectrode_5curves.DTA", Some("Sig"), None).unwrap();
    assert_eq!(cv.curves.len(), 5);
    assert_eq!(cv.curves[0].potential_v[0], 1.581e-1);
    assert_eq!(cv.curves[0].current_a[0], 7.01007e-12);
    assert!(cv.warnings.iter().any(|w| w.contains("potentials (Sig)")), "{:?}", cv.warnings);
    // The generated CV with decimal commas: Vu on line 28 is "0,00000E+000".
    let generated = read_dir_with("tests/pec_files", "gamry_cv_2curves_comma.DTA", Some("Vu"), None).unwrap();
    assert_eq!(generated.curves[0].potential_v[0], 0.0);
    let error = instrument_with("gamry_lsv_hzb.DTA", Some("Vm"), None).unwrap_err().to_string();
    assert!(error.contains("no potential column \u{201c}Vm\u{201d}") && error.contains("\u{201c}Vf\u{201d}, \u{201c}Vu\u{201d}, \u{201c}Sig\u{201d}"), "{error}");
    let error = instrument_with("gamry_lsv_hzb.DTA", None, Some("Ach")).unwrap_err().to_string();
    assert!(error.contains("its current columns are \u{201c}Im\u{201d}"), "{error}");
}

#[test]
fn a_table_with_several_potentials_and_currents() {
    let table = b"t (s),E (V),E_we (mV),I (mA),j (mA/cm2)\n0,0.1,100.5,1.5,3\n1,0.2,200.5,2.5,5\n";
    let r = read(table).unwrap().unwrap();
    assert_eq!(r.potential_columns, ["E (V)", "E_we (mV)"]);
    assert_eq!(r.current_columns, ["I (mA)", "j (mA/cm2)"]);
    assert_eq!((r.potential_column.as_str(), r.current_column.as_str()), ("E (V)", "I (mA)"));
    let columns = Columns { potential: Some("E_we (mV)".into()), current: Some("j (mA/cm2)".into()) };
    let r = read_with(table, &columns).unwrap().unwrap();
    assert_eq!(r.curves[0].potential_v, [0.1005, 0.2005]);
    assert_eq!(r.curves[0].current_a, [3e-3, 5e-3]);
    assert!(warned(&r, "\u{201c}E_we (mV)\u{201d} is in mV") && warned(&r, "current density"), "{:?}", r.warnings);
    // A bad choice in a plain table is said, not taken for "not a potentiostat file".
    let bad = Columns { potential: None, current: Some("I/A".into()) };
    let error = read_with(table, &bad).unwrap().unwrap_err().to_string();
    assert_eq!(error, "CSV/TSV table: the file has no current column \u{201c}I/A\u{201d}; its current columns are \u{201c}I (mA)\u{201d}, \u{201c}j (mA/cm2)\u{201d}.");
    // Files with one column of each take only that one.
    for (name, potential) in [("chi760e_cv_her.txt", "Voltage"), ("palmsens_lsv_rde_pstrace.pssession", "Ewe/V"), ("hzb_solarsim_jv_multipixel.txt", "Voltage (V)_a_Forward_Light")] {
        let error = instrument_with(name, Some(potential), None).unwrap_err();
        assert!(matches!(error, ImportError::NoSuchColumn { .. }), "{name}: {error}");
    }
    // A UV-vis export is still no potentiostat file, whatever is chosen.
    let uvvis = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/instruments/uvvis_hzb_wlnm_abs.csv")).unwrap();
    assert!(read_with(&uvvis, &Columns { potential: Some("E (V)".into()), current: None }).is_none());
}
