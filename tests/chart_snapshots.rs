//! Snapshot tests of the charts (`plot`): the SVG of each chart is compared with a committed
//! file in `tests/snapshots/`, so that any change to what users see is made on purpose.
//!
//! - `UPDATE_SNAPSHOTS=1 cargo test --test chart_snapshots` rewrites the files; look at them
//!   (open the SVG in a browser) before committing.
//! - A missing snapshot is a failure with instructions, never a silent pass.
//! - On a mismatch the new rendering is written to `$CARGO_TARGET_TMPDIR/snapshots/` for diffing.
//!
//! Besides byte equality, each test checks facts about the SVG that must hold whatever the
//! styling: the title, the axis labels, the legend and the marker of the user's point.

use std::path::{Path, PathBuf};

use photocalc::plot::{draw_sizing_curve, draw_spectrum, to_svg, Chart, SizingChart, SpectrumChart};
use photocalc::science::qd::{self, Material, Model};

const WIDTH: u32 = 640;
const HEIGHT: u32 = 400;

fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name)
}

fn check_snapshot(name: &str, svg: &str) {
    let path = snapshot_path(name);
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, svg).unwrap();
        eprintln!("UPDATE_SNAPSHOTS=1: wrote {}", path.display());
        return;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) => panic!(
            "snapshot {} is missing. Create it with `UPDATE_SNAPSHOTS=1 cargo test --test chart_snapshots`, \
             look at the SVG, and commit it.",
            path.display()
        ),
    };
    // Tolerate a checkout that turned line ends into CRLF.
    if expected.replace("\r\n", "\n") != svg {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snapshots");
        std::fs::create_dir_all(&dir).unwrap();
        let actual = dir.join(name);
        std::fs::write(&actual, svg).unwrap();
        panic!(
            "chart {name} differs from its snapshot {}.\nThe new rendering is in {}: compare them, and if the change \
             is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test chart_snapshots` and commit the snapshot.",
            path.display(),
            actual.display()
        );
    }
}

/// The numbers (attribute values) of every `<circle …/>` in the SVG: (cx, cy, r).
fn circles(svg: &str) -> Vec<(f64, f64, f64)> {
    let attr = |element: &str, name: &str| -> f64 {
        let start = element
            .find(&format!(" {name}=\""))
            .unwrap_or_else(|| panic!("{name} in {element}"))
            + name.len()
            + 3;
        let end = start + element[start..].find('"').unwrap();
        element[start..end].parse().unwrap()
    };
    svg.match_indices("<circle")
        .map(|(i, _)| {
            let element = &svg[i..i + svg[i..].find('>').unwrap()];
            (attr(element, "cx"), attr(element, "cy"), attr(element, "r"))
        })
        .collect()
}

fn cdte_chart() -> SizingChart {
    let brus = Material::CdTe.bulk().brus;
    let point_d = qd::diameter_nm(Model::YuPeng, Material::CdTe, 516.0, &brus).unwrap();
    SizingChart {
        title: "CdTe — Yu–Peng 2003".into(),
        curve: qd::sizing_curve(Model::YuPeng, Material::CdTe, &brus, 120),
        valid_band_nm: qd::validity_band_nm(Model::YuPeng, Material::CdTe, &brus),
        point: Some((516.0, point_d)),
    }
}

#[test]
fn sizing_curve_chart_matches_its_snapshot() {
    let chart = cdte_chart();
    assert!(
        chart.curve.len() >= 100,
        "the curve lost its points: {}",
        chart.curve.len()
    );
    assert_eq!(chart.valid_band_nm, Some((500.0, 700.0)));
    let svg = to_svg(WIDTH, HEIGHT, |area| draw_sizing_curve(area, &chart, 1.0)).unwrap();

    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "not a whole SVG document"
    );
    assert!(
        svg.contains(&format!("width=\"{WIDTH}\""))
            && svg.contains(&format!("height=\"{HEIGHT}\""))
    );
    for text in [
        "CdTe — Yu–Peng 2003",
        "first-exciton peak wavelength λ (nm)",
        "diameter D (nm)",
        "calibrated range",
        "D(λ)",
        "your sample",
    ] {
        assert!(svg.contains(text), "the chart lost the text {text:?}");
    }
    // The user's point is a red circle; with the legend's marker there are two.
    let marks = circles(&svg);
    assert_eq!(
        marks.len(),
        2,
        "expected the point and its legend marker: {marks:?}"
    );
    assert!(
        svg.contains("#DC2626"),
        "the point is no longer drawn in the highlight colour"
    );
    // 516 nm lies at about a fifth of the 447–800 nm axis (x pixels grow to the right) and
    // 2.7 nm at about a third of the 0–8.6 nm axis (y pixels grow downwards): the point must
    // be in the lower left part of the plot, not at the origin where NaN would put it.
    let (cx, cy, r) = *marks.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    assert!(
        (0.2 * WIDTH as f64..0.4 * WIDTH as f64).contains(&cx),
        "point at x = {cx}"
    );
    assert!(
        (0.5 * HEIGHT as f64..0.9 * HEIGHT as f64).contains(&cy),
        "point at y = {cy}"
    );
    assert_eq!(r, 5.0, "marker radius at scale 1");

    check_snapshot("sizing_curve_cdte_yu_peng.svg", &svg);
}

