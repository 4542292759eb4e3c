namespace MtaSts.Cli;

/// <summary>Exit codes of every verb: 0 no problems, 1 problems found, 2 usage or internal error.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int Error = 2;
}
