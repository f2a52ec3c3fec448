using System.Globalization;
using System.Text;

namespace TensorLogic.Tlc.Tests.Fuzzing;

/// <summary>
/// Random well-typed Tensor Logic programs from templates of the grammar's constructs, for the differential
/// campaign: Datalog (facts, recursion, stratified negation, comparisons, index arithmetic, queries with and
/// without constants) and einsum programs (<see cref="EinsumPrograms"/>). Every program is
/// valid by construction, so each engine must answer it, and all must answer alike.
/// </summary>
internal sealed class ProgramGenerator(int seed)
{
    private readonly Random _random = new(seed);

    public string Datalog()
    {
        var n = _random.Next(3, 8);
        var text = new StringBuilder();
        text.Append(Invariant($"E : bool[{n}, {n}]\nF : bool[{n}]\n"));
        foreach (var _ in Enumerable.Range(0, _random.Next(1, 2 * n)))
            text.Append(Invariant($"E({_random.Next(n)}, {_random.Next(n)})\n"));
        foreach (var _ in Enumerable.Range(0, _random.Next(1, n)))
            text.Append(Invariant($"F({_random.Next(n)})\n"));
        // Rules in stratum order: each reads base relations and the relations defined above it.
        string[] rules =
        [
            "P(x, y) <- E(x, y)\nP(x, z) <- P(x, y), E(y, z)\n",
            "Q(x) <- F(x)\nQ(y) <- Q(x), E(x, y)\n",
            "R(x, y) <- P(x, y), not P(y, x)\n",
            "S(x) <- P(x, x)\n",
            "T(x, y) <- E(x, y), F(y), x != y\n",
            "U(x) <- Q(x), not F(x)\n",
            "V(x, z) <- E(x, y), E(y, z), x < z\n",
            "W(x) <- F(x)\nW(x+1) <- W(x)\n",
        ];
        var chosen = rules.Where(_ => _random.Next(3) > 0).ToList();
        if (chosen.Count == 0)
            chosen.Add(rules[0]);
        var defined = new HashSet<char>(chosen.Select(r => r[0]));
        // A rule that reads a relation not chosen is kept only with that relation: keep the closure.
        foreach (var rule in chosen.ToList())
        {
            if (rule.Contains("P(") && !defined.Contains('P') || rule.Contains("Q(") && !defined.Contains('Q'))
                chosen.Remove(rule);
        }
        if (chosen.Count == 0)
            chosen.Add(rules[0]);
        foreach (var rule in chosen)
            text.Append(rule);
        foreach (var rule in chosen)
            text.Append(Query(rule[0], rule.StartsWith("Q(", StringComparison.Ordinal) || rule[2] == 'x' && rule[3] == ')' ? 1 : 2, n));
        return text.ToString();
    }

    private string Query(char relation, int arity, int n)
    {
        var positions = Enumerable.Range(0, arity)
            .Select(p => _random.Next(3) == 0 ? _random.Next(n).ToString(CultureInfo.InvariantCulture) : p == 0 ? "x" : "y");
        return $"{relation}({string.Join(", ", positions)})?\n";
    }

    /// <summary>An einsum program (<see cref="EinsumPrograms"/>), as generated.</summary>
    public string Einsum() => EinsumPrograms.Generate(_random.Next()).Text();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
