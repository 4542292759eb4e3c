namespace MtaSts.Core.Policies;

/// <summary>The outcome of <see cref="PolicyDraftValidator.Validate"/>: a policy and its warnings, or every problem found.</summary>
public sealed record PolicyDraftValidation(StsPolicy? Policy, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Policy is not null;
}
