namespace MtaSts.Core.Mx;

/// <summary>One change of a tenant's live MX set as the watcher saw it: when, and the hosts that came and went.</summary>
public sealed record MxChange(DateTimeOffset At, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
