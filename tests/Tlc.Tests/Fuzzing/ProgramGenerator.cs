using System.Globalization;
using System.Text;

namespace TensorLogic.Tlc.Tests.Fuzzing;

/// <summary>
/// Random well-typed Tensor Logic programs from templates of the grammar's constructs, for the differential
/// campaign: Datalog (facts, recursion, stratified negation, comparisons, index arithmetic, queries with and
/// without constants) and einsum programs (contractions, projections, built-ins, scalars). Every program is
/// valid by construction, so each engine must answer it, and all must answer alike.
/// </summary>
internal sealed class ProgramGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Functions = ["relu", "sig", "exp", "tanh", "abs", "sqrt"];

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

    public string Einsum()
    {
        var (n, m, k) = (_random.Next(1, 5), _random.Next(1, 5), _random.Next(1, 5));
        var text = new StringBuilder();
        text.Append($"A = {Literal(n, m)}\nB = {Literal(m, k)}\nV = {Literal(k)}\n");
        text.Append("C[i, k] = A[i, j] B[j, k]\n");
        text.Append($"D[i] = {Function()}(C[i, k] V[k] - {Number()})\n");
        text.Append("Sum = A[i, j]\n");
        text.Append($"G[i, j] = {Function()}(A[i, j]) + B[j, k] V[k]\n");
        text.Append($"H[k] = {Number()} V[k] + Sum\n");
        var outputs = new[] { "C", "D", "Sum", "G", "H" }.Where(_ => _random.Next(4) > 0).DefaultIfEmpty("C");
        foreach (var output in outputs)
            text.Append(output).Append("?\n");
        return text.ToString();
    }

    private string Function() => Functions[_random.Next(Functions.Length)];

    private string Number() => (_random.Next(-20, 21) / 4.0).ToString(CultureInfo.InvariantCulture);

    private string Literal(int length) => "[" + string.Join(", ", Enumerable.Range(0, length).Select(_ => Number())) + "]";

    private string Literal(int rows, int columns) => "[" + string.Join(", ", Enumerable.Range(0, rows).Select(_ => Literal(columns))) + "]";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
