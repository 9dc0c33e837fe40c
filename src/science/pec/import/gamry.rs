//! Gamry Framework data files (.DTA).
