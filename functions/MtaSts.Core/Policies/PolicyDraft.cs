namespace MtaSts.Core.Policies;

/// <summary>
/// A policy as an administrator asks for it (the admin API's body): nothing validated yet.
/// <see cref="PolicyDraftValidator"/> turns it into a <see cref="StsPolicy"/> or a list of problems.
/// </summary>
public sealed record PolicyDraft(string? Mode, IReadOnlyList<string?>? Mx, long? MaxAge);
