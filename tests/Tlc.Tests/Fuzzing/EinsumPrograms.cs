using System.Globalization;
using System.Text;

namespace TensorLogic.Tlc.Tests.Fuzzing;

/// <summary>How an einsum program is written; every form must give the same answers (the metamorphic relations).</summary>
internal enum EinsumForm
{
    /// <summary>As generated.</summary>
    Plain,

    /// <summary>Each equation's index variables renamed (i, j, k, t to p, q, r, s).</summary>
    RenamedIndices,

    /// <summary>The factors of each product in another order.</summary>
    ReorderedFactors,

    /// <summary>Equations split in two through a temporary tensor where a template allows.</summary>
    Split,

    /// <summary>The equations in reverse order (none is recursive, so order means nothing).</summary>
    ReorderedEquations,
}

/// <summary>
/// Random well-typed einsum programs for the differential and metamorphic campaigns (issue 13): literals of
/// random sizes, then equations drawn from templates of contractions, sum/max/min/avg projections, every
/// elementwise built-in, softmax over a normalized axis, index arithmetic, a window product, and a loop over
/// a virtual index. Each template knows its equivalent forms (<see cref="EinsumForm"/>).
/// </summary>
internal sealed class EinsumPrograms
{
    private static readonly string[] Functions = ["relu", "sig", "exp", "tanh", "abs", "sqrt", "step", "sin", "cos", "log"];

    // An equation template: its text for given index names, factor order and splitting. {0}..{3} are the
    // index names (i, j, k, t in the plain form); a template returns one or more lines.
    private delegate string Template(string[] names, bool reversed, bool split);

    private readonly string _data;
    private readonly IReadOnlyList<Template> _equations;
    private readonly string _queries;

    private EinsumPrograms(string data, IReadOnlyList<Template> equations, string queries)
    {
        _data = data;
        _equations = equations;
        _queries = queries;
    }