#[test]
fn sizing_chart_scales_with_the_device_pixel_ratio() {
    // On a 2x screen the marker and the text grow with the ratio.
    let chart = cdte_chart();
    let svg = to_svg(2 * WIDTH, 2 * HEIGHT, |area| {
        draw_sizing_curve(area, &chart, 2.0)
    })
    .unwrap();
    assert!(
        circles(&svg).iter().all(|c| c.2 == 10.0),
        "{:?}",
        circles(&svg)
    );
}

/// A synthetic quantum-dot spectrum: a first-exciton Gaussian at 516 nm (σ = 15 nm, so
/// HWHM = σ·√(2 ln 2) ≈ 17.66 nm) on a rising scattering background, with a small
/// deterministic ripple standing in for noise; "smoothed" is the noiseless curve.
fn synthetic_spectrum() -> SpectrumChart {
    let clean = |l: f64| {
        0.05 + 1.6 * (-(l - 350.0) / 55.0).exp() + 0.3 * (-((l - 516.0) / 15.0).powi(2) / 2.0).exp()
    };
    let wavelengths: Vec<f64> = (0..=175).map(|i| 350.0 + 2.0 * i as f64).collect();
    let measured = wavelengths
        .iter()
        .map(|&l| (l, clean(l) + 0.004 * (1.7 * l).sin()))
        .collect();
    let smoothed = wavelengths.iter().map(|&l| (l, clean(l))).collect();
    SpectrumChart {
        measured,
        smoothed,
        peak: Some((516.0, clean(516.0))),
        hwhm_nm: Some(15.0 * (2.0 * 2f64.ln()).sqrt()),
    }
}

#[test]
fn spectrum_chart_matches_its_snapshot() {
    let chart = synthetic_spectrum();
    let svg = to_svg(WIDTH, HEIGHT, |area| draw_spectrum(area, &chart, 1.0)).unwrap();
    for text in [
        "Absorption spectrum",
        "wavelength (nm)",
        "absorbance",
        "measured",
        "smoothed",
        "first exciton peak",
        "HWHM (red side)",
    ] {
        assert!(svg.contains(text), "the chart lost the text {text:?}");
    }
    assert_eq!(
        circles(&svg).len(),
        2,
        "expected the peak marker and its legend marker"
    );
    // Two data lines with one vertex per point, plus the peak's vertical line and HWHM bar.
    assert!(svg.matches("<polyline").count() >= 4, "data lines missing");
    check_snapshot("spectrum_synthetic.svg", &svg);

    // Without a peak there is no marker and no HWHM legend.
    let bare = SpectrumChart {
        peak: None,
        hwhm_nm: None,
        smoothed: Vec::new(),
        ..synthetic_spectrum()
    };
    let svg = to_svg(WIDTH, HEIGHT, |area| draw_spectrum(area, &bare, 1.0)).unwrap();
    assert!(circles(&svg).is_empty());
    assert!(!svg.contains("HWHM") && !svg.contains("smoothed"));
}

