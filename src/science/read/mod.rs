//! The one reader for numbers typed into a field, pasted into a table, or read from a file:
//! every field, every table, every importer and the command line read numbers through it, so
//! that `516,5` means the same everywhere.
//!
//! [`number`] reads one number (decimal comma, digit grouping, `−`, `×10^`, superscripts);
//! [`table`] finds a table's delimiter, decimal mark, header and units. A text that two
//! conventions read differently (`1,000`) is read one way and the other way is said, never
//! guessed silently.

pub mod number;
pub mod table;

pub use number::{read_number, Ambiguity, Context, DecimalMark, Number, NumberError};
pub use table::{Convention, Delimiter, Doubts, Header, Layout, MarkTally, Place, Shape, Table};
