using System.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Compiler.Tests.Semantics;

/// <summary>
/// The checker sees every half-edited program a user saves, so on any input it must end in diagnostics
/// or a checked program, never an exception, and quickly. Inputs are the paper's programs and the bad
/// corpus, mutated deterministically: lines dropped, duplicated, swapped and truncated, names renamed,
/// indices and operators exchanged.
/// </summary>
public class CheckerRobustnessTests
{
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(2);

    private static readonly string[] Replacements =
    [
        "x", "y", "i", "j", "A", "W", "S", "0", "3", "[", "]", "(", ")", ",", "+", "-", "/", "*", "^", "=", "max=",
        "<-", "not ", "?", ".", "softmax(", "concat(", "sig(", "Even(", "*t", "p'.", "4:8", ":", "\"f.tsv\"", "X(1)",
    ];

    private static IEnumerable<string> Seeds()
    {
        var folders = new[] { Repository.PathOf("tests", "fixtures", "paper", "corrected"), Repository.PathOf("tests", "fixtures", "bad") };
        return folders.Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, "*.tl")).Order(StringComparer.Ordinal).Select(File.ReadAllText);
    }

    private static string Mutate(string program, Random random)
    {
        var lines = program.Split('\n').ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && lines.Count > 0; e++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(6))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    (lines[at], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], lines[at]);
                    break;
                case 3:
                    lines[at] = lines[at][..random.Next(lines[at].Length + 1)];
                    break;
                default:
                    var line = lines[at];
                    if (line.Length == 0)
                        break;
                    var start = random.Next(line.Length);
                    var length = random.Next(0, Math.Min(4, line.Length - start) + 1);
                    lines[at] = line[..start] + Replacements[random.Next(Replacements.Length)] + line[(start + length)..];
                    break;
            }
        }
        return string.Join('\n', lines);
    }

    [Fact]
    public void The_checker_never_throws_or_hangs_on_mutated_programs()
    {
        var random = new Random(20261122);
        var seeds = Seeds().ToList();
        Assert.NotEmpty(seeds);
        var inputs = Enumerable.Range(0, 5000).Select(i => Mutate(seeds[i % seeds.Count], random)).ToList();
        var checkedClean = 0;
        foreach (var input in inputs)
        {
            var watch = Stopwatch.StartNew();
            CompilationResult result;
            try
            {
                result = Compilation.Compile([new SourceText(input, "mutated.tl")], null);
            }
            catch (Exception e)
            {
                Assert.Fail($"the checker threw {e.GetType().Name} on:\n{input}\n{e}");
                return;
            }
            Assert.True(watch.Elapsed < PerInputLimit, $"checking took {watch.Elapsed} on:\n{input}");
            Assert.True(result.Bound is not null || result.Diagnostics.Any(d => d.IsError), $"no program and no error for:\n{input}");
            if (!result.HasErrors)
                checkedClean++;
        }
        // Enough mutants must survive checking for the bound-program paths to have been exercised too.
        Assert.True(checkedClean > 100, $"only {checkedClean} mutants checked clean");
    }
}
