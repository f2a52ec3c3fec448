using System.Diagnostics;
using System.Text;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Tests.Infrastructure;
using TensorLogic.Syntax.Text;
using Xunit.Sdk;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// The parser faces half-typed lines in the REPL and every kind of broken file, so it must never throw or
/// hang, whatever it is given: thousands of random and mutated programs (deterministic, so a failure
/// reproduces) go through the parser, the formatter, the tree dump and the diagnostic renderer. Where the
/// parse is clean, the canonical text must parse cleanly again and format to itself.
/// </summary>
public sealed class RobustnessTests
{
    // TL_FUZZ_SEED and TL_FUZZ_SCALE (a multiplier of the input count) allow longer runs on demand.
    private static readonly int Seed = EnvironmentNumber("TL_FUZZ_SEED", 20251016);
    private static readonly int Scale = EnvironmentNumber("TL_FUZZ_SCALE", 1);
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WholeRunLimit = TimeSpan.FromSeconds(120 * Scale);

    // Tokens and near-tokens of the language, with their Unicode spellings and a few things that are not tokens.
    private static readonly string[] Alphabet =
    [
        "x", "y", "i", "j", "p'", "p′", "d.", "t", "A", "W", "Emb", "M''", "M″", "Alice", "sig", "relu", "softmax",
        "not", "import", "learn", "fixed", "init", "wrt", "with", "lr=0.1", "bool", "real", "0", "1", "2.5", "1e3", "-0.7", "99999999999999999999", "1e999",
        "=", "+=", "max=", "min=", "avg=", "<-", "←", ":-", "==", "!=", "≠", "<", "<=", "≤", ">", ">=", "≥",
        "+", "-", "−", "*", "∗", "/", "%", "^", "(", ")", "[", "]", ",", ":", ".", "?", "¬", "'",
        "\"a.txt\"", "\"a\\qb\"", "\"open", "\n", "\n", "\r\n", " ", " ", "\t", "# note", "// note", "$", "@", "é", "😀",
    ];

