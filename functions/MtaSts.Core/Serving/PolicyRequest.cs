namespace MtaSts.Core.Serving;

/// <summary>The parts of an HTTP request that decide which policy is served.</summary>
public sealed record PolicyRequest(string Method, string? Host, string? ForwardedHost = null, string? FrontDoorId = null);
