//! Time courses of evolved gas.
