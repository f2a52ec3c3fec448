using System.Text.RegularExpressions;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Differential;

/// <summary>
/// Properties every Datalog engine must have, checked on random stratified programs (reference and CPU
/// engines): reordering rules and body atoms changes no answer; renaming symbols renames the answers and
/// nothing else; adding a fact to a program without negation never removes a derived tuple.
/// </summary>
public class MetamorphicTests
{
    private const int Programs = 300;

    public static TheoryData<string> Engines => ["reference", "cpu"];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Reordering_rules_and_body_atoms_changes_no_answer(string engine)
    {
        var changed = 0;
        for (var seed = 0; seed < Programs; seed++)
        {
            var program = StratifiedProgramGenerator.Generate(seed);
            var random = new Random(seed);
            // Declarations and the Dom facts, which number the symbols (and so decide x < y), stay first.
            var fixedCount = program.Lines.TakeWhile(l => l.Contains(" : bool[") || l.StartsWith("Dom(")).Count();
            var middle = program.Lines.Skip(fixedCount).Where(l => !l.EndsWith('?')).Select(l => ShuffleBody(l, random)).OrderBy(_ => random.Next());
            var reordered = program.Lines.Take(fixedCount).Concat(middle).Concat(program.Lines.Where(l => l.EndsWith('?'))).ToList();
            Assert.True(Rows(program.Lines, engine) == Rows(reordered, engine), $"seed {seed}\n{program.Text}\nreordered:\n{string.Join("\n", reordered)}");
            changed += reordered.SequenceEqual(program.Lines) ? 0 : 1;
        }
        // The property is only tested where the order really changed.
        Assert.True(changed > Programs * 9 / 10, $"only {changed} of {Programs} programs were reordered");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Renaming_symbols_renames_the_answers_and_nothing_else(string engine)
    {
        var names = new Dictionary<string, string> { ["A"] = "Ka", ["B"] = "Kb", ["C"] = "Kc", ["D"] = "Kd", ["F"] = "Kf", ["G"] = "Kg" };
        var symbol = new Regex(@"\b(A|B|C|D|F|G)\b");
        var back = new Regex(@"\bK([abcdfg])\b");
        for (var seed = 0; seed < Programs; seed++)
        {
            var program = StratifiedProgramGenerator.Generate(seed);
            var renamed = program.Lines.Select(l => symbol.Replace(l, m => names[m.Value])).ToList();
            var answers = back.Replace(Rows(renamed, engine), m => m.Groups[1].Value.ToUpperInvariant());
            Assert.True(Rows(program.Lines, engine) == Sorted(answers), $"seed {seed}\n{program.Text}");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Adding_a_fact_without_negation_removes_no_derived_tuple(string engine)
    {
        var checkedPrograms = 0;
        var derivedRows = 0;
        for (var seed = 0; seed < Programs; seed++)
        {
            // Without its negated atoms a rule stays safe (their variables are bound by positive atoms too).
            var generated = StratifiedProgramGenerator.Generate(seed);
            var program = generated with { Lines = [.. generated.Lines.Select(l => Body(l, atoms => atoms.Where(a => !a.StartsWith("not "))))] };
            var random = new Random(seed);
            var symbols = program.Lines.Where(l => l.StartsWith("Dom(")).Select(l => l[4..^1]).ToList();
            var fact = $"E0({string.Join(", ", Enumerable.Range(0, Arity(program, "E0")).Select(_ => symbols[random.Next(symbols.Count)]))})";
            var queries = program.Lines.Count(l => l.EndsWith('?'));
            var grown = program.Lines.Take(program.Lines.Count - queries).Append(fact).Concat(program.Lines.TakeLast(queries)).ToList();
            var before = Rows(program.Lines, engine).Split('\n');
            derivedRows += before.Length;
            var after = Rows(grown, engine).Split('\n').ToHashSet();
            Assert.True(before.All(after.Contains), $"seed {seed}: adding {fact} removed {string.Join("; ", before.Where(r => !after.Contains(r)))}\n{program.Text}");
            checkedPrograms++;
        }
        Assert.Equal(Programs, checkedPrograms);
        Assert.True(derivedRows > Programs * 5, $"only {derivedRows} answer rows in {Programs} programs: too little to compare");
    }

    private static int Arity(GeneratedProgram program, string relation) =>
        program.Lines.First(l => l.StartsWith($"{relation} : bool[")).Count(c => c == ',') + 1;

    /// <summary>The body atoms of a rule in a random order; facts and other lines unchanged.</summary>
    private static string ShuffleBody(string line, Random random) => Body(line, atoms => atoms.OrderBy(_ => random.Next()));

    /// <summary>A rule with its body atoms (split at top-level commas) transformed; other lines unchanged.</summary>
    private static string Body(string line, Func<IEnumerable<string>, IEnumerable<string>> transform)
    {
        var arrow = line.IndexOf(" <- ", StringComparison.Ordinal);
        if (arrow < 0)
            return line;
        var atoms = new List<string>();
        var depth = 0;
        var start = arrow + 4;
        for (var i = start; i < line.Length; i++)
        {
            depth += line[i] == '(' ? 1 : line[i] == ')' ? -1 : 0;
            if (line[i] == ',' && depth == 0)
            {
                atoms.Add(line[start..i].Trim());
                start = i + 1;
            }
        }
        atoms.Add(line[start..].Trim());
        return line[..arrow] + " <- " + string.Join(", ", transform(atoms));
    }

    /// <summary>Every answer row of the program, one line each ("query: values"), sorted.</summary>
    private static string Rows(IReadOnlyList<string> lines, string engine)
    {
        var compiled = Compilation.Compile([new SourceText(string.Join("\n", lines) + "\n", "random.tl")], new DataFileReader());
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics) + "\n" + string.Join("\n", lines));
        using var session = new Session(compiled.Bound!, EngineMatrix.Get(engine).Engine, new EvaluationOptions { Chaining = Chaining.Forward });
        var rows = new List<string>();
        foreach (var query in compiled.Bound!.Outputs.OfType<BoundQuery>())
        {
            switch (session.Answer(query, Chaining.Forward))
            {
                case RowsAnswer answer:
                    rows.AddRange(answer.Rows.Select(r => $"{query.Tensor.Name}/{query.Pattern.Length}: {string.Join(" ", r)}"));
                    break;
                case TruthAnswer truth when truth.Value:
                    rows.Add($"{query.Tensor.Name}: true");
                    break;
            }
        }
        return Sorted(string.Join("\n", rows));
    }

    private static string Sorted(string rows) => string.Join("\n", rows.Split('\n').Order(StringComparer.Ordinal));
}
