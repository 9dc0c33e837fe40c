//! Gas evolution: the amount of gas from a volume or a chromatogram, what dissolves, turnover
//! numbers and frequencies, quantum yields and the solar-to-hydrogen efficiency.

pub mod calibration;
pub mod kinetics;
