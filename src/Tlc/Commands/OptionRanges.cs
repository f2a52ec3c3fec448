using System.CommandLine;
using System.Globalization;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// Range checks for numeric options. System.CommandLine only checks that a value parses as its type, so
/// <c>--max-iterations -1</c> or <c>--tolerance NaN</c> would reach the engine; these validators make them
/// usage errors (exit 2) whose message names the option and what it accepts, worded as the learn statement's
/// settings are ("--epochs must be an integer of at least 1, not 0").
/// </summary>
internal static class OptionRanges
{
    /// <summary>More threads than this is a typing mistake, not a machine; the engines would start them all.</summary>
    public const int MaxThreads = 1024;

    /// <summary>Accepts the integers from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Option<int> AcceptIntegers(this Option<int> option, int minimum, int maximum = int.MaxValue)
    {
        var requirement = maximum == int.MaxValue
            ? $"an integer of at least {minimum}"
            : $"an integer from {minimum} to {maximum}";
        option.Validators.Add(result =>
        {
            if (Given(result) is not { } text || !int.TryParse(text, CultureInfo.InvariantCulture, out var value))
                return;
            if (value < minimum || value > maximum)
                result.AddError($"{option.Name} must be {requirement}, not {value.ToString(CultureInfo.InvariantCulture)}");
        });
        return option;
    }

    /// <summary>Accepts the integers of at least <paramref name="minimum"/>, up to the largest a long holds (counts of tuples).</summary>
    public static Option<long> AcceptLongs(this Option<long> option, long minimum)
    {
        option.Validators.Add(result =>
        {
            if (Given(result) is { } text && long.TryParse(text, CultureInfo.InvariantCulture, out var value) && value < minimum)
                result.AddError($"{option.Name} must be an integer of at least {minimum.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}");
        });
        return option;
    }

    /// <summary>Accepts finite numbers of at least <paramref name="minimum"/>; NaN and infinities never make sense as a setting.</summary>
    public static Option<double> AcceptFiniteAtLeast(this Option<double> option, double minimum) =>
        AcceptReal(option, v => v >= minimum, $"a finite number of at least {Format(minimum)}");

    /// <summary>Accepts finite numbers greater than 0.</summary>
    public static Option<double> AcceptFinitePositive(this Option<double> option) =>
        AcceptReal(option, v => v > 0, "a finite number greater than 0");

    private static Option<double> AcceptReal(Option<double> option, Func<double, bool> inRange, string requirement)
    {
        option.Validators.Add(result =>
        {
            if (Given(result) is not { } text || !double.TryParse(text, CultureInfo.InvariantCulture, out var value))
                return;
            if (!double.IsFinite(value) || !inRange(value))
                result.AddError($"{option.Name} must be {requirement}, not {Format(value)}");
        });
        return option;
    }

    /// <summary>
    /// The text the user typed, or null for a default. A value that does not parse is left alone: reading it
    /// through the option would throw, and System.CommandLine already reports it ("Cannot parse argument").
    /// </summary>
    private static string? Given(System.CommandLine.Parsing.OptionResult result) =>
        result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
