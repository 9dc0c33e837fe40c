//! BioLogic EC-Lab text exports (.mpt).
