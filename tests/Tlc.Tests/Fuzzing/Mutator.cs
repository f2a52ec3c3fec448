using System.Text;
using System.Text.RegularExpressions;

namespace TensorLogic.Tlc.Tests.Fuzzing;

/// <summary>
/// Mutations of a valid program into inputs a hostile or careless user could write: a token deleted or
/// duplicated, a number perturbed to an extreme, lines shuffled, a byte flipped, a line repeated many times.
/// Each input is then held to the fuzz criteria (<see cref="FuzzCriteria"/>).
/// </summary>
internal sealed partial class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] ExtremeNumbers =
        ["0", "-1", "1e308", "-1e308", "1e-320", "2000000000", "99999999999", "65536", "NaN", "3.5", "1e30"];

    [GeneratedRegex(@"\w+|[^\w\s]")]
    private static partial Regex Token();

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Number();

    public string Mutate(string program)
    {
        var result = program;
        foreach (var _ in Enumerable.Range(0, _random.Next(1, 4)))
            result = Once(result);
        return result;
    }

    private string Once(string text) => _random.Next(6) switch
    {
        0 => EditToken(text, duplicate: false),
        1 => EditToken(text, duplicate: true),
        2 => PerturbNumber(text),
        3 => ShuffleLines(text),
        4 => FlipByte(text),
        _ => RepeatLine(text),
    };

    private string EditToken(string text, bool duplicate)
    {
        var tokens = Token().Matches(text);
        if (tokens.Count == 0)
            return text;
        var token = tokens[_random.Next(tokens.Count)];
        var replacement = duplicate ? token.Value + " " + token.Value : "";
        return text[..token.Index] + replacement + text[(token.Index + token.Length)..];
    }

    private string PerturbNumber(string text)
    {
        var numbers = Number().Matches(text);
        if (numbers.Count == 0)
            return text;
        var number = numbers[_random.Next(numbers.Count)];
        var replacement = ExtremeNumbers[_random.Next(ExtremeNumbers.Length)];
        return text[..number.Index] + replacement + text[(number.Index + number.Length)..];
    }

    private string ShuffleLines(string text)
    {
        var lines = text.Split('\n');
        return string.Join('\n', lines.OrderBy(_ => _random.Next()));
    }

    private string FlipByte(string text)
    {
        if (text.Length == 0)
            return text;
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        return Encoding.UTF8.GetString(bytes);
    }

    private string RepeatLine(string text)
    {
        var lines = text.Split('\n');
        var line = lines[_random.Next(lines.Length)];
        var times = _random.Next(2, 200);
        return text + "\n" + string.Join('\n', Enumerable.Repeat(line, times)) + "\n";
    }
}
