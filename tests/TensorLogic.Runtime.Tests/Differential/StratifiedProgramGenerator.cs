namespace TensorLogic.Runtime.Tests.Differential;

/// <summary>
/// A random stratified Datalog program, as lines: declarations, facts, rules, then queries. Kept as lines
/// so that a failing program can be shrunk by dropping some.
/// </summary>
public sealed record GeneratedProgram(int Seed, IReadOnlyList<string> Lines)
{
    public string Text => string.Join("\n", Lines) + "\n";

    public override string ToString() => $"seed {Seed}:\n{Text}";
}

/// <summary>
/// Random stratified Datalog programs, deterministic from a seed: a handful of relations of arity 1 to 3
/// over one symbol domain of 4 to 6 constants, random facts, and rules of 1 to 3 positive body atoms sharing
/// variables, with recursion and mutual recursion, negated atoms, comparisons and constants in heads and
/// bodies. Every relation is queried with all positions free and with a constant in the first.
/// </summary>
/// <remarks>
/// Each relation gets a level; a rule reads relations of its head's level or lower positively and of a
/// strictly lower level negatively. A cycle of dependencies therefore stays within one level, where every
/// edge is positive: the program is stratified by construction. Rules are also safe by construction: head
/// variables, the variables of a negated atom and of a comparison all occur in a positive body atom.
/// </remarks>
public static class StratifiedProgramGenerator
{
    private const string Domain = "Sym";
    private static readonly string[] Symbols = ["A", "B", "C", "D", "F", "G"];
    private static readonly string[] Variables = ["x", "y", "z", "w"];
    private static readonly string[] Comparisons = ["!=", "!=", "==", "<"];

    private sealed record Relation(string Name, int Arity, int Level);

    public static GeneratedProgram Generate(int seed)
    {
        var random = new Random(seed);
        var symbols = Symbols[..random.Next(4, 7)];
        var relations = new List<Relation> { new("Dom", 1, 0) };
        var count = random.Next(2, 6);
        for (var i = 0; i < count; i++)
            relations.Add(new($"R{i}", Pick(random, [1, 2, 2, 2, 3]), random.Next(0, 3)));

        var lines = new List<string>();
        foreach (var relation in relations)
            lines.Add($"{relation.Name} : bool[{string.Join(", ", Enumerable.Repeat(Domain, relation.Arity))}]");
        // Every symbol is in the domain, numbered in this order, whatever the rest of the program mentions.
        lines.AddRange(symbols.Select(s => $"Dom({s})"));
        foreach (var relation in relations.Skip(1))
        {
            var facts = random.Next(0, relation.Level == 0 ? 6 : 3);
            for (var f = 0; f < facts; f++)
                lines.Add($"{relation.Name}({string.Join(", ", Enumerable.Range(0, relation.Arity).Select(_ => Pick(random, symbols)))})");
        }
        foreach (var head in relations.Skip(1))
        {
            var rules = random.Next(head.Level == 0 ? 0 : 1, 3);
            for (var r = 0; r < rules; r++)
                lines.Add(Rule(random, head, relations, symbols));
        }
        foreach (var relation in relations.Skip(1))
        {
            var free = Variables[..relation.Arity];
            lines.Add($"{relation.Name}({string.Join(", ", free)})?");
            lines.Add($"{relation.Name}({string.Join(", ", free.Skip(1).Prepend(Pick(random, symbols)))})?");
        }
        return new GeneratedProgram(seed, lines);
    }

    private static string Rule(Random random, Relation head, List<Relation> relations, string[] symbols)
    {
        var positive = relations.Where(r => r.Level <= head.Level).ToList();
        var lower = relations.Where(r => r.Level < head.Level).ToList();
        var body = new List<string>();
        var bound = new List<string>();
        var atoms = random.Next(1, 4);
        for (var a = 0; a < atoms; a++)
        {
            // Recursion through the head itself, now and then, beside whatever the level allows.
            var relation = random.Next(4) == 0 ? head : Pick(random, positive);
            var arguments = new string[relation.Arity];
            for (var p = 0; p < relation.Arity; p++)
            {
                if (random.Next(7) == 0)
                {
                    arguments[p] = Pick(random, symbols);
                }
                else
                {
                    // Half the time a variable an earlier atom bound, so that atoms join.
                    var variable = bound.Count > 0 && random.Next(2) == 0 && a > 0 ? Pick(random, bound) : Pick(random, Variables);
                    arguments[p] = variable;
                    if (!bound.Contains(variable))
                        bound.Add(variable);
                }
            }
            body.Add($"{relation.Name}({string.Join(", ", arguments)})");
        }
        if (bound.Count == 0)
        {
            bound.Add("x");
            body.Add("Dom(x)");
        }
        if (lower.Count > 0 && random.Next(5) < 2)
        {
            var negated = Pick(random, lower);
            var arguments = Enumerable.Range(0, negated.Arity).Select(_ => random.Next(6) == 0 ? Pick(random, symbols) : Pick(random, bound));
            body.Add($"not {negated.Name}({string.Join(", ", arguments)})");
        }
        if (bound.Count > 1 && random.Next(4) == 0)
        {
            var left = Pick(random, bound);
            var right = Pick(random, bound.Where(v => v != left).ToList());
            body.Add($"{left} {Pick(random, Comparisons)} {right}");
        }
        var headArguments = Enumerable.Range(0, head.Arity).Select(_ => random.Next(8) == 0 ? Pick(random, symbols) : Pick(random, bound));
        var ordered = random.Next(3) == 0 ? body.OrderBy(_ => random.Next()).ToList() : body;
        return $"{head.Name}({string.Join(", ", headArguments)}) <- {string.Join(", ", ordered)}";
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
