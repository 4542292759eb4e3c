namespace MtaSts.Core.Reports;

/// <summary>Reads one received input into its reports (<see cref="ReportInputParser"/>); an interface so that a parser fault can be tested.</summary>
public interface IReportInputParser
{
    /// <summary>Parses <paramref name="input"/> as received; a deliberate refusal is a <see cref="ReportRefusedException"/>.</summary>
    Task<ReportSource> ParseAsync(ReadOnlyMemory<byte> input, string? fileName, CancellationToken cancellationToken);
}
