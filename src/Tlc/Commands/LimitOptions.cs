using System.CommandLine.Parsing;
using System.CommandLine;
using System.Globalization;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Resources;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>--max-memory</c>, <c>--max-tuples</c> and <c>--timeout</c>: the resource limits of a run (TL5011–TL5013,
/// docs/limits.md), said once for the verbs that run programs. A value out of range is a usage error (exit 2).
/// </summary>
internal sealed class LimitOptions
{
    public LimitOptions()
    {
        MaxMemory.Validators.Add(result =>
        {
            if (Given(result) is { } text && ParseSize(text) is null)
                result.AddError($"--max-memory must be a size of at least 1M, such as 512M, 8G or 1.5T (bytes without a unit), not '{text}'");
        });
        Timeout.Validators.Add(result =>
        {
            if (Given(result) is { } text && double.TryParse(text, CultureInfo.InvariantCulture, out var seconds)
                && !(double.IsFinite(seconds) && seconds > 0 && seconds <= MaxTimeoutSeconds))
                result.AddError($"--timeout must be a number of seconds greater than 0 and at most {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}, not {text}");
        });
    }

    public Option<string?> MaxMemory { get; } = new("--max-memory")
    {
        Description = $"Memory the run may hold before it stops with TL5011 (default half the machine's, here {ByteSize.Format(ResourceLimits.DefaultMaxMemoryBytes)})",
        HelpName = "SIZE",
    };

    public Option<long> MaxTuples { get; } = new Option<long>("--max-tuples")
    {
        Description = "Most tuples one relation may hold before the run stops with TL5012 (default no limit)",
        DefaultValueFactory = _ => long.MaxValue,
        HelpName = "N",
    }.AcceptLongs(1);

    public Option<double?> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds the run may take before it stops with TL5013 (default no limit)",
        HelpName = "SECONDS",
    };

    public IEnumerable<Option> All => [MaxMemory, MaxTuples, Timeout];

    public void AddTo(Command command)
    {
        foreach (var option in All)
            command.Options.Add(option);
    }

    // TimeSpan and the timer behind CancelAfter hold about 49 days at most.
    private const double MaxTimeoutSeconds = 4_000_000;

    public ResourceLimits Read(ParseResult result) => new()
    {
        MaxMemoryBytes = result.GetValue(MaxMemory) is { } size ? ParseSize(size)!.Value : ResourceLimits.DefaultMaxMemoryBytes,
        MaxTuples = result.GetValue(MaxTuples),
        Timeout = result.GetValue(Timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };

    /// <summary>"512M", "8G", "1.5T" or plain bytes; null when the text is none of these or under 1 MiB.</summary>
    internal static long? ParseSize(string text)
    {
        var trimmed = text.Trim();
        var unit = trimmed.Length > 0 ? char.ToUpperInvariant(trimmed[^1]) : ' ';
        var shift = unit switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        var number = shift == 0 ? trimmed : trimmed[..^1];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return null;
        var bytes = value * Math.Pow(2, shift);
        return bytes >= 1 << 20 && bytes < long.MaxValue / 2 ? (long)bytes : null;
    }

    private static string? Given(OptionResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
}
