namespace MtaSts.Core.Readiness;

/// <summary>
/// One criterion of the readiness rubric: its <see cref="Name"/>, its <see cref="Status"/> (<c>met</c>,
/// <c>not-yet</c>, <c>blocked</c> or <c>unknown</c>), the evidence it was judged on, and what to do when it is not met.
/// </summary>
public sealed record ReadinessCriterion(string Name, string Status, string Evidence, string? Action);
