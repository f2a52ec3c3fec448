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
/// Relations come in levels: level 0 holds facts only, each higher level is derived (and may have a few
/// facts too). A rule reads relations of its head's level or lower positively and of a strictly lower
/// level negatively, so a cycle of dependencies stays within one level, where every edge is positive: the
/// program is stratified by construction. Rules are safe by construction too: head variables, the
/// variables of a negated atom and of a comparison all occur in a positive body atom. What makes backward
/// chaining work hardest is favoured: closure rules (<c>H(.., x) &lt;- H(.., w), S(w, x)</c>) whose tables
/// take several rounds, negation of derived relations, and queries of the highest level first.
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
        var facts = random.Next(1, 3);
        for (var i = 0; i < facts; i++)
            relations.Add(new($"E{i}", Pick(random, [1, 2, 2, 2]), 0));
        var derived = random.Next(2, 5);
        var level = 1;
        for (var i = 0; i < derived; i++)
        {
            // Relations of one level may call each other: mutual recursion.
            relations.Add(new($"R{i}", Pick(random, [1, 2, 2, 2, 3]), level));
            if (random.Next(3) != 0)
                level++;
        }

        var lines = new List<string>();
        foreach (var relation in relations)
            lines.Add($"{relation.Name} : bool[{string.Join(", ", Enumerable.Repeat(Domain, relation.Arity))}]");
        // Every symbol is in the domain, numbered in this order, whatever the rest of the program mentions.
        lines.AddRange(symbols.Select(s => $"Dom({s})"));
        foreach (var relation in relations.Skip(1))
        {
            if (relation.Level == 0 && relation.Arity == 2 && random.Next(2) == 0)
            {
                // A path through the symbols: closures over it take one round per edge.
                var path = symbols.OrderBy(_ => random.Next()).Take(random.Next(3, symbols.Length + 1)).ToList();
                for (var i = 0; i + 1 < path.Count; i++)
                    lines.Add($"{relation.Name}({path[i]}, {path[i + 1]})");
            }
            var count = relation.Level == 0 ? random.Next(2, 4) * relation.Arity + random.Next(3) : random.Next(4) == 0 ? random.Next(1, 3) : 0;
            for (var f = 0; f < count; f++)
                lines.Add($"{relation.Name}({string.Join(", ", Enumerable.Range(0, relation.Arity).Select(_ => Pick(random, symbols)))})");
        }
        foreach (var head in relations.Where(r => r.Level > 0))
        {
            lines.Add(Rule(random, head, relations, symbols, recursive: false));
            var more = random.Next(0, 3);
            for (var r = 0; r < more; r++)
                lines.Add(Rule(random, head, relations, symbols, recursive: true));
        }
        // Highest level first, and a constant before the free query: the first query to reach a subgoal
        // is the one that must complete the tables it reads.
        foreach (var relation in relations.Skip(1).OrderByDescending(r => r.Level))
        {
            var free = Variables[..relation.Arity];
            lines.Add($"{relation.Name}({string.Join(", ", free.Skip(1).Prepend(Pick(random, symbols)))})?");
            lines.Add($"{relation.Name}({string.Join(", ", free)})?");
        }
        return new GeneratedProgram(seed, lines);
    }

    /// <param name="recursive">Whether the body may read the head's own level (otherwise only lower ones).</param>
    private static string Rule(Random random, Relation head, List<Relation> relations, string[] symbols, bool recursive)
    {
        // Dom binds a variable nothing else binds; as a join it would only dilute the program.
        var positive = relations.Where(r => r.Name != "Dom" && (r.Level < head.Level || recursive && r.Level == head.Level)).ToList();
        var lower = relations.Where(r => r.Level < head.Level).ToList();
        var body = new List<string>();
        var bound = new List<string>();
        var steps = positive.Where(r => r.Arity == 2).ToList();
        string[]? headArguments = null;
        if (recursive && steps.Count > 0 && random.Next(2) == 0)
        {
            // A closure step: recursion that takes several rounds to complete.
            var prefix = new[] { "y", "z" }[..(head.Arity - 1)];
            var self = random.Next(3) != 0 ? head : Pick(random, relations.Where(r => r.Level == head.Level && r.Arity == head.Arity).ToList());
            body.Add($"{self.Name}({string.Join(", ", prefix.Append("w"))})");
            body.Add($"{Pick(random, steps).Name}(w, x)");
            bound.AddRange([.. prefix, "w", "x"]);
            headArguments = [.. prefix, "x"];
        }
        else
        {
            RandomAtoms(random, recursive ? head : null, positive, symbols, body, bound);
        }
        if (random.Next(2) == 0)
        {
            // Negating a derived relation is what needs its table complete; negating facts rarely matters,
            // and negating Dom never holds.
            var negatedDerived = lower.Where(r => r.Level > 0).ToList();
            var negated = negatedDerived.Count > 0 && random.Next(5) != 0 ? Pick(random, negatedDerived) : Pick(random, lower.Where(r => r.Level == 0 && r.Name != "Dom").ToList());
            var arguments = Enumerable.Range(0, negated.Arity).Select(_ => random.Next(8) == 0 ? Pick(random, symbols) : Pick(random, bound));
            body.Add($"not {negated.Name}({string.Join(", ", arguments)})");
        }
        if (bound.Count > 1 && random.Next(4) == 0)
        {
            var left = Pick(random, bound);
            var right = Pick(random, bound.Where(v => v != left).ToList());
            body.Add($"{left} {Pick(random, Comparisons)} {right}");
        }
        // Distinct variables where there are enough, so that tuples are not all diagonal.
        var shuffled = bound.OrderBy(_ => random.Next()).ToList();
        headArguments ??= [.. Enumerable.Range(0, head.Arity)
            .Select(p => random.Next(8) == 0 ? Pick(random, symbols) : p < shuffled.Count && random.Next(6) != 0 ? shuffled[p] : Pick(random, bound))];
        var ordered = random.Next(3) == 0 ? body.OrderBy(_ => random.Next()).ToList() : body;
        return $"{head.Name}({string.Join(", ", headArguments)}) <- {string.Join(", ", ordered)}";
    }

    private static void RandomAtoms(Random random, Relation? head, List<Relation> positive, string[] symbols, List<string> body, List<string> bound)
    {
        var atoms = random.Next(1, 4);
        for (var a = 0; a < atoms; a++)
        {
            var relation = head is not null && random.Next(3) == 0 ? head : Pick(random, positive);
            var arguments = new List<string>();
            for (var p = 0; p < relation.Arity; p++)
            {
                if (random.Next(12) == 0)
                {
                    arguments.Add(Pick(random, symbols));
                    continue;
                }
                // A later atom joins an earlier one at its first position (and now and then elsewhere);
                // other positions take variables new to the atom, so tuples are not all diagonal.
                var join = a > 0 && (p == 0 ? random.Next(4) != 0 : random.Next(4) == 0);
                var candidates = join ? bound.Except(arguments).ToList() : Variables.Except(arguments).Except(bound).ToList();
                if (candidates.Count == 0 || random.Next(10) == 0)
                    candidates = [.. Variables];
                arguments.Add(Pick(random, candidates));
            }
            var atom = $"{relation.Name}({string.Join(", ", arguments)})";
            if (body.Contains(atom))
                continue;
            body.Add(atom);
            bound.AddRange(arguments.Where(Variables.Contains).Except(bound).Distinct());
        }
        if (bound.Count == 0)
        {
            bound.Add("x");
            body.Add("Dom(x)");
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
