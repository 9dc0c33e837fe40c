//! A [`Recording`] as bytes (`science::wire`), to cross from the web worker that reads a
//! potentiostat file to the page.

use super::{Curve, Kind, Recording};
use crate::science::wire::{Reader, Writer};

/// Every format name a reader gives [`Recording::format`] (a `&'static str`, told back by value).
const FORMATS: [&str; 7] = [super::biologic::FORMAT, super::biologic_mpr::FORMAT, super::chi::FORMAT, super::gamry::FORMAT, super::generic::FORMAT, super::hzb::FORMAT, super::palmsens::FORMAT];

/// The recording as bytes, for [`decode`].
pub fn encode(recording: &Recording) -> Vec<u8> {
    let points: usize = recording.curves.iter().map(|c| c.potential_v.len() * 3).sum();
    let mut out = Writer(Vec::with_capacity(points * 8 + 1024));
    out.text(recording.format);
    out.byte(match recording.kind {
        Kind::Voltammetry => 0,
        Kind::Chronoamperometry => 1,
        Kind::Unknown => 2,
    });
    out.optional_text(recording.reference.as_deref());
    out.texts(&recording.warnings);
    out.count(recording.curves.len());
    for curve in &recording.curves {
        out.text(&curve.label);
        out.numbers(&curve.potential_v);
        out.numbers(&curve.current_a);
        match &curve.time_s {
            Some(time) => {
                out.byte(1);
                out.numbers(time);
            }
            None => out.byte(0),
        }
    }
    out.texts(&recording.potential_columns);
    out.texts(&recording.current_columns);
    out.text(&recording.potential_column);
    out.text(&recording.current_column);
    out.0
}

/// The recording [`encode`] wrote; `None` for bytes it did not write.
pub fn decode(bytes: &[u8]) -> Option<Recording> {
    let mut r = Reader(bytes);
    let format = r.text()?;
    let format = FORMATS.into_iter().find(|f| *f == format)?;
    let kind = match r.byte()? {
        0 => Kind::Voltammetry,
        1 => Kind::Chronoamperometry,
        2 => Kind::Unknown,
        _ => return None,
    };
    let reference = r.optional_text()?;
    let warnings = r.texts()?;
    let mut curves = Vec::new();
    for _ in 0..r.count()? {
        let label = r.text()?;
        let potential_v = r.numbers()?;
        let current_a = r.numbers()?;
        let time_s = if r.flag()? { Some(r.numbers()?) } else { None };
        curves.push(Curve { label, potential_v, current_a, time_s });
    }
    let recording = Recording {
        format,
        kind,
        reference,
        warnings,
        curves,
        potential_columns: r.texts()?,
        current_columns: r.texts()?,
        potential_column: r.text()?,
        current_column: r.text()?,
    };
    r.finished().then_some(recording)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shared instrument file's recording comes back equal, NaN cells and all.
    #[test]
    fn every_instrument_file_crosses_unchanged() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let Some(Ok(recording)) = super::super::read(&bytes) else { continue };
            let back = decode(&encode(&recording)).expect("decodes");
            // Compared as bits: a NaN that was read is a NaN that arrives.
            assert_eq!(format!("{back:?}"), format!("{recording:?}"));
            read += 1;
        }
        assert!(read >= 9, "{read} files read");
    }

    /// Bytes cut short, or with anything after the end, are no recording.
    #[test]
    fn damaged_bytes_are_refused() {
        let recording = Recording {
            format: FORMATS[4],
            reference: Some("Ag/AgCl".into()),
            curves: vec![Curve { label: "all".into(), potential_v: vec![0.1, 0.2], current_a: vec![1e-3, 2e-3], time_s: Some(vec![0.0, 1.0]) }],
            ..Default::default()
        };
        let bytes = encode(&recording);
        assert_eq!(decode(&bytes), Some(recording));
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        let mut unknown_format = bytes;
        unknown_format[4] ^= 0x20;
        assert_eq!(decode(&unknown_format), None);
    }
}
