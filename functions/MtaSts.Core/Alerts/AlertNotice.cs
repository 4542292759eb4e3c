namespace MtaSts.Core.Alerts;

/// <summary>
/// One notice of an alert, as a webhook receives it (JSON, camelCase): <c>text</c> is what Slack and Teams incoming
/// webhooks display as is; <c>tenant</c>, <c>condition</c>, <c>state</c> (<c>open</c>/<c>resolved</c>) say what it is
/// about; <see cref="Id"/> is the same on every delivery attempt of the notice, so a receiver can drop a repeat.
/// </summary>
public sealed record AlertNotice(string Id, string Tenant, string Condition, string State, string Text, DateTimeOffset At, DateTimeOffset OpenedAt);
