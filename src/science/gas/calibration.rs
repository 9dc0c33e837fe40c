//! External-standard calibration of a gas chromatograph.