    [Fact]
    public async Task Parser_and_printers_survive_random_and_mutated_input()
    {
        var inputs = Enumerable.Range(0, Scale).SelectMany(k => GenerateInputs(new Random(Seed + k))).ToList();
        Assert.True(inputs.Count >= 3000, $"only {inputs.Count} inputs");

        var failures = new List<string>();
        var clean = 0;
        string? current = null;
        var run = Task.Factory.StartNew(() =>
        {
            foreach (var input in inputs)
            {
                Volatile.Write(ref current, input);
                var (failure, wasClean) = Check(input);
                if (failure is not null)
                    failures.Add(failure);
                if (wasClean)
                    clean++;
            }
        }, TaskCreationOptions.LongRunning);
        try
        {
            await run.WaitAsync(WholeRunLimit);
        }
        catch (TimeoutException)
        {
            // A hang cannot be interrupted, but it can be reported with the input that caused it.
            throw new XunitException($"the run did not finish in {WholeRunLimit}; stuck on input {Show(Volatile.Read(ref current)!)}");
        }

        // The round-trip checks only mean something if many inputs parse cleanly.
        Assert.True(clean >= 600 * Scale, $"only {clean} of {inputs.Count} inputs parsed cleanly");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {inputs.Count} inputs failed; the first ones:\n\n" + string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>Runs one input through every stage; returns what went wrong, if anything, and whether it parsed cleanly.</summary>
    private static (string? Failure, bool Clean) Check(string input)
    {
        var stopwatch = Stopwatch.StartNew();
        bool clean;
        try
        {
            var diagnostics = new DiagnosticBag();
            var unit = SyntaxParser.Parse(new SourceText(input, "fuzz.tl"), diagnostics);
            var formatted = Formatter.Format(unit);
            TreeDumper.Dump(unit);
            DiagnosticFormatter.Format(diagnostics.ToSortedArray());

            clean = !diagnostics.HasErrors;
            if (clean)
            {
                var again = new DiagnosticBag();
                var reparsed = SyntaxParser.Parse(new SourceText(formatted, "formatted.tl"), again);
                if (again.HasErrors)
                    return ($"the canonical text of {Show(input)} does not parse:\n{formatted}\n{DiagnosticFormatter.Format(again.ToSortedArray())}", true);
                if (Formatter.Format(reparsed) != formatted)
                    return ($"formatting {Show(input)} is not idempotent:\n{formatted}\nthen\n{Formatter.Format(reparsed)}", true);
                if (Snippets.Compact(TreeDumper.Dump(reparsed)) != Snippets.Compact(TreeDumper.Dump(unit)))
                    return ($"the canonical text of {Show(input)} parses to a different tree:\n{formatted}", true);
            }
        }
        catch (Exception exception)
        {
            return ($"input {Show(input)} threw {exception}", false);
        }
        if (stopwatch.Elapsed > PerInputLimit)
            return ($"input {Show(input)} took {stopwatch.Elapsed.TotalSeconds:F1} s", clean);
        return (null, clean);
    }

    private static List<string> GenerateInputs(Random random)
    {
        var inputs = new List<string>();
        for (var k = 0; k < 900; k++)
            inputs.Add(TokenSoup(random));
        for (var k = 0; k < 300; k++)
            inputs.Add(RandomCharacters(random));

        for (var k = 0; k < 600; k++)
            inputs.Add(new ProgramGenerator(random).Program());

        var programs = Fixtures.All().Select(row => Fixtures.Read((string)row[0], (string)row[1])).ToList();
        foreach (var program in programs)
        {
            for (var k = 0; k < 12; k++)
                inputs.Add(program[..random.Next(program.Length + 1)]);
            for (var k = 0; k < 6; k++)
                inputs.Add(ShuffleLines(random, program));
            for (var k = 0; k < 30; k++)
                inputs.Add(Mutate(random, program, 1 + random.Next(6)));
        }
        // Deep nesting, long lines and many statements probe the parser's lookahead and recursion. Nested
        // calls are kept shallower than nested parentheses: "f(" can also start "f (x)", a join, and ANTLR's
        // prediction looks ahead to the closing parenthesis at every level, so the time grows faster than
        // linearly (about 0.1 s at depth 80, 0.75 s at depth 160).
        inputs.Add("Y = " + new string('(', 200) + "X" + new string(')', 200));
        inputs.Add("Y = " + string.Concat(Enumerable.Repeat("sig(", 40)) + "X" + new string(')', 40));
        inputs.Add("Y = " + string.Concat(Enumerable.Repeat("sig(", 40)) + "X, etc.");
        inputs.Add("Y[i] = " + string.Join(" ", Enumerable.Range(0, 500).Select(n => $"X{n}[i, j{n}]")));
        inputs.Add(string.Concat(Enumerable.Range(0, 2000).Select(n => $"X({n}), ")) + "X(0)");
        inputs.Add(string.Concat(Enumerable.Repeat("A = B, \n", 500)));
        inputs.Add("W = " + new string('[', 300) + "1" + new string(']', 300));
        return inputs;
    }

    private static string TokenSoup(Random random)
    {
        var builder = new StringBuilder();
        var count = 1 + random.Next(40);
        for (var k = 0; k < count; k++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
            if (random.Next(3) == 0)
                builder.Append(' ');
        }
        return builder.ToString();
    }

    /// <summary>Arbitrary UTF-16 code units, lone surrogates and control characters included.</summary>
    private static string RandomCharacters(Random random)
    {
        var chars = new char[random.Next(60)];
        for (var k = 0; k < chars.Length; k++)
        {
            chars[k] = random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0, 0x20),
                2 => "[](),.=<-?*:\"'#/\n"[random.Next(17)],
                _ => (char)random.Next(0x80, 0x10000),
            };
        }
        return new string(chars);
    }

    private static string ShuffleLines(Random random, string program)
    {
        var lines = program.Split('\n');
        random.Shuffle(lines);
        return string.Join('\n', lines);
    }

    /// <summary>Deletes, inserts or duplicates a few characters or short runs.</summary>
    private static string Mutate(Random random, string program, int edits)
    {
        var builder = new StringBuilder(program);
        for (var k = 0; k < edits; k++)
        {
            var at = random.Next(builder.Length + 1);
            var length = Math.Min(1 + random.Next(4), builder.Length - at);
            switch (random.Next(3))
            {
                case 0 when length > 0:
                    builder.Remove(at, length);
                    break;
                case 1:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                default:
                    if (length > 0)
                        builder.Insert(at, builder.ToString(at, length));
                    break;
            }
        }
        return builder.ToString();
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private static string Show(string input)
    {
        var text = input.Length > 400 ? input[..400] + "..." : input;
        var escaped = new StringBuilder("\"");
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) || char.IsSurrogate(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return escaped.Append('"').ToString();
    }
}