#[test]
fn the_csv_download_holds_the_charted_numbers() {
    let chart = cdte_chart();
    let csv = chart.csv();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("series,wavelength_nm,diameter_nm"));
    let rows: Vec<(String, f64, f64)> = lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            assert_eq!(cells.len(), 3, "{l}");
            (cells[0].to_string(), cells[1].parse().unwrap(), cells[2].parse().unwrap())
        })
        .collect();
    let curve: Vec<(f64, f64)> = rows.iter().filter(|r| r.0 == "curve").map(|r| (r.1, r.2)).collect();
    assert_eq!(curve, chart.curve, "CSV numbers must be the chart's, at full precision");
    let samples: Vec<&(String, f64, f64)> = rows.iter().filter(|r| r.0 == "sample").collect();
    assert_eq!(samples.len(), 1, "the user's point is one row of its own series");
    assert_eq!(samples[0].1, 516.0);
    assert!((samples[0].2 - 2.72805376192).abs() < 1e-9, "{:?}", samples[0]);
    assert_eq!(rows.len(), chart.curve.len() + 1, "nothing else in the table");
}

#[test]
fn degenerate_data_never_panics() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let sizing_cases = vec![
        SizingChart {
            title: String::new(),
            curve: vec![],
            valid_band_nm: None,
            point: None,
        },
        SizingChart {
            title: "one point".into(),
            curve: vec![(500.0, 2.0)],
            valid_band_nm: Some((500.0, 500.0)),
            point: None,
        },
        SizingChart {
            title: "NaN".into(),
            curve: vec![(nan, nan), (500.0, nan), (nan, 3.0)],
            valid_band_nm: Some((nan, nan)),
            point: Some((nan, nan)),
        },
        SizingChart {
            title: "inf".into(),
            curve: vec![(inf, -inf), (500.0, 2.0)],
            valid_band_nm: Some((700.0, 500.0)),
            point: Some((inf, 1.0)),
        },
        SizingChart {
            title: "negative".into(),
            curve: vec![(500.0, -5.0), (600.0, -1.0)],
            valid_band_nm: Some((-1e308, 1e308)),
            point: Some((550.0, -3.0)),
        },
        SizingChart {
            title: "huge".into(),
            curve: vec![(1e300, 1e300), (-1e300, -1e300)],
            valid_band_nm: None,
            point: Some((0.0, 0.0)),
        },
    ];
    for chart in &sizing_cases {
        for (w, h, scale) in [
            (WIDTH, HEIGHT, 1.0),
            (300, 200, 3.0),
            (1, 1, 1.0),
            (0, 0, 1.0),
        ] {
            // Ok or Err are both acceptable; a panic would kill the page.
            let _ = to_svg(w, h, |area| draw_sizing_curve(area, chart, scale));
        }
    }
    let spectrum_cases = vec![
        SpectrumChart {
            measured: vec![],
            smoothed: vec![],
            peak: None,
            hwhm_nm: None,
        },
        SpectrumChart {
            measured: vec![],
            smoothed: vec![],
            peak: Some((500.0, 1.0)),
            hwhm_nm: Some(10.0),
        },
        SpectrumChart {
            measured: vec![(nan, nan), (400.0, nan)],
            smoothed: vec![(nan, 1.0)],
            peak: Some((nan, nan)),
            hwhm_nm: Some(nan),
        },
        SpectrumChart {
            measured: vec![(400.0, 1.0), (400.0, 1.0)],
            smoothed: vec![],
            peak: Some((400.0, inf)),
            hwhm_nm: Some(-3.0),
        },
        SpectrumChart {
            measured: vec![(500.0, 0.5)],
            smoothed: vec![(500.0, 0.5)],
            peak: Some((500.0, 0.5)),
            hwhm_nm: Some(inf),
        },
    ];
    for chart in &spectrum_cases {
        for (w, h, scale) in [
            (WIDTH, HEIGHT, 1.0),
            (300, 200, 3.0),
            (1, 1, 1.0),
            (0, 0, 1.0),
        ] {
            let _ = to_svg(w, h, |area| draw_spectrum(area, chart, scale));
        }
    }
    // The empty charts at normal size still draw their frame and labels.
    let svg = to_svg(WIDTH, HEIGHT, |area| {
        draw_sizing_curve(area, &sizing_cases[0], 1.0)
    })
    .expect("an empty chart draws");
    assert!(svg.contains("diameter D (nm)"));
    let svg = to_svg(WIDTH, HEIGHT, |area| {
        draw_spectrum(area, &spectrum_cases[0], 1.0)
    })
    .expect("an empty spectrum draws");
    assert!(svg.contains("wavelength (nm)"));
}
