namespace MtaSts.Core.Admin;

/// <summary>What an admin operation did; the HTTP function maps each to a status code.</summary>
public enum AdminOutcome
{
    Created,
    Updated,
    Unchanged,
    Found,
    Offboarding,
    NotFound,
    Invalid,
    Conflict,
    Deleted,

    /// <summary>A new tenant refused: every Front Door shard is full.</summary>
    NoRoom,

    /// <summary>A PUT whose precondition (<see cref="PutCondition"/>) does not hold: nothing was written.</summary>
    PreconditionFailed,
}
