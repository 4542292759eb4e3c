namespace MtaSts.DevHost.Hosting;

/// <summary>The trigger of a discovered function.</summary>
public enum TriggerKind
{
    Http,
    Timer,
    Blob,
}
