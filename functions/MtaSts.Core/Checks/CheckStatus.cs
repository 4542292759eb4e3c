namespace MtaSts.Core.Checks;

/// <summary>The verdict of one check.</summary>
public enum CheckStatus
{
    Pass,
    Warn,
    Fail,
}