    public static EinsumPrograms Generate(int seed)
    {
        var random = new Random(seed);
        var (n, m, k, s) = (random.Next(1, 5), random.Next(1, 5), random.Next(1, 5), random.Next(1, 4));
        string Number() => (random.Next(-20, 21) / 4.0).ToString(CultureInfo.InvariantCulture);
        string Vector(int length) => "[" + string.Join(", ", Enumerable.Range(0, length).Select(_ => Number())) + "]";
        string Matrix(int rows, int columns) => "[" + string.Join(", ", Enumerable.Range(0, rows).Select(_ => Vector(columns))) + "]";
        string Function() => Functions[random.Next(Functions.Length)];
        var data = $"A = {Matrix(n, m)}\nB = {Matrix(m, k)}\nV = {Vector(k)}\nU = {Vector(m)}\nW = {Vector(n)}\n" +
                   $"K = {Vector(2)}\nSq = {Matrix(n, n)}\nXs = {Matrix(n, s)}\n";
        var (f1, f2, f3, x1, x2) = (Function(), Function(), Function(), Number(), Number());
        // Each defines its own tensor; those reading another's come after it, and the pool keeps the closure.
        var pool = new List<(string Name, string[] Reads, Template Text)>
        {
            ("C", [], (v, r, _) => $"C[{v[0]}, {v[2]}] = {Product(r, $"A[{v[0]}, {v[1]}]", $"B[{v[1]}, {v[2]}]")}\n"),
            ("D", ["C"], (v, r, split) => split
                ? $"D1[{v[0]}] = {Product(r, $"C[{v[0]}, {v[2]}]", $"V[{v[2]}]")}\nD[{v[0]}] = {f1}(D1[{v[0]}] - {x1})\n"
                : $"D[{v[0]}] = {f1}({Product(r, $"C[{v[0]}, {v[2]}]", $"V[{v[2]}]")} - {x1})\n"),
            ("Total", [], (v, _, split) => split
                ? $"Total1[{v[0]}] = A[{v[0]}, {v[1]}]\nTotal = Total1[{v[0]}]\n"
                : $"Total = A[{v[0]}, {v[1]}]\n"),
            ("G", [], (v, r, split) => split
                ? $"G1[{v[1]}] = {Product(r, $"B[{v[1]}, {v[2]}]", $"V[{v[2]}]")}\nG[{v[0]}, {v[1]}] = {f2}(A[{v[0]}, {v[1]}]) + G1[{v[1]}]\n"
                : $"G[{v[0]}, {v[1]}] = {f2}(A[{v[0]}, {v[1]}]) + {Product(r, $"B[{v[1]}, {v[2]}]", $"V[{v[2]}]")}\n"),
            ("H", ["Total"], (v, _, _) => $"H[{v[2]}] = {x2} V[{v[2]}] + Total\n"),
            ("Mx", [], (v, r, split) => split
                ? $"Mx1[{v[0]}, {v[1]}] = {Product(r, $"A[{v[0]}, {v[1]}]", $"U[{v[1]}]")}\nMx[{v[0]}] max= Mx1[{v[0]}, {v[1]}]\n"
                : $"Mx[{v[0]}] max= {Product(r, $"A[{v[0]}, {v[1]}]", $"U[{v[1]}]")}\n"),
            // One term: with min=, terms joined by + would each be minimized on their own, not added first.
            ("Mn", [], (v, r, split) => split
                ? $"Mn1[{v[0]}, {v[1]}] = {Product(r, $"A[{v[0]}, {v[1]}]", $"W[{v[0]}]")}\nMn[{v[1]}] min= Mn1[{v[0]}, {v[1]}]\n"
                : $"Mn[{v[1]}] min= {Product(r, $"A[{v[0]}, {v[1]}]", $"W[{v[0]}]")}\n"),
            ("Av", [], (v, r, _) => $"Av[{v[0]}] avg= {Product(r, $"A[{v[0]}, {v[1]}]", $"U[{v[1]}]")}\n"),
            ("P", [], (v, r, split) => split
                ? $"P1[{v[0]}, {v[1]}] = {Product(r, $"A[{v[0]}, {v[1]}]", $"U[{v[1]}]")}\nP[{v[0]}, {v[1]}.] = softmax(P1[{v[0]}, {v[1]}])\n"
                : $"P[{v[0]}, {v[1]}.] = softmax({Product(r, $"A[{v[0]}, {v[1]}]", $"U[{v[1]}]")})\n"),
            ("Nb", [], (v, r, _) => $"Nb[{v[1]}] = {Sum(r, $"U[{v[1]}]", $"{f3}(U[{v[1]}+1])")}\n"),
            ("Cv", [], (v, r, _) => $"Cv[{v[0]}] = {Product(r, $"W[{v[0]}+{v[1]}]", $"K[{v[1]}]")}\n"),
            ("R", [], (v, r, _) => $"R[{v[0]}, *{v[3]}+1] = tanh({Product(r, $"Sq[{v[0]}, {v[1]}]", $"R[{v[1]}, *{v[3]}]")} + Xs[{v[0]}, {v[3]}])\n"),
        };
        var chosen = pool.Where(_ => random.Next(3) > 0).ToList();
        chosen.RemoveAll(t => t.Reads.Any(r => chosen.All(c => c.Name != r)));
        if (chosen.Count == 0)
            chosen.Add(pool[0]);
        var queries = string.Concat(chosen.Where(_ => random.Next(4) > 0).DefaultIfEmpty(chosen[^1]).Select(t => $"{t.Name}?\n"));
        return new EinsumPrograms(data, [.. chosen.Select(t => t.Text)], queries);
    }

    /// <summary>The program in <paramref name="form"/>.</summary>
    public string Text(EinsumForm form = EinsumForm.Plain)
    {
        string[] names = form == EinsumForm.RenamedIndices ? ["p", "q", "r", "s"] : ["i", "j", "k", "t"];
        var equations = _equations.Select(e => e(names, form == EinsumForm.ReorderedFactors, form == EinsumForm.Split));
        if (form == EinsumForm.ReorderedEquations)
            equations = equations.Reverse();
        return new StringBuilder(_data).AppendJoin("", equations).Append(_queries).ToString();
    }

    private static string Product(bool reversed, string first, string second) => reversed ? $"{second} {first}" : $"{first} {second}";

    private static string Sum(bool reversed, string first, string second) => reversed ? $"{second} + {first}" : $"{first} + {second}";
}
