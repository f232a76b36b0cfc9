use thiserror::Error;

/// Why a total cannot be allocated. Positions are indexes into the caller's list, so the
/// caller can name the offending line in its own terms.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AllocationError {
    #[error("there is nothing to allocate to: the list of parties is empty")]
    NoParties,

    #[error("{count} parties is more than one allocation takes (at most {max})")]
    TooManyParties { count: usize, max: usize },

    #[error("the total to allocate is negative")]
    NegativeTotal,

    #[error("the weight at position {index} is negative")]
    NegativeWeight { index: usize },

    #[error("the weight at position {index} is too large or too precise")]
    WeightOutOfRange { index: usize },

    #[error("the weights add up to zero, so there is no proportion to allocate by")]
    ZeroWeightSum,

    #[error("the weights add up to more than an allocation can hold")]
    WeightSumOutOfRange,

    #[error("the id at position {index} repeats the one at position {first_index}")]
    DuplicateId { index: usize, first_index: usize },
}
